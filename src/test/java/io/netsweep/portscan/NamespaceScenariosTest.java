package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.PortSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine in a private network namespace, where nothing else listens and nftables rules and routes can be
 * set freely: full-range scans must find exactly the listeners, dropped ports must come out filtered after the
 * right number of SYNs, ICMP errors and local routes must map to their reasons, EMFILE must not lose ports,
 * and self-connects must never be open. Each scenario runs in a child JVM ({@link NamespaceScenarios}).
 */
class NamespaceScenariosTest {
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(4);

    @BeforeAll
    static void namespacesAvailable() {
        NamespaceLab.requireAvailable();
    }

    private static NamespaceLab.Outcome run(String scenario, int fdLimit) throws Exception {
        return run(scenario, fdLimit, EngineOptions.Io.AUTO);
    }

    private static NamespaceLab.Outcome run(String scenario, int fdLimit, EngineOptions.Io io) throws Exception {
        NamespaceLab.Outcome o = NamespaceLab.run(NamespaceScenarios.class, List.of(scenario, io.name()), fdLimit,
                CHILD_TIMEOUT);
        assertThat(o.exitCode()).as("child exit; stderr:%n%s", o.stderr()).isZero();
        return o;
    }

    private static void assertCompleteScan(NamespaceLab.Outcome o, String name, String listeners, String dropped) {
        assertThat(o.get(name + ".done")).isEqualTo("true");
        assertThat(o.get(name + ".failure")).isEmpty();
        assertThat(o.number(name + ".results")).isEqualTo(65535);
        assertThat(o.number(name + ".distinct")).isEqualTo(65535);
        assertThat(o.number(name + ".completions")).isEqualTo(1);
        assertThat(o.get(name + ".open")).as(name + " open ports").isEqualTo(listeners);
        assertThat(o.get(name + ".filtered")).as(name + " filtered ports").isEqualTo(dropped);
        PortSet open = parse(listeners);
        PortSet filtered = parse(dropped);
        assertThat(parse(o.get(name + ".closed")).size()).isEqualTo(65535 - open.size() - filtered.size());
    }

    @Test
    void fullRangeScansFindExactlyTheListenersUnderEveryLimit() throws Exception {
        NamespaceLab.Outcome o = run("fullrange", 0);
        String v4 = o.get("listeners.v4");
        assertThat(parse(v4).size()).isEqualTo(5);
        for (String scan : List.of("t4", "c50", "budget")) {
            assertCompleteScan(o, scan, v4, "20000-20299");
        }
        assertCompleteScan(o, "v6", o.get("listeners.v6"), "20000-20299");
        assertThat(o.number("c50.maxInFlight")).isLessThanOrEqualTo(50);
        assertThat(o.number("budget.maxInFlight")).isLessThanOrEqualTo(30);
        // 65535 first attempts plus one retransmission for each of the 300 dropped ports (and any self-connects):
        // no retransmission was ever answered on this host, so the second retry is not spent.
        assertThat(o.number("t4.sent")).isEqualTo(65535 + 300 + o.number("t4.selfConnects"));
    }

    @Test
    void severalEngineThreadsSplitALargeSubmissionAndCompleteItOnceAfterAllItsResults() throws Exception {
        NamespaceLab.Outcome o = run("shards", 0);
        assertThat(o.number("shards.engines")).isEqualTo(3);
        assertThat(o.get("shards.done")).isEqualTo("true");
        assertThat(o.get("shards.failure")).isEmpty();
        assertThat(o.number("shards.pending")).isZero();
        assertThat(o.number("shards.v4.results")).isEqualTo(5000);
        assertThat(o.number("shards.v4.outside")).as("results for ports not asked").isZero();
        assertThat(o.get("shards.v4.open")).as("open ports").isEqualTo(o.get("shards.listener"));
        assertThat(o.number("shards.other.results")).isEqualTo(2);
        assertThat(o.get("shards.completions")).isEqualTo("ok");
        assertThat(o.get("shards.threads")).isEqualTo(ConnectScanner.THREAD_NAME);
    }

    @ParameterizedTest
    @EnumSource(EngineOptions.Io.class)
    void runningOutOfFileDescriptorsSlowsTheScanButLosesNoPort(EngineOptions.Io io) throws Exception {
        NamespaceLab.Outcome o = run("emfile", 256, io);
        assertThat(o.number("fdlimit")).isEqualTo(256);
        assertCompleteScan(o, "emfile", o.get("listeners.v4"), "10000-19999");
        assertThat(o.number("emfile.shortages")).as("EMFILE was actually hit").isPositive();
    }

