package io.netsweep.portscan;

import static io.netsweep.portscan.NamespaceScenarios.finish;
import static io.netsweep.portscan.NamespaceScenarios.nft;
import static io.netsweep.portscan.NamespaceScenarios.nftPackets;
import static io.netsweep.portscan.NamespaceScenarios.print;
import static io.netsweep.portscan.NamespaceScenarios.requireFreshNamespace;
import static io.netsweep.portscan.NamespaceScenarios.run;

import io.netsweep.port.PortSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SYN scan scenarios that need a network of their own; {@link SynScanTest} runs each in a child JVM inside a fresh
 * network namespace (only loopback exists there) and checks the {@code key=value} lines it prints.
 */
public final class SynScenarios {
    private static final InetAddress V4 = InetAddress.getLoopbackAddress();

    private SynScenarios() {
    }

    public static void main(String[] args) throws Exception {
        requireFreshNamespace();
        run("ip", "link", "set", "lo", "up");
        switch (args[0]) {
            case "verdicts" -> verdicts();
            case "forged" -> forged();
            case "everything" -> everything();
            case "fullrange" -> fullRange();
            case "lostsynack" -> lostSynAck();
            case "sweep" -> sweep(false);
            case "lossysweep" -> sweep(true);
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
        System.out.flush();
    }

    /**
     * Listeners, closed ports, drops and rejects, IPv4 and IPv6: each answer maps to its verdict. The local firewall
     * refuses the SYNs to port 1005 as they leave: a refusal in the middle of a batch of SYNs.
     */
    private static void verdicts() throws Exception {
        nft("""
                table inet nsw_portscan {
                  counter dropped4 { }
                  counter dropped6 { }
                  chain input {
                    type filter hook input priority 0;
                    meta nfproto ipv4 tcp dport 1001 counter name dropped4 drop
                    meta nfproto ipv6 tcp dport 1001 counter name dropped6 drop
                    meta nfproto ipv4 tcp dport 1002 reject with icmp type admin-prohibited
                    tcp dport 1003 reject with tcp reset
                    meta nfproto ipv6 tcp dport 1004 reject with icmpv6 type admin-prohibited
                    meta nfproto ipv4 tcp dport 1006 reject with icmp type port-unreachable
                    meta nfproto ipv6 tcp dport 1007 reject with icmpv6 type port-unreachable
                    meta nfproto ipv4 tcp dport 1008 reject with icmp type net-unreachable
                  }
                  chain output {
                    type filter hook output priority 0;
                    tcp dport 1005 tcp flags syn drop
                  }
                }
                """);
        InetAddress v6 = InetAddress.getByName("::1");
        try (ServerSocket open4 = new ServerSocket(0, 50, V4); ServerSocket open6 = new ServerSocket(0, 50, v6)) {
            print("open4.port", String.valueOf(open4.getLocalPort()));
            print("open6.port", String.valueOf(open6.getLocalPort()));
            Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
            EngineOptions traced = EngineOptions.defaults().withTrace((a, p, attempt, t, n) ->
                    attempts.computeIfAbsent(a.getHostAddress() + "." + p, k -> new AtomicInteger()).incrementAndGet());
            ScanTiming timing = ScanTiming.defaults().withFixedTimeout(Duration.ofMillis(300)).withRetries(2);
            RecordingListener l = new RecordingListener();
            try (ConnectScanner s = ConnectScanner.syn(timing, 1, l, traced).orElseThrow()) {
                print("verdicts.type", s.type().label());
                print("verdicts.io", s.ioType().getSimpleName());
                s.submit(V4, PortSet.of(1001, 1002, 1003, 1005, 1006, 1008, 1010, open4.getLocalPort()));
                s.submit(v6, PortSet.of(1001, 1003, 1004, 1005, 1007, 1010, open6.getLocalPort()));
                s.closeInput();
                finish("verdicts", s);
            }
            for (PortProbeResult r : l.results()) {
                String key = r.address().getHostAddress() + "." + r.port();
                AtomicInteger n = attempts.get(key);
                print("r." + key.replace(':', '_'), r.state().label() + "/" + r.reason() + "/" + (n == null ? 0 : n.get()));
            }
            l.assertEachHostCompletedOnceAfterItsResults(java.util.Set.of(V4, v6));
            // An open port's half-open connection was reset by the kernel: nothing waits to be accepted.
            open4.setSoTimeout(200);
            print("open4.accepted", String.valueOf(accepted(open4)));
        }
        print("syns.dropped4", nftPackets("dropped4"));
        print("syns.dropped6", nftPackets("dropped6"));
    }

    /**
     * A listener whose first SYN-ACK is lost on the way out (IPv4 and IPv6): the target holds the half-open
     * connection of the first attempt when the retransmission comes, well before its own SYN-ACK retransmission
     * (one second). Prints each port's state/reason/attempts and how many SYN-ACKs were dropped.
     */
    private static void lostSynAck() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        try (ServerSocket open4 = new ServerSocket(0, 50, V4); ServerSocket open6 = new ServerSocket(0, 50, v6)) {
            // numgen inc numbers the SYN-ACKs each rule sees from 0 on: the first one of each port is dropped
            nft("""
                    table inet nsw_portscan {
                      counter lost4 { }
                      counter lost6 { }
                      chain output {
                        type filter hook output priority 0;
                        meta nfproto ipv4 tcp sport %d tcp flags & (syn | ack) == syn | ack \
                            numgen inc mod 1000000 == 0 counter name lost4 drop
                        meta nfproto ipv6 tcp sport %d tcp flags & (syn | ack) == syn | ack \
                            numgen inc mod 1000000 == 0 counter name lost6 drop
                      }
                    }
                    """.formatted(open4.getLocalPort(), open6.getLocalPort()));
            Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
            EngineOptions traced = EngineOptions.defaults().withTrace((a, p, attempt, t, n) ->
                    attempts.computeIfAbsent(a.getHostAddress() + "." + p, k -> new AtomicInteger()).incrementAndGet());
            // The retransmission leaves after 200 ms, long before the target's own SYN-ACK retransmission.
            ScanTiming timing = ScanTiming.defaults().withFixedTimeout(Duration.ofMillis(200)).withRetries(2);
            RecordingListener l = new RecordingListener();
            try (ConnectScanner s = ConnectScanner.syn(timing, 1, l, traced).orElseThrow()) {
                s.submit(V4, PortSet.of(open4.getLocalPort()));
                s.submit(v6, PortSet.of(open6.getLocalPort()));
                s.closeInput();
                finish("lostsynack", s);
            }
            for (PortProbeResult r : l.results()) {
                String key = r.address().getHostAddress() + "." + r.port();
                AtomicInteger n = attempts.get(key);
                print("r." + (r.address().equals(V4) ? "v4" : "v6"),
                        r.state().label() + "/" + r.reason() + "/" + (n == null ? 0 : n.get()));
            }
        }
        print("synacks.lost4", nftPackets("lost4"));
        print("synacks.lost6", nftPackets("lost6"));
    }

