package io.netsweep.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.lab.LabNetwork;
import io.netsweep.lab.LabNetwork.Host;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Host discovery against the lab LAN: ground truth from {@code lab/lab.sh}, discovery run inside
 * the scanner namespace by {@link DiscoveryProbeMain} (as root, or as nobody for the lower rungs).
 * Every packet goes to lab addresses from a namespace with no route out.
 */
class LabDiscoveryTest {
    private static final String LAN = "10.231.0.0/24";
    private static LabNetwork lab;

    @BeforeAll
    static void buildLab() {
        lab = LabNetwork.start(30, 0);
    }

    @AfterAll
    static void tearDownLab() {
        if (lab != null) {
            lab.close();
        }
    }

    /** What each LAN host should be reported as, keyed by address: the expected reason. */
    private static Map<InetAddress, String> expectedIcmp() {
        Map<InetAddress, String> m = new HashMap<>();
        lab.truth().lan().forEach(h -> m.put(h.ipv4(), h.answersIcmp() ? "icmp-echo" : "arp"));
        return m;
    }

    private static boolean answersTcpPing(Host h) {
        if (h.kind().equals("router") || h.kind().equals("scanner")) {
            return true; // no firewall, nothing listening on most ports: resets
        }
        return DiscoveryOptions.DEFAULT_TCP_PING_PORTS.stream()
                .anyMatch(p -> h.open().contains(p) || h.closed().contains(p));
    }

    private static void assertExactly(ProbeRun.Result r, Map<InetAddress, String> expected, int targets) {
        Map<InetAddress, ProbeRun.Up> ups = r.upByAddress();
        assertThat(ups.keySet()).as("hosts reported up (precision and recall)\n%s", r)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(r.ups()).as("each host reported once").hasSameSizeAs(ups.keySet());
        expected.forEach((address, reason) ->
                assertThat(ups.get(address).reason()).as("reason for %s", address).isEqualTo(reason));
        assertThat(r.ups().size() + r.downs().size()).as("every target decided once").isEqualTo(targets);
        assertThat(Set.copyOf(r.downs())).doesNotContainAnyElementsOf(expected.keySet());
        assertThat(r.terminated()).isTrue();
        assertThat(r.failure()).isEmpty();
        assertThat(r.targetsDone()).isEqualTo(targets);
    }

    private static void assertMacsAndVendors(ProbeRun.Result r) {
        Map<InetAddress, ProbeRun.Up> ups = r.upByAddress();
        lab.truth().lan().forEach(h -> {
            InetAddress a = h.ipv4();
            ProbeRun.Up up = ups.get(a);
            assertThat(up.mac()).as("MAC of %s", a).contains(h.mac());
            assertThat(up.vendor()).as("vendor of %s (%s)", a, h.mac()).isEqualTo(h.vendor());
        });
    }

    @Test
    void rawIcmpSweepOfTheLanFindsExactlyTheLiveHostsWithMacsAndVendorsInUnderTwoSeconds() {
        ProbeRun.Result r = ProbeRun.run(lab, false, LAN);

        assertThat(r.method()).isEqualTo("icmp-raw");
        assertExactly(r, expectedIcmp(), 256);
        assertMacsAndVendors(r);
        assertThat(lab.truth().lan().filter(h -> h.vendor().isPresent()).count())
                .as("the lab exercises real vendor prefixes").isGreaterThanOrEqualTo(5);
        assertThat(r.ups().stream().filter(u -> u.reason().equals("icmp-echo")))
                .allSatisfy(u -> assertThat(u.rttMicros()).isPresent());
        // The speed goal (well under 2 s) is measured by bench/run, scenario (a); this bound only catches a
        // sweep that waits out whole timeouts host by host.
        assertThat(r.sweepMillis()).as("a /24 on a LAN, start to last verdict").isLessThan(10_000);
    }