    @Test
    void anEpollSetThatCannotBeCreatedLeavesNoMemoryAndNoDescriptorBehind() throws Exception {
        NamespaceLab.Outcome o = run("epollsetup", 128);
        assertThat(o.number("fillers")).as("descriptors were exhausted").isPositive();
        assertThat(o.get("epoll.errno")).as("why epoll could not be opened").isEqualTo("EMFILE");
        assertThat(o.get("epoll.opened")).isEqualTo("false");
        assertThat(o.get("arena.alive")).as("the native memory of the failed epoll layer is freed").isEqualTo("false");
        assertThat(o.number("fds.left")).as("descriptors left open by the failed attempts").isZero();
    }

    @ParameterizedTest
    @EnumSource(EngineOptions.Io.class)
    void dropsRejectsAndRoutesMapToTheirVerdicts(EngineOptions.Io io) throws Exception {
        NamespaceLab.Outcome o = run("verdicts", 0, io);
        assertThat(o.get("verdicts.io"))
                .isEqualTo(io == EngineOptions.Io.NIO ? "NioConnectIo" : "EpollConnectIo");
        assertThat(o.get("verdicts.failure")).isEmpty();
        assertThat(o.get("verdicts6.failure")).isEmpty();
        String v4 = "r.127.0.0.1.";
        String v6 = "r.0_0_0_0_0_0_0_1.";
        // state/reason/attempts
        assertThat(o.get(v4 + o.get("open.port"))).isEqualTo("open/syn-ack/1");
        assertThat(o.get(v4 + "1001")).isEqualTo("filtered/no-response/2");
        assertThat(o.get(v6 + "1001")).isEqualTo("filtered/no-response/2");
        // Each attempt is a SYN from a socket of its own (a source port). The kernel may add a retransmission
        // of its own, one second after a SYN, if a loaded machine keeps a socket open that long: only the
        // sockets show the engine's attempts.
        assertThat(o.number("sockets.dropped4")).as("sockets sending SYNs to the dropped IPv4 port").isEqualTo(2);
        assertThat(o.number("sockets.dropped6")).as("sockets sending SYNs to the dropped IPv6 port").isEqualTo(2);
        assertThat(o.number("syns.dropped4")).as("SYNs to the dropped IPv4 port").isGreaterThanOrEqualTo(2);
        assertThat(o.number("syns.dropped6")).as("SYNs to the dropped IPv6 port").isGreaterThanOrEqualTo(2);
        assertThat(o.get(v4 + "1002")).isEqualTo("filtered/host-unreach/1"); // ICMP admin-prohibited: EHOSTUNREACH
        assertThat(o.get(v4 + "1003")).isEqualTo("closed/conn-refused/1");   // nft reject with tcp reset
        assertThat(o.get(v6 + "1003")).isEqualTo("closed/conn-refused/1");
        assertThat(o.get(v4 + "1005")).isEqualTo("filtered/net-unreach/1");
        assertThat(o.get(v6 + "1004")).isEqualTo("filtered/admin-prohibited/1"); // ICMPv6 admin-prohibited: EACCES
        assertThat(o.get(v6 + "1008")).isEqualTo("filtered/net-unreach/1");
        assertThat(o.get(v6 + "1009")).isEqualTo("filtered/host-unreach/1");
        // Local routes fail connect() itself; the errno decides.
        assertThat(o.get("r.127.0.0.77.80")).isEqualTo("filtered/admin-prohibited/1"); // prohibit: EACCES
        assertThat(o.get("r.127.0.0.78.80")).isEqualTo("filtered/host-unreach/1");     // unreachable
        assertThat(o.get("r.127.0.0.79.80")).isEqualTo("filtered/net-unreach/1");      // throw: ENETUNREACH
        assertThat(o.get("r.127.0.0.80.80")).isEqualTo("filtered/local-error/1");      // blackhole: EINVAL
    }

    @ParameterizedTest
    @EnumSource(EngineOptions.Io.class)
    void socketsConnectedToThemselvesAreNeverReportedOpen(EngineOptions.Io io) throws Exception {
        NamespaceLab.Outcome o = run("selfconnect", 0, io);
        assertThat(o.number("ephemeral.results")).isEqualTo(60999 - 32768 + 1);
        assertThat(o.get("ephemeral.open")).isEmpty();
        assertThat(o.get("ephemeral.filtered")).isEmpty();
        assertThat(o.number("narrow.results")).isEqualTo(1600);
        assertThat(o.number("narrow.selfConnects")).as("self-connects provoked").isPositive();
        assertThat(o.get("narrow.states")).doesNotContain("open");
    }

    private static PortSet parse(String compact) {
        PortSet out = PortSet.empty();
        if (compact.isEmpty()) {
            return out;
        }
        for (String part : compact.split(",")) {
            int dash = part.indexOf('-');
            out = out.union(dash < 0
                    ? PortSet.of(Integer.parseInt(part))
                    : PortSet.range(Integer.parseInt(part.substring(0, dash)), Integer.parseInt(part.substring(dash + 1))));
        }
        return out;
    }
}
