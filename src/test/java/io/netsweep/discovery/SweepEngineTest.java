package io.netsweep.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.SimulatedClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The sweep's bookkeeping (retries, timeouts, exactly-once verdicts, matching of answers to the probes
 * outstanding) driven by a scripted network, whose "hosts" answer each probe as each test says, and a simulated
 * clock: time passes only while the sweep waits, so every instant is exact and nothing depends on the machine's
 * load.
 */
class SweepEngineTest {
    private static final InetAddress ANSWERS = InetAddress.ofLiteral("192.0.2.1");
    private static final InetAddress SILENT = InetAddress.ofLiteral("192.0.2.2");
    private static final InetAddress REJECTED = InetAddress.ofLiteral("192.0.2.3");
    private static final InetAddress THIRD_TIME = InetAddress.ofLiteral("192.0.2.4");
    private static final InetAddress FORGED_ONLY = InetAddress.ofLiteral("192.0.2.5");
    private static final InetAddress ARP_ONLY = InetAddress.ofLiteral("192.0.2.6");
    private static final InetAddress NOT_A_TARGET = InetAddress.ofLiteral("192.0.2.99");
    private static final long MS = 1_000_000L;
    /** The probe timeout of every sweep here: fixed, since silent targets give no round trips to learn from. */
    private static final Duration TIMEOUT = Duration.ofMillis(30);
    /**
     * Where the simulated clock starts: just below the top of the long range, so that the deadline of a target's
     * first retry lies past the point where the values wrap, as System.nanoTime()'s may, while the sweep still
     * checks it before: deadlines must compare by difference.
     */
    private static final long START = Long.MAX_VALUE - 55 * MS;

    /** A make-believe network that answers inside the send, as a host on the same machine would; sends nothing. */
    private static final class ScriptedNetwork implements Transport {
        final Map<InetAddress, AtomicInteger> sends = new ConcurrentHashMap<>();
        private final SimulatedClock clock;
        private volatile Sink sink;

        ScriptedNetwork(SimulatedClock clock) {
            this.clock = clock;
        }

        @Override
        public DiscoveryMethod method() {
            return DiscoveryMethod.ICMP_RAW;
        }

        @Override
        public int probesPerSend() {
            return 1;
        }

        @Override
        public void start(Sink s) {
            sink = s;
        }

        @Override
        public SendOutcome send(InetAddress target, int seq) {
            int attempt = sends.computeIfAbsent(target, k -> new AtomicInteger()).incrementAndGet();
            long now = clock.nanoTime();
            if (target.equals(ANSWERS)) {
                sink.answer(target, seq + 1, Answer.ECHO, now);        // wrong sequence: forged
                sink.answer(NOT_A_TARGET, seq, Answer.ECHO, now);      // stray from elsewhere
                sink.answer(target, seq, Answer.ECHO, now);            // genuine
                sink.answer(target, seq, Answer.ECHO, now);            // duplicate
            } else if (target.equals(REJECTED)) {
                sink.answer(target, seq, Answer.HOST_UNREACHABLE, now);
            } else if (target.equals(THIRD_TIME) && attempt == 3) {
                sink.answer(target, seq, Answer.ECHO, now);
            } else if (target.equals(FORGED_ONLY)) {
                sink.answer(target, seq ^ 0x5555, Answer.ECHO, now);
                sink.answer(target, seq - 1, Answer.UNREACHABLE_FROM_TARGET, now);
            }
            return SENT;
        }

        @Override
        public void drain(Sink s) {} // every answer came inside its send

        @Override
        public void release(InetAddress target) {}

        @Override
        public void close() {}
    }

    /**
     * The verdicts, and the simulated instant (nanos after the sweep's start) at which the listener heard each one:
     * exact for the verdicts that end a sweep (time stands still once the sweep stops waiting), a lower bound for
     * earlier ones (the sweep may wait on before the reporting thread runs).
     */
    private record Verdicts(List<HostInfo> ups, List<InetAddress> downs, Map<InetAddress, Long> decidedAt) {}

    /** Records the ARP requests the sweep asks for; a "host" answers only those, not the kernel's first. */
    private static final class RecordingSolicitor implements NeighborSolicitor {
        final Map<InetAddress, AtomicInteger> solicited = new ConcurrentHashMap<>();