    @Test
    void routerRejectionsAreDownAfterOneProbeWhileRoutedHostsAreUpWithoutMac() {
        // The lab's router sends every ICMP error (lab.sh lifts its rate limits; a default Linux router sends a
        // burst of 50 and then 1000/s), so no rejection is lost and retried, however the probes bunch up. Every
        // timeout is 30 s: a rejection that a loaded machine takes long to read is still no reason to retry,
        // and a sweep that waited for a single timeout would take longer than one.
        List<String> targets = new ArrayList<>(List.of("--rate", "2000", "--timeouts", "30000,30000,30000"));
        IntStream.range(128, 192).forEach(i -> targets.add("10.231.1." + i));
        targets.add("10.231.1.10");
        targets.add("10.231.1.11");

        ProbeRun.Result r = ProbeRun.run(lab, false, targets.toArray(String[]::new));

        Map<InetAddress, String> expected = new HashMap<>();
        lab.truth().ofKind("routed").forEach(h -> expected.put(h.ipv4(), "icmp-echo"));
        assertExactly(r, expected, 66);
        assertThat(r.downs()).hasSize(64);
        assertThat(r.probesSent()).as("host-unreachable from the router: no retries wasted").isEqualTo(66);
        assertThat(r.sweepMillis()).as("no timeout was waited for (each is 30 s)").isLessThan(30_000);
        assertThat(r.ups()).allSatisfy(u -> assertThat(u.mac()).as("not on the scanner's link").isEmpty());
    }

    @Test
    void fivePercentLossBothWaysIsRecoveredByRetries() {
        lab.setLoss(5);
        try {
            // Without the neighbor table, only ICMP can find them: every live host must answer some retry.
            ProbeRun.Result r = ProbeRun.run(lab, false, "--no-neighbors", "--retries", "4", LAN);

            Map<InetAddress, String> expected = new HashMap<>();
            lab.truth().lan().filter(Host::answersIcmp).forEach(h -> expected.put(h.ipv4(), "icmp-echo"));
            assertExactly(r, expected, 256);
        } finally {
            lab.setLoss(0);
        }
    }

    @Test
    void cancellingMidSweepStopsPromptlyAndKeepsWhatWasFound() {
        // Cancelled once the first host is reported, not after a fixed time (a loaded machine may not have sent
        // anything by then); at 20 probes/s the /24 would take 13 s. Every timeout is five minutes: a sweep that
        // waited for the probes in flight after the cancel would not end within the probe main's 60 s wait (a
        // hang guard), and would not be reported terminated.
        ProbeRun.Result r = ProbeRun.run(lab, false, "--rate", "20", "--timeouts", "300000,300000,300000",
                "--cancel-after-ups", "1", LAN);

        assertThat(r.cancelled()).isTrue();
        assertThat(r.terminated()).as("stopped without waiting for the probes in flight").isTrue();
        assertThat(r.probesAtCancel()).hasValueSatisfying(atCancel -> assertThat(r.probesSent() - atCancel)
                .as("probes sent after the cancel returned (one may have been under way)").isBetween(0L, 1L));
        assertThat(r.probesSent()).as("a paced sweep stopped part way").isLessThan(256);
        assertThat(r.targetsDone()).isLessThan(256);
        assertThat(r.ups()).as("partial results").isNotEmpty();
        assertThat(r.upByAddress().keySet()).as("only real hosts").isSubsetOf(expectedIcmp().keySet());
        assertThat(r.linesAfterEnd()).as("no listener call after termination").isEmpty();
    }

    @Test
    void unprivilegedUserWithPingGroupRangeUsesIcmpDatagramSockets() {
        lab.sysctlInScanner("net.ipv4.ping_group_range", "0 2147483647");
        try {
            // Which hosts are found is checked here, not how fast: every timeout is 5 s, where the adaptive
            // one shrinks to 100 ms on a LAN, so a reply that a loaded machine reads late is not given up on
            // (a host was missed once that way). A host is lost only if all three replies wait 5 s unread.
            ProbeRun.Result r = ProbeRun.run(lab, true, "--timeouts", "5000,5000,5000", LAN);

            assertThat(r.method()).isEqualTo("icmp-dgram");
            assertExactly(r, expectedIcmp(), 256);
            assertMacsAndVendors(r);
        } finally {
            lab.sysctlInScanner("net.ipv4.ping_group_range", "1 0");
        }
    }

