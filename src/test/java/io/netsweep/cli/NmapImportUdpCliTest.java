package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netsweep import} of real {@code nmap -sU} runs (root only) against a UDP server on loopback, then
 * {@code show}, {@code diff} and {@code hosts} of the imported scans: the UDP port is seen as a UDP port everywhere.
 */
class NmapImportUdpCliTest {
    @TempDir
    Path dir;

    private Path nmap(String name, int... ports) throws Exception {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/nmap")), "nmap (Debian package nmap)");
        Prerequisites.require(Prerequisites.root(), "nmap -sU needs root");
        Path xml = dir.resolve(name);
        String list = java.util.Arrays.stream(ports).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(","));
        Process p = new ProcessBuilder("nmap", "-sU", "-Pn", "-n", "-p", list, "-oX", xml.toString(), "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return xml;
    }

    @Test
    void anImportedUdpPortIsShownDiffedAndInTheInventoryAsUdp() throws Exception {
        String db = dir.resolve("netsweep.db").toString();
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = socket.getLocalPort();
        int closed;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closed = s.getLocalPort();
        }
        Thread echo = Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[2048];
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    socket.send(new DatagramPacket("pong".getBytes(StandardCharsets.US_ASCII), 4, p.getSocketAddress()));
                }
            } catch (IOException closedByTheTest) {
                // the test closed the socket
            }
        });
        Path before;
        try {
            before = nmap("before.xml", port, closed);
        } finally {
            socket.close();
            echo.join();
        }
        Path after = nmap("after.xml", port, closed);

        CliRunner first = CliRunner.run("import", before.toString(), "--db", db);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).endsWith("(1 hosts up, 1 open ports)\n");

        String shown = CliRunner.run("show", "1", "--db", db, "-o", "json").out();
        assertThat(shown.lines().filter(l -> l.contains("\"type\":\"port\""))).as(shown).containsExactlyInAnyOrder(
                "{\"type\":\"port\",\"ip\":\"127.0.0.1\",\"port\":" + port + ",\"proto\":\"udp\",\"state\":\"open\","
                        + "\"service\":\"unknown\",\"reason\":\"udp-response\",\"rtt_ms\":null}",
                "{\"type\":\"port\",\"ip\":\"127.0.0.1\",\"port\":" + closed + ",\"proto\":\"udp\",\"state\":\"closed\","
                        + "\"service\":\"unknown\",\"reason\":\"port-unreach\",\"rtt_ms\":null}");
        assertThat(shown).contains("\"udp_ports\":\"" + io.netsweep.port.PortSet.of(port, closed) + "\"");
        assertThat(CliRunner.run("show", "1", "--db", db).out()).as("the table").containsPattern(
                "(?m)^" + port + "/udp +open ");

        CliRunner hosts = CliRunner.run("hosts", "--db", db, "-o", "json");
        assertThat(hosts.out()).as(hosts.err()).contains("\"open_ports\":[{\"port\":" + port + ",\"proto\":\"udp\"");

        assertThat(CliRunner.run("import", after.toString(), "--db", db).exitCode()).isZero();
        CliRunner diff = CliRunner.run("diff", "1", "2", "--db", db);
        assertThat(diff.out()).as(diff.err()).contains("- 127.0.0.1 " + port + "/udp closed");

        assertThat(CliRunner.run("hosts", "--db", db, "-o", "json").out()).as("no port open at the last scan")
                .contains("\"open_ports\":[]");
    }
}
