package io.netsweep.portscan;

import io.netsweep.port.PortSet;
import io.netsweep.sys.Epoll;
import io.netsweep.sys.Errno;
import io.netsweep.sys.NativeException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Scenarios that need a network of their own; {@link NamespaceScenariosTest} runs each in a child JVM inside
 * a fresh network namespace (only loopback exists there) and checks the {@code key=value} lines it prints.
 * Refuses to run outside a namespace it can recognise as fresh (no interface but lo).
 */
public final class NamespaceScenarios {
    private static final InetAddress V4 = InetAddress.getLoopbackAddress();
    private static final Duration WAIT = Duration.ofMinutes(2);

    private NamespaceScenarios() {
    }

    public static void main(String[] args) throws Exception {
        requireFreshNamespace();
        run("ip", "link", "set", "lo", "up");
        EngineOptions options = EngineOptions.defaults()
                .withIo(args.length > 1 ? EngineOptions.Io.valueOf(args[1]) : EngineOptions.Io.AUTO);
        switch (args[0]) {
            case "fullrange" -> fullRange(options);
            case "emfile" -> emfile(options);
            case "verdicts" -> verdicts(options);
            case "selfconnect" -> selfConnect(options);
            case "epollsetup" -> epollSetup();
            case "shards" -> shards();
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
        System.out.flush();
    }

    /** 1-65535 on 127.0.0.1 and ::1 with listeners and a dropped range, under several limits. */
    private static void fullRange(EngineOptions options) throws Exception {
        nft(dropRange("20000-20299"));
        InetAddress v6 = InetAddress.getByName("::1");
        List<ServerSocket> listeners = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                listeners.add(new ServerSocket(0, 50, V4));
            }
            listeners.add(new ServerSocket(22, 50, V4));
            listeners.add(new ServerSocket(65535, 50, V4));
            listeners.add(new ServerSocket(0, 50, v6));
            listeners.add(new ServerSocket(443, 50, v6));
            print("listeners.v4", ports(listeners, V4));
            print("listeners.v6", ports(listeners, v6));
            ScanTiming t4 = ScanTiming.defaults();
            scanAll("t4", t4, options, V4);
            scanAll("c50", t4.withConcurrency(50), options, V4);
            scanAll("budget", t4, options.withFdBudget(30), V4);
            scanAll("v6", t4, options, v6);
        } finally {
            for (ServerSocket s : listeners) {
                s.close();
            }
        }
    }

    /**
     * Three engine threads split a 5,000-port submission around a listener, while a second host gets two ports:
     * each port gets one result, each host one completion after its results. Here nothing but the scenario's
     * own listener can be open, whatever else runs on the machine.
     */
    private static void shards() throws Exception {
        try (ServerSocket open = new ServerSocket(0, 50, V4)) {
            int first = Math.max(1, Math.min(open.getLocalPort() - 2500, 65535 - 4999));
            PortSet big = PortSet.range(first, first + 4999);
            InetAddress other = InetAddress.getByName("127.0.0.2");
            RecordingListener l = new RecordingListener();
            try (ConnectScanner s = new ConnectScanner(ScanTiming.defaults(), 1, l,
                    EngineOptions.defaults().withShards(3))) {
                print("shards.engines", String.valueOf(s.shards()));
                s.submit(V4, big);
                s.submit(other, PortSet.of(open.getLocalPort(), 1));
                s.closeInput();
                print("shards.done", String.valueOf(s.awaitTermination(WAIT)));
                print("shards.failure", s.failure().map(Throwable::toString).orElse(""));
                print("shards.pending", String.valueOf(s.probesPending()));
            }
            print("shards.listener", String.valueOf(open.getLocalPort()));
            print("shards.v4.results", String.valueOf(l.byPort(V4).size()));
            print("shards.v4.outside", String.valueOf(l.byPort(V4).keySet().stream().filter(p -> !big.contains(p)).count()));
            print("shards.v4.open", l.openPorts(V4).stream().map(String::valueOf).collect(Collectors.joining(",")));
            print("shards.other.results", String.valueOf(l.byPort(other).size()));
            String order;
            try {
                l.assertEachHostCompletedOnceAfterItsResults(java.util.Set.of(V4, other));
                order = "ok";
            } catch (AssertionError e) {
                order = e.getMessage().replaceAll("\\s+", " ");
            }
            print("shards.completions", order);
            print("shards.threads", String.join(",", new java.util.TreeSet<>(l.threads())));
        }
    }

    /** The process fd limit is far below the budget the engine is told: EMFILE must slow it, not lose ports. */
    private static void emfile(EngineOptions options) throws Exception {
        nft(dropRange("10000-19999"));
        List<ServerSocket> listeners = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                listeners.add(new ServerSocket(0, 50, V4));
            }
            print("listeners.v4", ports(listeners, V4));
            print("fdlimit", String.valueOf(FdBudget.softLimitFromProc().orElse(-1)));
            ScanTiming timing = ScanTiming.defaults().withConcurrency(2000)
                    .withFixedTimeout(Duration.ofMillis(100)).withRetries(0);
            scanAll("emfile", timing, options.withFdBudget(2000), V4);
        } finally {
            for (ServerSocket s : listeners) {
                s.close();
            }
        }
    }

    /**
     * Every descriptor of the process is taken when the epoll layer opens, so {@code epoll_create1} fails with
     * EMFILE: the layer must be refused (the engine then takes NIO) and free its native memory and descriptors.
     */
    private static void epollSetup() throws Exception {
        // Load and bind all of the path now: class files cannot be read once descriptors run out.
        EpollConnectIo.open().orElseThrow().close();
        Class.forName(NativeException.class.getName());
        long before = LoopbackFixtures.openFds();
        List<FileInputStream> fillers = new ArrayList<>();
        Arena arena = Arena.ofShared();
        Optional<EpollConnectIo> io;
        Errno errno = Errno.NONE;
        try {
            try {
                while (true) {
                    fillers.add(new FileInputStream("/dev/null"));
                }
            } catch (IOException full) {
                // EMFILE: no descriptor left
            }
            io = EpollConnectIo.open(arena);
            try (Arena direct = Arena.ofConfined()) {
                Epoll.open(direct).close();
            } catch (NativeException e) {
                errno = e.errno();
            }
        } finally {
            for (FileInputStream f : fillers) {
                f.close();
            }
        }
        print("epoll.opened", String.valueOf(io.isPresent()));
        print("epoll.errno", errno.name());
        print("arena.alive", String.valueOf(arena.scope().isAlive()));
        print("fds.left", String.valueOf(LoopbackFixtures.openFds() - before));
        print("fillers", String.valueOf(fillers.size()));
        io.ifPresent(EpollConnectIo::close);
        EpollConnectIo again = EpollConnectIo.open().orElseThrow(); // descriptors back: it opens again
        again.close();
    }

    /** What drop and reject rules and prohibit/unreachable/throw/blackhole routes turn into. */
    private static void verdicts(EngineOptions options) throws Exception {
        nft("""
                table inet nsw_portscan {
                  counter dropped4 { }
                  counter dropped6 { }
                  set sockets4 { type inet_service; flags dynamic; }
                  set sockets6 { type inet_service; flags dynamic; }
                  chain input {
                    type filter hook input priority 0;
                    meta nfproto ipv4 tcp dport 1001 add @sockets4 { tcp sport } counter name dropped4 drop
                    meta nfproto ipv6 tcp dport 1001 add @sockets6 { tcp sport } counter name dropped6 drop
                    meta nfproto ipv4 tcp dport 1002 reject with icmp type admin-prohibited
                    tcp dport 1003 reject with tcp reset
                    meta nfproto ipv6 tcp dport 1004 reject with icmpv6 type admin-prohibited
                    meta nfproto ipv6 tcp dport 1008 reject with icmpv6 type no-route
                    meta nfproto ipv6 tcp dport 1009 reject with icmpv6 type addr-unreachable
                    meta nfproto ipv4 tcp dport 1005 reject with icmp type net-unreachable
                  }
                }
                """);
        run("ip", "route", "add", "prohibit", "127.0.0.77/32", "table", "local");
        run("ip", "route", "add", "unreachable", "127.0.0.78/32", "table", "local");
        run("ip", "route", "add", "throw", "127.0.0.79/32", "table", "local");
        run("ip", "route", "add", "blackhole", "127.0.0.80/32", "table", "local");
        InetAddress v6 = InetAddress.getByName("::1");
        try (ServerSocket open = new ServerSocket(0, 50, V4)) {
            print("open.port", String.valueOf(open.getLocalPort()));
            Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
            EngineOptions traced = options.withTrace((a, p, attempt, t, n) ->
                    attempts.computeIfAbsent(a.getHostAddress() + "." + p, k -> new AtomicInteger()).incrementAndGet());
            ScanTiming timing = ScanTiming.defaults().withFixedTimeout(Duration.ofMillis(300)).withRetries(2);
            RecordingListener l = new RecordingListener();
            try (ConnectScanner s = new ConnectScanner(timing, 1, l, traced)) {
                print("verdicts.io", s.ioType().getSimpleName());
                s.submit(V4, PortSet.of(1001, 1002, 1003, 1005, open.getLocalPort()));
                s.submit(v6, PortSet.of(1001, 1003));
                for (String a : List.of("127.0.0.77", "127.0.0.78", "127.0.0.79", "127.0.0.80")) {
                    s.submit(InetAddress.getByName(a), PortSet.of(80));
                }
                s.closeInput();
                finish("verdicts", s);
            }
            // On loopback the kernel handles an ICMP error while connect() still holds the socket, so the first
            // one is only a soft error, which not every socket layer reads back for IPv6; the one answering the
            // kernel's own SYN retransmission, 1 s later, is reported. Hence a longer timeout here.
            ScanTiming slow = ScanTiming.defaults().withFixedTimeout(Duration.ofMillis(2500)).withRetries(0);
            try (ConnectScanner s = new ConnectScanner(slow, 1, l, traced)) {
                s.submit(v6, PortSet.of(1004, 1008, 1009));
                s.closeInput();
                finish("verdicts6", s);
            }
            for (PortProbeResult r : l.results()) {
                String key = r.address().getHostAddress() + "." + r.port();
                AtomicInteger n = attempts.get(key);
                print("r." + key.replace(':', '_'), r.state().label() + "/" + r.reason() + "/" + (n == null ? 0 : n.get()));
            }
        }
        print("syns.dropped4", nftPackets("dropped4"));
        print("syns.dropped6", nftPackets("dropped6"));
        print("sockets.dropped4", String.valueOf(nftSetSize("sockets4")));
        print("sockets.dropped6", String.valueOf(nftSetSize("sockets6")));
    }

    /**
     * Ephemeral ports where nothing listens. First the normal range; then the range is narrowed to 16 ports
     * (a per-namespace sysctl) and those very ports are scanned over and over, so that the kernel picks the
     * target port as source port again and again: the socket connects to itself, which must never be open.
     */
    private static void selfConnect(EngineOptions options) throws Exception {
        scanAll("ephemeral", ScanTiming.defaults(), options, V4, PortSet.range(32768, 60999));
        run("sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=40000 40015");
        RecordingListener l = new RecordingListener();
        ScanControl.Stats stats;
        try (ConnectScanner s = new ConnectScanner(ScanTiming.defaults().withConcurrency(4), 1, l, options)) {
            for (int i = 0; i < 100; i++) {
                s.submit(V4, PortSet.range(40000, 40015));
            }
            s.closeInput();
            finish("narrow", s);
            stats = s.stats();
        }
        print("narrow.results", String.valueOf(l.results().size()));
        print("narrow.states", l.results().stream()
                .collect(Collectors.groupingBy(r -> r.state().label() + "/" + r.reason(), TreeMap::new,
                        Collectors.counting())).toString());
        print("narrow.selfConnects", String.valueOf(stats.selfConnects()));
    }

    private static void scanAll(String name, ScanTiming timing, EngineOptions options, InetAddress host)
            throws Exception {
        scanAll(name, timing, options, host, PortSet.range(1, 65535));
    }

    private static void scanAll(String name, ScanTiming timing, EngineOptions options, InetAddress host,
            PortSet ports) throws Exception {
        RecordingListener l = new RecordingListener();
        long start = System.nanoTime();
        try (ConnectScanner s = new ConnectScanner(timing, 7, l, options)) {
            s.submit(host, ports);
            s.closeInput();
            finish(name, s);
            print(name + ".ms", String.valueOf((System.nanoTime() - start) / 1_000_000));
            ScanControl.Stats stats = s.stats();
            print(name + ".maxInFlight", String.valueOf(stats.maxInFlight()));
            print(name + ".selfConnects", String.valueOf(stats.selfConnects()));
            print(name + ".shortages", String.valueOf(stats.shortages()));
            print(name + ".sent", String.valueOf(s.probesSent()));
        }
        Map<Integer, PortProbeResult> byPort = l.byPort(host); // asserts one result per port
        print(name + ".results", String.valueOf(l.results().size()));
        print(name + ".distinct", String.valueOf(byPort.size()));
        for (PortState state : PortState.values()) {
            int[] ps = byPort.values().stream().filter(r -> r.state() == state).mapToInt(PortProbeResult::port).toArray();
            print(name + "." + state.label(), ps.length == 0 ? "" : PortSet.of(ps).toString());
        }
        print(name + ".completions", String.valueOf(l.completions().size()));
    }

    static void finish(String name, ConnectScanner s) throws InterruptedException {
        boolean done = s.awaitTermination(WAIT);
        print(name + ".done", String.valueOf(done));
        print(name + ".failure", s.failure().map(Throwable::toString).orElse(""));
    }

    private static String ports(List<ServerSocket> listeners, InetAddress a) {
        int[] ps = listeners.stream().filter(s -> s.getInetAddress().equals(a)).mapToInt(ServerSocket::getLocalPort)
                .toArray();
        return PortSet.of(ps).toString();
    }

    /** Elements of a set of table {@code inet nsw_portscan}. */
    private static int nftSetSize(String set) throws IOException, InterruptedException {
        String out = run("nft", "list", "set", "inet", "nsw_portscan", set);
        int open = out.indexOf("elements = {");
        if (open < 0) {
            return 0;
        }
        String elements = out.substring(open + "elements = {".length(), out.indexOf('}', open));
        return elements.isBlank() ? 0 : elements.split(",").length;
    }

    static String nftPackets(String counter) throws IOException, InterruptedException {
        String out = run("nft", "list", "counter", "inet", "nsw_portscan", counter);
        String[] words = out.trim().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("packets")) {
                return words[i + 1];
            }
        }
        throw new IOException("no packet count in: " + out);
    }

    static void requireFreshNamespace() throws IOException, InterruptedException {
        String links = run("ip", "-o", "link", "show");
        if (links.lines().count() != 1 || !links.contains(": lo:")) {
            throw new IllegalStateException("not in a fresh network namespace; refusing to touch this one:\n" + links);
        }
    }

    private static String dropRange(String ports) {
        return """
                table inet nsw_portscan {
                  chain input {
                    type filter hook input priority 0;
                    tcp dport %s drop
                  }
                }
                """.formatted(ports);
    }

    static void nft(String rules) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("nft", "-f", "-").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(rules.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("nft failed: " + out);
        }
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    /** One {@code key=value} line; keys must not contain ':' or '=' (java.util.Properties syntax). */
    static void print(String key, String value) {
        System.out.println(key + "=" + value);
    }
}