    @Test
    void unprivilegedUserWithoutPingSocketsFallsBackToTcpConnect() {
        lab.sysctlInScanner("net.ipv4.ping_group_range", "1 0");

        ProbeRun.Result r = ProbeRun.run(lab, true, LAN);

        assertThat(r.method()).isEqualTo("tcp-connect");
        Map<InetAddress, String> expected = new HashMap<>();
        lab.truth().lan().forEach(h -> expected.put(h.ipv4(), answersTcpPing(h) ? "tcp" : "arp"));
        Map<InetAddress, ProbeRun.Up> ups = r.upByAddress();
        assertThat(ups.keySet()).as("hosts up\n%s", r).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((a, kind) -> {
            String reason = ups.get(a).reason();
            if (kind.equals("tcp")) {
                assertThat(reason).as("reason for %s", a).isIn("tcp-syn-ack", "tcp-rst");
            } else {
                assertThat(reason).as("reason for %s (drops all TCP)", a).isEqualTo("arp");
            }
        });
        assertThat(ups.values().stream().map(ProbeRun.Up::reason).collect(Collectors.toSet()))
                .as("the lab has hosts of each kind").contains("tcp-syn-ack", "tcp-rst", "arp");
        assertThat(r.ups().size() + r.downs().size()).isEqualTo(256);
        assertMacsAndVendors(r);
    }

    @Test
    void ipv6SweepFindsEveryHostOnTheLinkViaEchoOrNdp() {
        List<String> targets = new ArrayList<>();
        Map<InetAddress, String> expected = new HashMap<>();
        Map<InetAddress, Host> byV6 = new HashMap<>();
        lab.truth().lan().forEach(h -> {
            InetAddress v6 = h.ipv6().orElseThrow();
            targets.add(v6.getHostAddress());
            expected.put(v6, h.answersIcmp() ? "icmp-echo" : "ndp");
            byV6.put(v6, h);
        });
        IntStream.range(0x100, 0x110).forEach(i -> targets.add("fd00:231::" + Integer.toHexString(i)));

        ProbeRun.Result r = ProbeRun.run(lab, false, targets.toArray(String[]::new));

        assertThat(r.ipv6Method()).isEqualTo("icmp-raw");
        assertExactly(r, expected, targets.size());
        r.ups().forEach(u -> {
            Host h = byV6.get(u.address());
            assertThat(u.mac()).as("MAC of %s", u.address()).contains(h.mac());
            assertThat(u.vendor()).isEqualTo(h.vendor());
        });
    }

    @Test
    void forgedStrayAndDuplicateRepliesChangeNothing() throws Exception {
        // h05 (10.231.0.15) and h10 (10.231.0.20) drop echo requests themselves; a forger in each
        // namespace answers instead: h05 only with forgeries, h10 with one genuine reply sent three times.
        Host h05 = host("h05");
        Host h10 = host("h10");
        assertThat(h05.answersIcmp()).isFalse();
        assertThat(h10.answersIcmp()).isFalse();
        String forger = LabNetwork.projectDir().resolve("lab/forge_replies.py").toString();
        Process bad = lab.runIn(h05.namespace(), "/usr/bin/python3", forger, "--mode", "bad", "--address",
                h05.ipv4().getHostAddress(), "--spoof", "10.231.0.222");
        Process dup = lab.runIn(h10.namespace(), "/usr/bin/python3", forger, "--mode", "dup", "--address",
                h10.ipv4().getHostAddress());
        List<String> badLog = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> dupLog = new java.util.concurrent.CopyOnWriteArrayList<>();
        var badOut = new java.io.BufferedReader(new java.io.InputStreamReader(bad.getInputStream()));
        var dupOut = new java.io.BufferedReader(new java.io.InputStreamReader(dup.getInputStream()));
        try {
            assertThat(badOut.readLine()).as("forger started").isEqualTo("ready");
            assertThat(dupOut.readLine()).as("forger started").isEqualTo("ready");
            Thread.ofVirtual().start(() -> collect(badOut, badLog));
            Thread.ofVirtual().start(() -> collect(dupOut, dupLog));

            ProbeRun.Result withTable = ProbeRun.run(lab, false, "10.231.0.15", "10.231.0.20", "10.231.0.222");
            ProbeRun.Result withoutTable = ProbeRun.run(lab, false, "--no-neighbors", "10.231.0.15", "10.231.0.20",
                    "10.231.0.222");

            assertExactly(withTable, Map.of(h05.ipv4(), "arp", h10.ipv4(), "icmp-echo"), 3);
            assertExactly(withoutTable, Map.of(h10.ipv4(), "icmp-echo"), 3);
            assertThat(withoutTable.downs()).containsExactlyInAnyOrder(h05.ipv4(), InetAddress.ofLiteral("10.231.0.222"));
            assertThat(badLog).as("the forger did answer").anyMatch(l -> l.contains("bad replies"));
            assertThat(dupLog).as("the forger did answer").anyMatch(l -> l.contains("dup replies"));
        } finally {
            bad.destroy();
            dup.destroy();
        }
    }