        @Override
        public boolean solicit(InetAddress target) {
            solicited.computeIfAbsent(target, k -> new AtomicInteger()).incrementAndGet();
            return true;
        }

        @Override
        public void close() {}
    }

    /**
     * The kernel's ARP table as the scripted LAN makes it: SILENT and ARP_ONLY are still resolving
     * after the kernel's own request; ARP_ONLY resolves once one of our requests went out.
     */
    private static NeighborSource table(RecordingSolicitor arp) {
        return ipv6 -> {
            String arpOnly = arp.solicited.containsKey(ARP_ONLY)
                    ? "192.0.2.6 0x1 0x2 02:00:00:00:00:06 * eth0" : "192.0.2.6 0x1 0x0 00:00:00:00:00:00 * eth0";
            return NeighborTable.parseProcNetArp("IP address HW type Flags HW address Mask Device\n"
                    + "192.0.2.2 0x1 0x0 00:00:00:00:00:00 * eth0\n" + arpOnly + "\n");
        };
    }

    private static Verdicts sweep(List<InetAddress> targets, int retries) throws Exception {
        SimulatedClock clock = new SimulatedClock(START);
        return sweep(new ScriptedNetwork(clock), clock, targets, retries);
    }

    private static Verdicts sweep(ScriptedNetwork net, SimulatedClock clock, List<InetAddress> targets, int retries)
            throws Exception {
        return sweep(net, clock, false, LocalNetworks.none(), NeighborSolicitor.NONE, ipv6 -> NeighborTable.empty(),
                targets, retries);
    }

    private static Verdicts sweepOnLink(ScriptedNetwork net, SimulatedClock clock, NeighborSolicitor arp,
                                        NeighborSource neighbors, List<InetAddress> targets) throws Exception {
        LocalNetworks lan = LocalNetworks.of(List.of(new LocalNetworks.Subnet(
                InetAddress.ofLiteral("192.0.2.0").getAddress(), 24, Optional.empty())), Map.of());
        return sweep(net, clock, true, lan, arp, neighbors, targets, 2);
    }