    /**
     * A sweep of 4,096 addresses of 127.1.0.0/20, port 9, at 2,000 SYNs a second: 127.1.0.0/24 answers (a reset:
     * nothing listens), the rest is dropped (silent). With {@code lossy}, each of 127.1.0.0/26 loses its first reset
     * on the way out, so those 64 hosts answer only a retransmission. Prints the states, how many hosts answered
     * only attempt 2, the SYNs the silent addresses got, and the loss samples sent.
     */
    private static void sweep(boolean lossy) throws Exception {
        nft("""
                table inet nsw_portscan {
                  set seen { type ipv4_addr; flags dynamic; }
                  counter silent { }
                  counter lost { }
                  chain input {
                    type filter hook input priority 0;
                    ip daddr 127.1.1.0-127.1.15.255 tcp dport 9 counter name silent drop
                  }
                  chain output {
                    type filter hook output priority 0;
                    %s
                  }
                }
                """.formatted(lossy ? """
                    ip saddr 127.1.0.0/26 tcp sport 9 tcp flags & rst == rst ip saddr @seen accept
                    ip saddr 127.1.0.0/26 tcp sport 9 tcp flags & rst == rst add @seen { ip saddr } \
                        counter name lost drop""" : ""));
        List<InetAddress> hosts = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            hosts.add(InetAddress.getByAddress(new byte[] {127, 1, (byte) (i >> 8), (byte) i}));
        }
        java.util.Collections.shuffle(hosts, new java.util.Random(17)); // answering hosts spread over the sweep
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        AtomicInteger samples = new AtomicInteger();
        EngineOptions traced = EngineOptions.defaults().withTrace(new ProbeTrace() {
            @Override
            public void onSend(InetAddress a, int port, int attempt, long timeoutNanos, int inFlight) {
                attempts.computeIfAbsent(a.getHostAddress(), k -> new AtomicInteger()).incrementAndGet();
            }

            @Override
            public void onSample(InetAddress a, int port) {
                samples.incrementAndGet();
            }
        });
        RecordingListener l = new RecordingListener();
        try (ConnectScanner s = ConnectScanner.syn(ScanTiming.defaults().withRate(2000), 5, l, traced)
                .orElseThrow()) {
            for (InetAddress h : hosts) {
                s.submit(h, PortSet.of(9));
            }
            s.closeInput();
            finish("sweep", s);
        }
        Map<String, Integer> states = new TreeMap<>();
        int lateAnswers = 0;
        int lossyFound = 0;
        for (PortProbeResult r : l.results()) {
            byte[] a = r.address().getAddress();
            boolean answering = a[2] == 0;
            states.merge((answering ? "answering." : "silent.") + r.state().label() + "/" + r.reason(), 1,
                    Integer::sum);
            int n = attempts.get(r.address().getHostAddress()).get();
            if (answering && r.state() == PortState.CLOSED && n > 1) {
                lateAnswers++;
            }
            if (answering && (a[3] & 0xFF) < 64 && r.state() == PortState.CLOSED) {
                lossyFound++;
            }
        }
        print("sweep.results", String.valueOf(l.results().size()));
        states.forEach((k, v) -> print("sweep." + k, String.valueOf(v)));
        print("sweep.lateanswers", String.valueOf(lateAnswers));
        print("sweep.lossyfound", String.valueOf(lossyFound));
        print("sweep.samples", String.valueOf(samples.get()));
        print("syns.silent", nftPackets("silent"));
        print("resets.lost", nftPackets("lost"));
    }

    private static boolean accepted(ServerSocket s) throws IOException {
        try (var c = s.accept()) {
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    /**
     * 1-65535 on 127.0.0.1 and ::1 with listeners, a dropped range, and a range whose SYNs the local firewall refuses
     * as they leave (refusals inside full batches, which a thread of their own sends): exactly the listeners are
     * open, and each refused port is filtered for that reason after one attempt.
     */
    private static void fullRange() throws Exception {
        nft("""
                table inet nsw_portscan {
                  chain input {
                    type filter hook input priority 0;
                    tcp dport 20000-20299 drop
                  }
                  chain output {
                    type filter hook output priority 0;
                    tcp dport 30000-30099 tcp flags syn drop
                  }
                }
                """);
        InetAddress v6 = InetAddress.getByName("::1");
        List<ServerSocket> listeners = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                listeners.add(new ServerSocket(0, 50, i % 4 == 3 ? v6 : V4));
            }
            listeners.add(new ServerSocket(22, 50, V4));
            listeners.add(new ServerSocket(65535, 50, V4));
            listeners.add(new ServerSocket(1, 50, v6));
            for (InetAddress host : List.of(V4, v6)) {
                String name = host == V4 ? "v4" : "v6";
                print(name + ".listeners", PortSet.of(listeners.stream().filter(l -> l.getInetAddress().equals(host))
                        .mapToInt(ServerSocket::getLocalPort).toArray()).toString());
                RecordingListener l = new RecordingListener();
                try (ConnectScanner s = ConnectScanner.syn(ScanTiming.defaults(), 7, l, EngineOptions.defaults())
                        .orElseThrow()) {
                    s.submit(host, PortSet.range(1, 65535));
                    s.closeInput();
                    finish(name, s);
                    print(name + ".sent", String.valueOf(s.probesSent()));
                }
                Map<Integer, PortProbeResult> byPort = l.byPort(host);
                print(name + ".results", String.valueOf(byPort.size()));
                for (PortState state : PortState.values()) {
                    print(name + "." + state.label(), PortSet.of(byPort.values().stream().filter(r -> r.state() == state)
                            .mapToInt(PortProbeResult::port).toArray()).toString());
                }
                print(name + ".admin-prohibited", PortSet.of(byPort.values().stream()
                        .filter(r -> r.reason().equals(ProbeVerdict.ADMIN_PROHIBITED.label()))
                        .mapToInt(PortProbeResult::port).toArray()).toString());
                l.assertEachHostCompletedOnceAfterItsResults(java.util.Set.of(host));
            }
        } finally {
            for (ServerSocket s : listeners) {
                s.close();
            }
        }
    }

    /**
     * Forged and stray answers from lab/forge_tcp.py while the scan runs: blind guesses at the cookie for dropped
     * ports, real answers replayed from other ports and another address, duplicates. None may mark a port.
     */
    private static void forged() throws Exception {
        run("ip", "addr", "add", "::2/128", "dev", "lo");
        nft("""
                table inet nsw_portscan {
                  chain input {
                    type filter hook input priority 0;
                    tcp dport 2001-2010 drop
                  }
                }
                """);
        InetAddress v6 = InetAddress.getByName("::1");
        try (ServerSocket open4 = new ServerSocket(0, 50, V4); ServerSocket open6 = new ServerSocket(0, 50, v6)) {
            print("open4.port", String.valueOf(open4.getLocalPort()));
            print("open6.port", String.valueOf(open6.getLocalPort()));
            ScanTiming timing = ScanTiming.defaults().withFixedTimeout(Duration.ofMillis(1500)).withRetries(1);
            RecordingListener l = new RecordingListener();
            try (ConnectScanner s = ConnectScanner.syn(timing, 1, l, EngineOptions.defaults()).orElseThrow()) {
                Process forger = forger(s.synSourcePort(), "2001-2010");
                try {
                    PortSet ports = PortSet.range(2001, 2010).union(PortSet.of(3000));
                    s.submit(V4, ports.union(PortSet.of(open4.getLocalPort())));
                    s.submit(v6, ports.union(PortSet.of(open6.getLocalPort())));
                    s.closeInput();
                    finish("forged", s);
                } finally {
                    print("forger.sent", stop(forger));
                }
            }
            Map<String, String> byState = new TreeMap<>();
            l.byPort(V4);
            l.byPort(v6); // asserts one result per port
            for (PortProbeResult r : l.results()) {
                String key = r.address().getHostAddress().replace(':', '_') + "." + r.port();
                byState.put(key, r.state().label() + "/" + r.reason());
            }
            byState.forEach((k, v) -> print("r." + k, v));
            print("results", String.valueOf(l.results().size()));
            l.assertEachHostCompletedOnceAfterItsResults(java.util.Set.of(V4, v6));
        }
    }

    /** A host that answers a SYN-ACK to every port (lab/forge_tcp.py answering for 127.0.0.3), and one that does not. */
    private static void everything() throws Exception {
        nft("""
                table inet nsw_portscan {
                  chain input {
                    type filter hook input priority 0;
                    ip daddr { 127.0.0.3, 127.0.0.4 } tcp flags syn drop
                  }
                }
                """);
        ScanTiming timing = ScanTiming.defaults().withFixedTimeout(Duration.ofMillis(1500)).withRetries(1);
        RecordingListener l = new RecordingListener();
        InetAddress all = InetAddress.getByName("127.0.0.3");
        InetAddress few = InetAddress.getByName("127.0.0.4");
        try (ConnectScanner s = ConnectScanner.syn(timing, 1, l, EngineOptions.defaults()).orElseThrow()) {
            Process forger = forger(s.synSourcePort(), "answer-all");
            try {
                s.submit(all, PortSet.range(5000, 5099));
                s.submit(few, PortSet.range(5000, 5009));
                s.submit(V4, PortSet.range(5000, 5099));
                s.closeInput();
                finish("everything", s);
            } finally {
                stop(forger);
            }
        }
        for (InetAddress a : List.of(all, few, V4)) {
            Map<String, Integer> reasons = new TreeMap<>();
            for (PortProbeResult r : l.byPort(a).values()) {
                reasons.merge(r.state().label() + "/" + r.reason(), 1, Integer::sum);
            }
            print("reasons." + a.getHostAddress(), reasons.toString());
        }
    }

    /** Stops the forger (its standard input closed); returns how many packets it sent. */
    private static String stop(Process forger) throws IOException, InterruptedException {
        forger.getOutputStream().close();
        String out = new String(forger.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!forger.waitFor(10, TimeUnit.SECONDS)) {
            forger.destroyForcibly();
        }
        return out.lines().filter(x -> x.startsWith("sent ")).map(x -> x.substring(5)).findFirst().orElse("0");
    }

    /** Starts lab/forge_tcp.py against the scan's source port; returns once it says it is ready. */
    private static Process forger(int sourcePort, String mode) throws IOException {
        Path script = Path.of("lab", "forge_tcp.py").toAbsolutePath();
        if (!Files.isRegularFile(script)) {
            throw new IOException("no " + script);
        }
        Process p = new ProcessBuilder("python3", script.toString(), "--port", String.valueOf(sourcePort),
                "--mode", mode).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        StringBuilder first = new StringBuilder(); // byte by byte: nothing after the line is consumed here
        for (int c; (c = p.getInputStream().read()) >= 0 && c != '\n'; ) {
            first.append((char) c);
        }
        String line = first.toString();
        if (!"ready".equals(line)) {
            p.destroyForcibly();
            throw new IOException("forger did not start: " + line);
        }
        return p;
    }
}