    @Test
    void anIcmpSilentHostWhoseFirstArpRequestIsLostIsFoundByOurOwnArpBeforeTheKernelAsksAgain() {
        // h05 drops echo requests; here it also drops the first ARP request it gets (an nft quota of
        // one 28-byte ARP packet). The scanner's kernel is told to ask again only after a minute, so it asks
        // once during the sweep, and that request is lost: h05 can only be found by our own ARP request,
        // which goes with the first retry. How soon that is (before the kernel's usual second request, 1 s
        // after the first) depends on the machine's load, so it is not timed here.
        Host h05 = host("h05");
        Host h01 = host("h01");
        assertThat(h05.answersIcmp()).isFalse();
        assertThat(h01.answersIcmp()).as("answers, so the probe timeout is learned").isTrue();
        InetAddress empty = InetAddress.ofLiteral("10.231.0.222");
        String table = "nsw-startup-arploss";
        nft(h05, "add", "table", "arp", table);
        String retransTimes = lab.execInScanner(Duration.ofSeconds(10), "sh", "-c",
                "grep . /proc/sys/net/ipv4/neigh/*/retrans_time_ms");
        try {
            nft(h05, "add", "chain", "arp", table, "in", "{ type filter hook input priority 0; }");
            nft(h05, "add", "rule", "arp", table, "in", "arp", "operation", "request", "quota", "until", "28", "bytes",
                    "drop");
            lab.execInScanner(Duration.ofSeconds(10), "sh", "-c",
                    "for f in /proc/sys/net/ipv4/neigh/*/retrans_time_ms; do echo 60000 > $f; done");
            lab.execInScanner(Duration.ofSeconds(10), "ip", "neigh", "flush", "all");

            ProbeRun.Result r = ProbeRun.run(lab, false, h05.ipv4().getHostAddress(), h01.ipv4().getHostAddress(),
                    empty.getHostAddress());

            assertExactly(r, Map.of(h05.ipv4(), "arp", h01.ipv4(), "icmp-echo"), 3);
            assertThat(r.upByAddress().get(h05.ipv4()).mac()).contains(h05.mac());
            assertThat(r.downs()).containsExactly(empty);
            assertThat(nft(h05, "list", "table", "arp", table)).as("the first request was dropped")
                    .contains("used 28 bytes");
        } finally {
            restoreRetransTimes(retransTimes);
            nft(h05, "delete", "table", "arp", table);
        }
    }

    /** Puts back the scanner's neighbor retransmit times, from {@code grep .}'s {@code path:value} lines. */
    private static void restoreRetransTimes(String saved) {
        StringBuilder script = new StringBuilder();
        for (String line : saved.strip().lines().toList()) {
            int colon = line.lastIndexOf(':');
            String path = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (path.matches("/proc/sys/net/ipv4/neigh/[A-Za-z0-9_.-]+/retrans_time_ms") && value.matches("[0-9]+")) {
                script.append("echo ").append(value).append(" > ").append(path).append("; ");
            }
        }
        lab.execInScanner(Duration.ofSeconds(10), "sh", "-c", script.append("true").toString());
    }

    private static String nft(Host h, String... args) {
        List<String> cmd = new ArrayList<>(List.of("nft"));
        cmd.addAll(List.of(args));
        return LabNetwork.finish(lab.runIn(h.namespace(), cmd.toArray(String[]::new)), Duration.ofSeconds(10),
                String.join(" ", cmd));
    }

    private static void collect(java.io.BufferedReader in, List<String> into) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                into.add(line);
            }
        } catch (java.io.IOException e) {
            // The forger was stopped: its output ends here.
        }
    }

    private static Host host(String label) {
        return lab.truth().hosts().stream().filter(h -> h.label().equals(label)).findFirst().orElseThrow();
    }
}