    private static Verdicts sweep(ScriptedNetwork net, SimulatedClock clock, boolean readNeighbors,
                                  LocalNetworks local, NeighborSolicitor arp, NeighborSource neighbors, List<InetAddress> targets,
                                  int retries) throws Exception {
        List<HostInfo> ups = new CopyOnWriteArrayList<>();
        List<InetAddress> downs = new CopyOnWriteArrayList<>();
        Map<InetAddress, Long> decidedAt = new ConcurrentHashMap<>();
        DiscoveryListener listener = new DiscoveryListener() {
            @Override
            public void onHostUp(HostInfo host) {
                decidedAt.put(host.address(), clock.nanoTime() - START);
                ups.add(host);
            }

            @Override
            public void onHostDown(InetAddress address) {
                decidedAt.put(address, clock.nanoTime() - START);
                downs.add(address);
            }
        };
        DiscoveryOptions o = DiscoveryOptions.defaults().withReadNeighbors(readNeighbors).withRetries(retries)
                .withTimeouts(TIMEOUT, TIMEOUT, TIMEOUT.multipliedBy(2)).withRate(0);
        HostEmitter emitter = new HostEmitter(listener, neighbors, OuiRegistry.bundled(), local, readNeighbors,
                clock);
        SweepEngine engine = new SweepEngine(o, net, net, local, arp, emitter, clock, 1000);
        net.start(engine);
        Thread reporter = Thread.ofPlatform().start(() -> {
            try {
                emitter.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        engine.run(targets.iterator());
        emitter.submitEnd();
        reporter.join(Duration.ofSeconds(30));
        assertThat(reporter.isAlive()).as("the reporter ended").isFalse();
        return new Verdicts(new ArrayList<>(ups), new ArrayList<>(downs), Map.copyOf(decidedAt));
    }

    @Test
    void silentLocalTargetsGetAnArpRequestOfOursWithEveryRetryAndAnsweringOnesNone() throws Exception {
        SimulatedClock clock = new SimulatedClock(START);
        RecordingSolicitor arp = new RecordingSolicitor();

        Verdicts v = sweepOnLink(new ScriptedNetwork(clock), clock, arp, table(arp),
                List.of(ANSWERS, SILENT, REJECTED, THIRD_TIME, ARP_ONLY));

        assertThat(v.ups()).extracting(HostInfo::address).containsExactlyInAnyOrder(ANSWERS, THIRD_TIME, ARP_ONLY);
        assertThat(v.ups()).filteredOn(h -> h.address().equals(ARP_ONLY)).singleElement()
                .satisfies(h -> assertThat(h.reason()).isEqualTo("arp"));
        assertThat(v.downs()).containsExactlyInAnyOrder(SILENT, REJECTED);
        assertThat(arp.solicited.get(SILENT).get()).as("one per retry").isEqualTo(2);
        assertThat(arp.solicited.get(ARP_ONLY).get()).isEqualTo(2);
        assertThat(arp.solicited.get(THIRD_TIME).get()).as("answered the second retry").isEqualTo(2);
        assertThat(arp.solicited).as("answered at once, or told unreachable").doesNotContainKeys(ANSWERS, REJECTED);
    }

    @Test
    void anEntryStillResolvingIsWaitedForOneTimeoutAfterOurLastArpRequestNotTheKernelsSecond() throws Exception {
        SimulatedClock ours = new SimulatedClock(START);
        RecordingSolicitor arp = new RecordingSolicitor();
        Verdicts withOwnArp = sweepOnLink(new ScriptedNetwork(ours), ours, arp, table(arp), List.of(SILENT));
        SimulatedClock kernels = new SimulatedClock(START);
        Verdicts kernelOnly = sweepOnLink(new ScriptedNetwork(kernels), kernels, NeighborSolicitor.NONE,
                table(new RecordingSolicitor()), List.of(SILENT));

        assertThat(withOwnArp.downs()).containsExactly(SILENT);
        assertThat(kernelOnly.downs()).containsExactly(SILENT);
        long three = 3 * TIMEOUT.toNanos();
        assertThat(withOwnArp.decidedAt().get(SILENT))
                .as("three timeouts, the last one after our last ARP request; then one read of the table")
                .isEqualTo(three);
        assertThat(kernelOnly.decidedAt().get(SILENT))
                .as("without ARP of our own: past the kernel's retransmission at 1 s after the first probe")
                .isEqualTo(HostEmitter.NEIGHBOR_GRACE_NANOS);
    }

    @Test
    void everyTargetGetsExactlyOneVerdictAndOnlyMatchingAnswersCount() throws Exception {
        Verdicts v = sweep(List.of(ANSWERS, SILENT, REJECTED, THIRD_TIME, FORGED_ONLY), 2);

        assertThat(v.ups()).extracting(HostInfo::address).containsExactlyInAnyOrder(ANSWERS, THIRD_TIME);
        assertThat(v.ups()).allSatisfy(h -> {
            assertThat(h.reason()).isEqualTo("icmp-echo");
            assertThat(h.rtt()).hasValue(Duration.ZERO); // the scripted hosts answer within the send
        });
        assertThat(v.downs()).containsExactlyInAnyOrder(SILENT, REJECTED, FORGED_ONLY);
        assertThat(v.decidedAt()).as("silence is decided after three timeouts, the last verdicts")
                .containsEntry(SILENT, 3 * TIMEOUT.toNanos()).containsEntry(FORGED_ONLY, 3 * TIMEOUT.toNanos());
        assertThat(v.decidedAt().get(THIRD_TIME)).as("answered the second retry")
                .isBetween(2 * TIMEOUT.toNanos(), 3 * TIMEOUT.toNanos());
    }

    @Test
    void silentTargetsAreRetriedThenGivenUpWhileRejectedOnesAreNot() throws Exception {
        SimulatedClock clock = new SimulatedClock(START);
        ScriptedNetwork net = new ScriptedNetwork(clock);

        sweep(net, clock, List.of(ANSWERS, SILENT, REJECTED, THIRD_TIME, FORGED_ONLY), 2);

        assertThat(net.sends.get(SILENT).get()).as("first probe and two retries").isEqualTo(3);
        assertThat(net.sends.get(FORGED_ONLY).get()).as("forgeries do not stop the retries").isEqualTo(3);
        assertThat(net.sends.get(THIRD_TIME).get()).isEqualTo(3);
        assertThat(net.sends.get(REJECTED).get()).as("host-unreachable: no retry").isEqualTo(1);
        assertThat(net.sends.get(ANSWERS).get()).isEqualTo(1);
    }

    @Test
    void aRepeatOfATargetStillInFlightIsSkipped() throws Exception {
        SimulatedClock clock = new SimulatedClock(START);
        ScriptedNetwork net = new ScriptedNetwork(clock);

        Verdicts v = sweep(net, clock, List.of(SILENT, SILENT), 0);

        assertThat(v.downs()).containsExactly(SILENT);
        assertThat(net.sends.get(SILENT).get()).isEqualTo(1);
    }

    @Test
    void withoutRetriesASilentTargetGetsOneProbe() throws Exception {
        Verdicts v = sweep(List.of(SILENT, THIRD_TIME), 0);

        assertThat(v.downs()).containsExactlyInAnyOrder(SILENT, THIRD_TIME);
        assertThat(v.decidedAt()).containsEntry(SILENT, TIMEOUT.toNanos()).containsEntry(THIRD_TIME, TIMEOUT.toNanos());
    }

    /** A network where every target is unreachable, known inside the send: verdicts come as fast as sends go. */
    private static final class Unreachable implements Transport {
        @Override
        public DiscoveryMethod method() {
            return DiscoveryMethod.ICMP_RAW;
        }

        @Override
        public int probesPerSend() {
            return 1;
        }

        @Override
        public void start(Sink s) {}

        @Override
        public SendOutcome send(InetAddress target, int seq) {
            return new SendOutcome.Immediate(Answer.HOST_UNREACHABLE);
        }

        @Override
        public void drain(Sink s) {}

        @Override
        public void release(InetAddress target) {}

        @Override
        public void close() {}
    }

    @Test
    void aListenerThatFallsBehindHoldsUpTheSweepInsteadOfItsVerdictsPilingUp() throws Exception {
        int targets = 4 * SweepEngine.MAX_UNREPORTED + 4 * SweepEngine.MAX_PENDING_ICMP;
        SimulatedClock clock = new SimulatedClock(START);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger downs = new AtomicInteger();
        DiscoveryListener held = new DiscoveryListener() {
            @Override
            public void onHostUp(HostInfo host) {
                throw new AssertionError("up: " + host);
            }

            @Override
            public void onHostDown(InetAddress address) {
                try {
                    release.await(); // the first verdict waits until the test lets it go
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                downs.incrementAndGet();
            }
        };
        DiscoveryOptions o = DiscoveryOptions.defaults().withReadNeighbors(false).withRetries(0)
                .withTimeouts(TIMEOUT, TIMEOUT, TIMEOUT).withRate(0);
        HostEmitter emitter = new HostEmitter(held, ipv6 -> NeighborTable.empty(), OuiRegistry.bundled(),
                LocalNetworks.none(), false, clock);
        Unreachable net = new Unreachable();
        SweepEngine engine = new SweepEngine(o, net, net, LocalNetworks.none(), NeighborSolicitor.NONE, emitter, clock,
                1000);
        List<InetAddress> addresses = new ArrayList<>(targets);
        for (int i = 0; i < targets; i++) {
            addresses.add(InetAddress.getByAddress(new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i}));
        }
        Thread sweep = Thread.ofPlatform().start(() -> engine.run(addresses.iterator()));
        Thread reporter = Thread.ofPlatform().start(() -> {
            try {
                emitter.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            // Held up, the sweep sends nothing more while simulated time goes by (its waits); not held, it ends.
            long sent = -1;
            long since = clock.nanoTime();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (sweep.isAlive() && clock.nanoTime() - since < Duration.ofSeconds(1).toNanos()
                    && System.nanoTime() < deadline) {
                if (engine.probesSent() != sent) {
                    sent = engine.probesSent();
                    since = clock.nanoTime();
                }
                Thread.onSpinWait(); // polling the sweep's own counters, with a deadline
            }
            assertThat(sweep.isAlive()).as("the sweep waits for its listener").isTrue();
            assertThat(engine.probesSent()).as("targets taken while the listener is held")
                    .isLessThanOrEqualTo(SweepEngine.MAX_UNREPORTED + SweepEngine.MAX_PENDING_ICMP);
        } finally {
            release.countDown();
        }
        sweep.join(Duration.ofSeconds(30));
        assertThat(sweep.isAlive()).as("the sweep ended once its listener caught up").isFalse();
        emitter.submitEnd();
        reporter.join(Duration.ofSeconds(30));
        assertThat(downs.get()).isEqualTo(targets);
    }
}
