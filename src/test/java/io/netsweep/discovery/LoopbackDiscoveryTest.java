package io.netsweep.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Real sockets against loopback only (127.0.0.0/8 and ::1), in the test JVM's own namespace. */
class LoopbackDiscoveryTest {
    private static final InetAddress LO4 = InetAddress.ofLiteral("127.0.0.1");
    private static final InetAddress LO4B = InetAddress.ofLiteral("127.0.0.2");
    private static final InetAddress LO6 = InetAddress.ofLiteral("::1");

    private static final class Recorder implements DiscoveryListener {
        final List<HostInfo> ups = new CopyOnWriteArrayList<>();
        final List<InetAddress> downs = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch anyVerdict = new CountDownLatch(1);

        @Override
        public void onHostUp(HostInfo host) {
            threads.add(Thread.currentThread().getName());
            ups.add(host);
            anyVerdict.countDown();
        }

        @Override
        public void onHostDown(InetAddress address) {
            threads.add(Thread.currentThread().getName());
            downs.add(address);
            anyVerdict.countDown();
        }
    }

    private static DiscoveryOptions fast() {
        return DiscoveryOptions.defaults().withTimeouts(Duration.ofMillis(300), Duration.ofMillis(50),
                Duration.ofMillis(300));
    }

    private static Recorder sweep(DiscoveryOptions o, List<InetAddress> targets) throws InterruptedException {
        Recorder r = new Recorder();
        try (HostDiscovery d = new HostDiscovery(o, r)) {
            d.start(targets, targets.size());
            assertThat(d.awaitTermination(Duration.ofSeconds(20))).isTrue();
            assertThat(d.failure()).isEmpty();
            assertThat(d.targetsDone()).isEqualTo(targets.size());
        }
        return r;
    }

    /**
     * The rung this process's privileges allow, read from the kernel's own account: CAP_NET_RAW (bit 13 of the
     * effective capabilities) opens raw sockets; a group within {@code net.ipv4.ping_group_range} datagram ones.
     */
    private static DiscoveryMethod rungThePrivilegesAllow() throws IOException {
        String capEff = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow().substring(7).strip();
        if ((Long.parseUnsignedLong(capEff, 16) & (1L << 13)) != 0) {
            return DiscoveryMethod.ICMP_RAW;
        }
        String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ping_group_range")).strip().split("\\s+");
        long gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
        return gid >= Long.parseLong(range[0]) && gid <= Long.parseLong(range[1])
                ? DiscoveryMethod.ICMP_DATAGRAM : DiscoveryMethod.TCP_CONNECT;
    }

    @Test
    void theChosenRungIsTheBestOneThePrivilegesAllow() throws IOException {
        DiscoveryMethod expected = rungThePrivilegesAllow();

        assertThat(HostDiscovery.bestAvailable()).isEqualTo(expected);
        try (HostDiscovery d = new HostDiscovery(fast(), new Recorder())) {
            assertThat(d.method()).isEqualTo(expected);
        }
    }

    @Test
    void icmpEchoFindsLoopbackUpOnBothFamiliesWithAnRtt() throws InterruptedException {
        DiscoveryMethod best = HostDiscovery.bestAvailable();
        Prerequisites.require(best != DiscoveryMethod.TCP_CONNECT,
                "no ICMP socket here: neither root/CAP_NET_RAW nor net.ipv4.ping_group_range allows one");

        long before = System.nanoTime();
        Recorder r = sweep(fast(), List.of(LO4, LO6, LO4B));
        Duration sweepTook = Duration.ofNanos(System.nanoTime() - before);

        assertThat(r.ups).extracting(HostInfo::address).containsExactlyInAnyOrder(LO4, LO6, LO4B);
        assertThat(r.ups).allSatisfy(h -> {
            assertThat(h.reason()).isEqualTo("icmp-echo");
            // A round trip measured in the sweep's own clock: positive, and within the time the sweep took.
            assertThat(h.rtt()).hasValueSatisfying(rtt -> assertThat(rtt).isPositive().isLessThan(sweepTook));
            assertThat(h.mac()).as("loopback has no neighbors").isEmpty();
        });
        assertThat(r.downs).isEmpty();
    }

