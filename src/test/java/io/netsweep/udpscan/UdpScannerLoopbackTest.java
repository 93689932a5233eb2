package io.netsweep.udpscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortProbeResult;
import io.netsweep.portscan.PortState;
import io.netsweep.portscan.ScanTiming;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The UDP scan against real UDP sockets on loopback, where the kernel sends every ICMP error (no rate limit). */
class UdpScannerLoopbackTest {

    /** A UDP server that answers every datagram with "pong", on its own thread until closed. */
    private static final class Echo implements AutoCloseable {
        final DatagramSocket socket;
        final Thread thread;

        Echo(InetAddress address) throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(address, 0));
            thread = Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[2048];
                try {
                    while (true) {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        socket.receive(p);
                        socket.send(new DatagramPacket("pong".getBytes(), 4, p.getSocketAddress()));
                    }
                } catch (java.io.IOException closed) {
                    // closed by the test
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join();
        }
    }

    /** Ports nothing listens on: bound, then released. */
    private static List<Integer> freePorts(InetAddress address, int n) throws SocketException {
        List<DatagramSocket> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0));
                held.add(s);
                ports.add(s.getLocalPort());
            }
        } finally {
            held.forEach(DatagramSocket::close);
        }
        return ports;
    }

    private static Map<Integer, PortProbeResult> scan(InetAddress host, PortSet ports) throws Exception {
        UdpRecorder recorder = new UdpRecorder(1);
        try (UdpScanner scanner = new UdpScanner(ScanTiming.defaults(), 7, recorder)) {
            scanner.submit(host, ports);
            scanner.closeInput();
            recorder.await(60);
            assertTrue(scanner.awaitTermination(java.time.Duration.ofSeconds(10)), "engine ends after its last host");
        }
        assertEquals(List.of(host), recorder.completed());
        return recorder.byPort(host);
    }

    private static void answeringPortOpenOthersClosed(InetAddress host) throws Exception {
        try (Echo echo = new Echo(host)) {
            List<Integer> closed = freePorts(host, 20);
            int[] all = new int[closed.size() + 1];
            for (int i = 0; i < closed.size(); i++) {
                all[i] = closed.get(i);
            }
            all[closed.size()] = echo.port();
            Map<Integer, PortProbeResult> results = scan(host, PortSet.of(all));
            assertEquals(all.length, results.size(), "one result per port: " + results);
            PortProbeResult open = results.get(echo.port());
            assertEquals(PortState.OPEN, open.state());
            assertEquals("udp-response", open.reason());
            assertTrue(open.rtt().isPresent(), "an answer to a first probe measures the round trip");
            for (int port : closed) {
                assertEquals(PortState.CLOSED, results.get(port).state(), "port " + port);
                assertEquals("port-unreach", results.get(port).reason(), "port " + port);
            }
        }
    }

    @Test
    void answeringPortIsOpenAndPortUnreachableIsClosedOnIpv4() throws Exception {
        answeringPortOpenOthersClosed(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void answeringPortIsOpenAndPortUnreachableIsClosedOnIpv6() throws Exception {
        answeringPortOpenOthersClosed(InetAddress.getByName("::1"));
    }

    @Test
    void aHostWithNoPortsCompletesAtOnce() throws Exception {
        InetAddress host = InetAddress.getByName("127.0.0.1");
        UdpRecorder recorder = new UdpRecorder(1);
        try (UdpScanner scanner = new UdpScanner(ScanTiming.defaults(), 7, recorder)) {
            scanner.submit(host, PortSet.empty());
            scanner.closeInput();
            recorder.await(10);
        }
        assertEquals(List.of(), recorder.results());
        assertEquals(List.of(host), recorder.completed());
    }
}
