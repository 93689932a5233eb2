package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code netsweep -sU -sT} on loopback against a real UDP server and a real TCP listener: one host, its TCP and
 * UDP ports each reported once with their protocol, and the scan ends once both scans are done with it.
 */
class UdpScanLoopbackCliTest {

    @Test
    void udpAndTcpScansOfOneHostReportEachPortOnceWithItsProtocol() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(lo, 0));
             ServerSocket tcp = new ServerSocket(0, 50, lo)) {
            Thread answering = Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[1500];
                try {
                    while (true) {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        udp.receive(p);
                        udp.send(new DatagramPacket(new byte[] {'o', 'k'}, 2, p.getSocketAddress()));
                    }
                } catch (java.io.IOException closed) {
                    // closed by the test
                }
            });
            int closedUdp;
            try (DatagramSocket gone = new DatagramSocket(new InetSocketAddress(lo, 0))) {
                closedUdp = gone.getLocalPort();
            }
            int openUdp = udp.getLocalPort(); // a closed socket forgets its port
            String ports = "U:" + openUdp + "," + closedUdp + ",T:" + tcp.getLocalPort();
            CliRunner r = CliRunner.run("-sU", "-sT", "-Pn", "-n", "--no-save", "--show", "all", "-o", "json", "-p",
                    ports, "127.0.0.1");
            udp.close();
            answering.join();
            assertThat(r.exitCode()).as(r.err()).isZero();
            ObjectMapper m = new ObjectMapper();
            List<String> seen = new ArrayList<>();
            for (String line : r.out().lines().toList()) {
                JsonNode e = m.readTree(line);
                switch (e.get("type").asText()) {
                    case "port" -> seen.add(e.get("port").asInt() + "/" + e.get("proto").asText() + " "
                            + e.get("state").asText());
                    default -> { }
                }
            }
            assertThat(seen).containsExactlyInAnyOrder(openUdp + "/udp open", closedUdp + "/udp closed",
                    tcp.getLocalPort() + "/tcp open");
            assertThat(r.out()).contains("\"type\":\"finished\"");
        }
    }
}