    @Test
    void tcpPingToAListeningPortIsASynAck() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(LO4, 0));
            DiscoveryOptions o = fast().withForcedMethod(DiscoveryMethod.TCP_CONNECT)
                    .withTcpPingPorts(List.of(server.getLocalPort()));

            Recorder r = sweep(o, List.of(LO4));

            assertThat(r.ups).singleElement().satisfies(h -> {
                assertThat(h.address()).isEqualTo(LO4);
                assertThat(h.reason()).isEqualTo("tcp-syn-ack");
            });
        }
    }

    @Test
    void tcpPingToAClosedPortIsAResetAndStillMeansUp() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(LO4, 0));
            closed = s.getLocalPort();
        }
        DiscoveryOptions o = fast().withForcedMethod(DiscoveryMethod.TCP_CONNECT).withTcpPingPorts(List.of(closed));

        Recorder r = sweep(o, List.of(LO4, LO6));

        assertThat(r.ups).extracting(HostInfo::reason).containsOnly("tcp-rst");
        assertThat(r.ups).extracting(HostInfo::address).containsExactlyInAnyOrder(LO4, LO6);
    }

    @Test
    void withNoDiscoveryEveryTargetIsTakenAsUp() throws InterruptedException {
        Recorder r = sweep(fast().withForcedMethod(DiscoveryMethod.NONE), List.of(LO4, LO6));

        assertThat(r.ups).extracting(HostInfo::address).containsExactlyInAnyOrder(LO4, LO6);
        assertThat(r.ups).allSatisfy(h -> {
            assertThat(h.reason()).isEqualTo("user-set");
            assertThat(h.rtt()).isEmpty();
            assertThat(h.mac()).isEmpty();
        });
    }

    @Test
    void theListenerIsCalledFromOneReportingThread() throws InterruptedException {
        Recorder r = sweep(fast(), List.of(LO4, LO4B, LO6));
        assertThat(r.threads).containsOnly("netsweep-discovery-report");
    }

    @Test
    void aThrowingListenerEndsTheSweepAndIsReported() throws InterruptedException {
        DiscoveryListener failing = new DiscoveryListener() {
            @Override
            public void onHostUp(HostInfo host) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onHostDown(InetAddress address) {}
        };
        try (HostDiscovery d = new HostDiscovery(fast(), failing)) {
            d.start(List.of(LO4), 1);
            assertThat(d.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(d.failure()).hasValueSatisfying(e -> assertThat(e).hasMessage("listener bug"));
        }
    }

    @Test
    void aSweepRunsOnceAndClosingTwiceIsHarmless() throws InterruptedException {
        HostDiscovery d = new HostDiscovery(fast(), new Recorder());
        assertThat(d.awaitTermination(Duration.ZERO)).as("nothing started, nothing to wait for").isTrue();
        d.start(List.of(LO4), 1);
        assertThatThrownBy(() -> d.start(List.of(LO4), 1)).isInstanceOf(IllegalStateException.class);
        assertThat(d.awaitTermination(Duration.ofSeconds(10))).isTrue();
        d.close();
        d.close();
        assertThatThrownBy(() -> new HostDiscovery(fast(), new Recorder()).start(List.of(LO4), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancellingBeforeAnyAnswerEndsPromptlyWithoutVerdicts() throws InterruptedException {
        Recorder r = new Recorder();
        try (HostDiscovery d = new HostDiscovery(fast().withRate(1), r)) {
            List<InetAddress> many = java.util.stream.IntStream.range(1, 200)
                    .mapToObj(i -> InetAddress.ofLiteral("127.0.1." + i)).toList();
            d.start(many, many.size());
            d.cancel();
            // At 1 probe a second the sweep would take minutes: ending within the wait means it stopped.
            assertThat(d.awaitTermination(Duration.ofSeconds(10))).isTrue();
            assertThat(d.probesSent()).isLessThanOrEqualTo(2);
        }
        assertThat(r.ups.size() + r.downs.size()).isLessThanOrEqualTo(2);
    }

    @Test
    void aTinyRateSendsOneProbeThenWaitsUntilCancelled() throws InterruptedException {
        Recorder r = new Recorder();
        List<InetAddress> targets = List.of(LO4, LO4B);
        try (HostDiscovery d = new HostDiscovery(fast().withRate(Double.MIN_VALUE).withRetries(0), r)) {
            d.start(targets, targets.size());
            assertThat(r.anyVerdict.await(10, TimeUnit.SECONDS)).as("the first target was decided").isTrue();
            assertThat(d.awaitTermination(Duration.ofMillis(500))).as("the second probe waits for its turn").isFalse();
            assertThat(d.targetsDone()).isEqualTo(1);
            int perSend = d.method() == DiscoveryMethod.TCP_CONNECT ? DiscoveryOptions.DEFAULT_TCP_PING_PORTS.size() : 1;
            assertThat(d.probesSent()).as("one probe").isEqualTo(perSend);
            d.cancel();
            assertThat(d.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(r.ups.size() + r.downs.size()).isEqualTo(1);
    }

}
