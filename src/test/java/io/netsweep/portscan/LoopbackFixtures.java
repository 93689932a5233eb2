package io.netsweep.portscan;

import io.netsweep.port.PortSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Real loopback listeners for the tests: open, closed and "jammed" (SYNs dropped) ports. */
final class LoopbackFixtures {
    private LoopbackFixtures() {
    }

    /**
     * {@code count} ports on {@code address} where nothing listens, each checked by binding it. They lie below the
     * ephemeral range, so no other program's {@code bind(0)} or {@code connect} can take one meanwhile, as it could
     * take a port just freed there; a port some program listens on is skipped.
     */
    static PortSet closedPorts(InetAddress address, int count) throws IOException {
        // readAllLines, not readString: on this procfs file (size 0) readString returned "3" of "32768 60999".
        String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim()
                .split("\\s+");
        int below = Integer.parseInt(range[0]);
        java.util.TreeSet<Integer> ports = new java.util.TreeSet<>();
        for (int port = Math.max(1024, below - 4096); port < below && ports.size() < count; port++) {
            try (ServerSocket s = new ServerSocket(port, 1, address)) {
                ports.add(s.getLocalPort());
            } catch (java.net.BindException taken) {
                // someone listens there
            }
        }
        if (ports.size() < count) {
            throw new IOException("fewer than " + count + " free ports below " + below);
        }
        return PortSet.of(ports.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * A listener whose accept queue is full and never drained: the kernel drops every further SYN to it, so
     * connects hang as they do towards a firewall that drops. Loopback only.
     */
    static final class JammedPort implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> fillers = new ArrayList<>();

        JammedPort(InetAddress address) throws IOException {
            server = new ServerSocket(0, 1, address);
            try {
                for (int i = 0; i < 16; i++) {
                    Socket s = new Socket();
                    try {
                        // A listener with room answers inside connect(); 100 ms without answer means full.
                        s.connect(new InetSocketAddress(address, server.getLocalPort()), 100);
                        fillers.add(s);
                    } catch (SocketTimeoutException full) {
                        s.close();
                        return;
                    }
                }
                throw new IOException("accept queue of port " + server.getLocalPort() + " never filled");
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket s : fillers) {
                s.close();
            }
            server.close();
        }
    }

    /** Open file descriptors of this process. */
    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    static boolean engineThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(ConnectScanner.THREAD_NAME) && t.isAlive());
    }
}
