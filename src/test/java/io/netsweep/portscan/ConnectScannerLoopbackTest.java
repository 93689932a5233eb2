package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.testing.Prerequisites;
import io.netsweep.port.PortSet;
import io.netsweep.testing.ClosedPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine against real listeners on 127.0.0.1 and ::1 in the shared network namespace. What other programs
 * listen on is unknown here, so no test claims a port it did not open or close itself is closed; scans that
 * must know every listener of a range run in a namespace of their own ({@link NamespaceScenariosTest}).
 */
class ConnectScannerLoopbackTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final InetAddress V4 = InetAddress.getLoopbackAddress();

    private static InetAddress v6() throws IOException {
        InetAddress v6 = InetAddress.getByName("::1");
        try {
            new ServerSocket(0, 1, v6).close();
        } catch (IOException e) {
            Prerequisites.require(false, "IPv6 loopback is not available: " + e);
        }
        return v6;
    }

    private static RecordingListener scan(ScanTiming timing, EngineOptions options, Map<InetAddress, PortSet> work)
            throws InterruptedException {
        RecordingListener listener = new RecordingListener();
        try (ConnectScanner scanner = new ConnectScanner(timing, 1, listener, options)) {
            work.forEach(scanner::submit);
            scanner.closeInput();
            assertThat(scanner.awaitTermination(WAIT)).as("scan finished").isTrue();
            assertThat(scanner.failure()).isEmpty();
            assertThat(scanner.probesPending()).isZero();
        }
        return listener;
    }

    /** Sockets in TIME_WAIT whose remote port is {@code port}, from /proc/net/tcp (state 06). */
    private static long timeWaitTo(int port) throws IOException {
        String hexPort = String.format(":%04X", port);
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/tcp")).stream().skip(1)
                .map(String::trim).map(l -> l.split("\\s+"))
                .filter(f -> f[2].endsWith(hexPort) && f[3].equals("06")).count();
    }

    @ParameterizedTest
    @EnumSource(EngineOptions.Io.class)
    void openPortsAreClosedWithAResetLeavingNoTimeWait(EngineOptions.Io io) throws Exception {
        try (ServerSocket a = new ServerSocket(0, 200, V4)) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!a.isClosed()) {
                    try {
                        a.accept().close();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            for (int i = 0; i < 20; i++) {
                RecordingListener l = scan(ScanTiming.defaults(), EngineOptions.defaults().withIo(io),
                        Map.of(V4, PortSet.of(a.getLocalPort())));
                assertThat(l.byPort(V4).get(a.getLocalPort()).state()).isEqualTo(PortState.OPEN);
            }
            assertThat(timeWaitTo(a.getLocalPort())).as("our side's sockets in TIME_WAIT").isZero();
            a.close();
            acceptor.join(5_000);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineOptions.Io.class)
    void reportsOpenAndClosedPortsOnIpv4AndIpv6(EngineOptions.Io io) throws Exception {
        InetAddress v6 = v6();
        try (ServerSocket a = new ServerSocket(0, 50, V4);
                ServerSocket b = new ServerSocket(0, 50, V4);
                ServerSocket c = new ServerSocket(0, 50, v6);
                ClosedPort held4 = ClosedPort.on(V4);
                ClosedPort held6 = ClosedPort.on(v6)) {
            int closed4 = held4.port();
            int closed6 = held6.port();
            PortSet ports4 = PortSet.of(a.getLocalPort(), b.getLocalPort(), closed4);
            PortSet ports6 = PortSet.of(c.getLocalPort(), closed6);

            RecordingListener l = scan(ScanTiming.defaults(), EngineOptions.defaults().withIo(io),
                    Map.of(V4, ports4, v6, ports6));

            Map<Integer, PortProbeResult> r4 = l.byPort(V4);
            Map<Integer, PortProbeResult> r6 = l.byPort(v6);
            assertThat(r4.keySet()).containsExactlyInAnyOrder(a.getLocalPort(), b.getLocalPort(), closed4);
            assertThat(r6.keySet()).containsExactlyInAnyOrder(c.getLocalPort(), closed6);
            for (PortProbeResult open : List.of(r4.get(a.getLocalPort()), r4.get(b.getLocalPort()), r6.get(c.getLocalPort()))) {
                assertThat(open.state()).isEqualTo(PortState.OPEN);
                assertThat(open.reason()).isEqualTo("syn-ack");
                assertThat(open.rtt()).isPresent();
            }
            for (PortProbeResult closed : List.of(r4.get(closed4), r6.get(closed6))) {
                assertThat(closed.state()).isEqualTo(PortState.CLOSED);
                assertThat(closed.reason()).isEqualTo("conn-refused");
                assertThat(closed.rtt()).isPresent();
            }
            assertThat(l.completions()).containsExactlyInAnyOrder(V4, v6);
            l.assertEachHostCompletedOnceAfterItsResults(Set.of(V4, v6));
            assertThat(l.threads()).containsExactly(ConnectScanner.THREAD_NAME);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineOptions.Io.class)
    void everyPortOfALargeRangeGetsExactlyOneResult(EngineOptions.Io io) throws Exception {
        try (ServerSocket open = new ServerSocket(0, 50, V4)) {
            int first = Math.max(1, open.getLocalPort() - 1500);
            PortSet ports = PortSet.range(first, Math.min(65535, first + 2999));

            RecordingListener l = scan(ScanTiming.defaults(), EngineOptions.defaults().withIo(io), Map.of(V4, ports));

            assertThat(l.byPort(V4)).hasSize(3000);
            assertThat(l.openPorts(V4)).contains(open.getLocalPort());
            assertThat(l.completions()).containsExactly(V4);
        }
    }

    @Test
    void aSmallOrRateLimitedScanStaysOnOneEngineThread() {
        assertThat(ConnectScanner.shardsFor(ScanTiming.defaults().withConcurrency(100), 20_000)).isEqualTo(1);
        assertThat(ConnectScanner.shardsFor(ScanTiming.defaults(), 300)).isEqualTo(1);
        assertThat(ConnectScanner.shardsFor(ScanTiming.defaults().withRate(1000), 20_000)).isEqualTo(1);
        assertThat(ConnectScanner.shardsFor(ScanTiming.defaults(), 20_000))
                .isEqualTo(Math.min(ConnectScanner.MAX_SHARDS, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void onLinuxTheEngineUsesEpollUnlessToldOtherwise() {
        Prerequisites.require(System.getProperty("os.name").equals("Linux"), "epoll is Linux only");
        try (ConnectScanner auto = new ConnectScanner(ScanTiming.defaults(), 1, new RecordingListener());
                ConnectScanner nio = new ConnectScanner(ScanTiming.defaults(), 1, new RecordingListener(),
                        EngineOptions.defaults().withIo(EngineOptions.Io.NIO))) {
            assertThat(auto.ioType()).isEqualTo(EpollConnectIo.class);
            assertThat(nio.ioType()).isEqualTo(NioConnectIo.class);
        }
    }

    @Test
    void anEmptyPortSetCompletesTheHostAtOnce() throws Exception {
        RecordingListener l = scan(ScanTiming.defaults(), EngineOptions.defaults(), Map.of(V4, PortSet.empty()));
        assertThat(l.results()).isEmpty();
        assertThat(l.completions()).containsExactly(V4);
    }

    @Test
    void submissionsAfterCloseInputAreRejected() {
        try (ConnectScanner s = new ConnectScanner(ScanTiming.defaults(), 1, new RecordingListener())) {
            s.closeInput();
            assertThatThrownBy(() -> s.submit(V4, PortSet.of(1))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void hostsSubmittedWhileScanningAreScannedToo() throws Exception {
        InetAddress second = InetAddress.getByName("127.0.0.2");
        RecordingListener l = new RecordingListener();
        try (ConnectScanner s = new ConnectScanner(ScanTiming.defaults(), 1, l)) {
            s.submit(V4, PortSet.range(2000, 2999));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (s.resultsReported() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            s.submit(second, PortSet.range(2000, 2499));
            s.closeInput();
            assertThat(s.awaitTermination(WAIT)).isTrue();
        }
        assertThat(l.byPort(V4)).hasSize(1000);
        assertThat(l.byPort(second)).hasSize(500);
        l.assertEachHostCompletedOnceAfterItsResults(Set.of(V4, second));
    }

    @Test
    void timeoutsLearnTheLoopbackRoundTripTime() throws Exception {
        ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
        ScanTiming t4 = ScanTiming.defaults().withConcurrency(1);
        EngineOptions traced = EngineOptions.defaults().withTrace((a, p, attempt, timeout, n) -> seen.add(timeout));

        scan(t4, traced, Map.of(V4, PortSet.range(3000, 3199)));

        List<Long> all = new ArrayList<>(seen);
        assertThat(all).hasSize(200);
        assertThat(all.getFirst()).isEqualTo(t4.initialTimeout().toNanos());
        // Loopback answers in microseconds: SRTT + 4 RTTVAR falls under the floor, so the floor applies
        // (a scheduling hiccup on a busy machine may lift a few timeouts above it for a while).
        List<Long> later = all.subList(100, 200);
        assertThat(later).contains(t4.minTimeout().toNanos());
        assertThat(later).allMatch(t -> t < t4.initialTimeout().toNanos());
    }

    @Test
    void aFixedTimeoutDoesNotAdapt() throws Exception {
        ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
        ScanTiming fixed = ScanTiming.defaults().withConcurrency(1).withFixedTimeout(Duration.ofMillis(700));
        EngineOptions traced = EngineOptions.defaults().withTrace((a, p, attempt, timeout, n) -> seen.add(timeout));

        scan(fixed, traced, Map.of(V4, PortSet.range(3000, 3099)));

        assertThat(seen).hasSize(100).containsOnly(Duration.ofMillis(700).toNanos());
    }

    @Test
    void theRateLimitSpacesProbes() throws Exception {
        ScanTiming limited = ScanTiming.defaults().withRate(100);
        long start = System.nanoTime();

        RecordingListener l = scan(limited, EngineOptions.defaults(), Map.of(V4, PortSet.range(4000, 4050)));

        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(l.results()).hasSize(51);
        // The first probe leaves at once, the other 50 one per 10 ms: at least 0.5 s.
        assertThat(seconds).isGreaterThanOrEqualTo(0.49);
    }

    @Test
    void theHighestRateAllowedScansEveryPort() throws Exception {
        // Rates past ScanTiming.MAX_RATE are refused before a scan starts; the limiter's own saturation beyond it is
        // RateLimiterTest's. The highest allowed one must still scan every port.
        ScanTiming fastest = ScanTiming.defaults().withRate(ScanTiming.MAX_RATE);

        RecordingListener l = scan(fastest, EngineOptions.defaults().withShards(1), Map.of(V4, PortSet.range(4100, 4299)));

        assertThat(l.results()).hasSize(200);
    }

    @Test
    void theLowestRateSendsOneProbeThenWaitsUntilCancelled() throws Exception {
        RecordingListener l = new RecordingListener();
        try (ConnectScanner s = new ConnectScanner(ScanTiming.defaults().withRate(ScanTiming.MIN_RATE), 1, l)) {
            s.submit(V4, PortSet.range(4100, 4109));
            s.closeInput();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (s.resultsReported() == 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(1); // readiness polling: the first probe's result
            }
            assertThat(s.resultsReported()).isEqualTo(1);
            assertThat(s.awaitTermination(Duration.ofMillis(200))).as("the second probe waits for its turn").isFalse();
            assertThat(s.probesSent()).isEqualTo(1);
            s.cancel();
            assertThat(s.awaitTermination(WAIT)).isTrue();
        }
        assertThat(l.results()).hasSize(1);
    }

    @Test
    void unansweredProbesAreRetransmittedThenFiltered() throws Exception {
        try (LoopbackFixtures.JammedPort jammed = new LoopbackFixtures.JammedPort(V4);
                ClosedPort held = ClosedPort.on(V4)) {
            Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();
            ScanTiming timing = ScanTiming.defaults().withFixedTimeout(Duration.ofMillis(200)).withRetries(2);
            EngineOptions traced = EngineOptions.defaults().withTrace(
                    (a, p, attempt, timeout, n) -> attempts.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet());
            int closed = held.port();

            RecordingListener l = scan(timing, traced, Map.of(V4, PortSet.of(jammed.port(), closed)));

            PortProbeResult r = l.byPort(V4).get(jammed.port());
            assertThat(r.state()).isEqualTo(PortState.FILTERED);
            assertThat(r.reason()).isEqualTo("no-response");
            assertThat(r.rtt()).isEmpty();
            // --retries 2 is a cap: this host has never answered a retransmission, so one is all it gets.
            assertThat(attempts.get(jammed.port())).hasValue(2);
            assertThat(attempts.get(closed)).hasValue(1); // answers are final at once
            assertThat(l.byPort(V4).get(closed).state()).isEqualTo(PortState.CLOSED);
        }
    }

    @Test
    void aLowFdBudgetCapsSocketsInFlightAndLosesNoPort() throws Exception {
        List<LoopbackFixtures.JammedPort> jammed = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                jammed.add(new LoopbackFixtures.JammedPort(V4));
            }
            int[] hanging = jammed.stream().mapToInt(LoopbackFixtures.JammedPort::port).toArray();
            // Ports found free, unlike a fixed range another program may listen in.
            PortSet closed = LoopbackFixtures.closedPorts(V4, 50);
            ScanTiming timing = ScanTiming.defaults().withFixedTimeout(Duration.ofMillis(150)).withRetries(0);
            RecordingListener l = new RecordingListener();
            ScanControl.Stats stats;
            try (ConnectScanner s = new ConnectScanner(timing, 1, l, EngineOptions.defaults().withFdBudget(12))) {
                // 10 submissions of the same hanging ports plus closed ones: far more than 12 sockets want out.
                for (int i = 0; i < 10; i++) {
                    s.submit(V4, PortSet.of(hanging).union(closed));
                }
                s.closeInput();
                assertThat(s.awaitTermination(WAIT)).isTrue();
                stats = s.stats();
            }
            assertThat(stats.launchCeiling()).isEqualTo(12);
            assertThat(stats.maxInFlight()).isBetween(6, 12);
            assertThat(l.results()).hasSize(10 * (24 + 50));
            assertThat(l.results().stream().filter(r -> r.state() == PortState.FILTERED)).hasSize(10 * 24);
            assertThat(l.results().stream().filter(r -> r.state() == PortState.CLOSED)).hasSize(10 * 50);
            assertThat(l.completions()).hasSize(10);
        } finally {
            for (LoopbackFixtures.JammedPort j : jammed) {
                j.close();
            }
        }
    }

    @Test
    void aListenerExceptionStopsTheScanAndIsReported() throws Exception {
        RuntimeException boom = new IllegalStateException("listener bug");
        AtomicInteger calls = new AtomicInteger();
        PortScanListener failing = new PortScanListener() {
            @Override
            public void onResult(PortProbeResult result) {
                calls.incrementAndGet();
                throw boom;
            }

            @Override
            public void onHostComplete(InetAddress host) {
            }
        };
        try (ConnectScanner s = new ConnectScanner(ScanTiming.defaults(), 1, failing)) {
            s.submit(V4, PortSet.range(6000, 6999));
            s.closeInput();
            assertThat(s.awaitTermination(WAIT)).isTrue();
            assertThat(s.failure()).containsSame(boom);
            assertThat(calls).hasValue(1);
        }
        assertThat(LoopbackFixtures.engineThreadAlive()).isFalse();
    }

    @Test
    void closeIsIdempotentAndLeavesNoThreadOrSocket() throws Exception {
        long fdsBefore = LoopbackFixtures.openFds();
        ConnectScanner s = new ConnectScanner(ScanTiming.defaults(), 1, new RecordingListener());
        s.submit(V4, PortSet.range(7000, 7999));
        s.close();
        s.close();
        assertThat(s.engineThreads()).noneMatch(Thread::isAlive);
        assertThat(LoopbackFixtures.engineThreadAlive()).isFalse();
        assertThat(LoopbackFixtures.openFds()).isLessThanOrEqualTo(fdsBefore);
    }
}
