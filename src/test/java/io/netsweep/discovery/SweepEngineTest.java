package io.netsweep.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The sweep's bookkeeping (retries, timeouts, exactly-once verdicts, matching of answers to the
 * probes outstanding) driven by a scripted network: a transport whose "hosts" answer as each
 * test says, from another thread, as a receiver would.
 */
class SweepEngineTest {
    private static final InetAddress ANSWERS = InetAddress.ofLiteral("192.0.2.1");
    private static final InetAddress SILENT = InetAddress.ofLiteral("192.0.2.2");
    private static final InetAddress REJECTED = InetAddress.ofLiteral("192.0.2.3");
    private static final InetAddress THIRD_TIME = InetAddress.ofLiteral("192.0.2.4");
    private static final InetAddress FORGED_ONLY = InetAddress.ofLiteral("192.0.2.5");
    private static final InetAddress ARP_ONLY = InetAddress.ofLiteral("192.0.2.6");
    private static final InetAddress NOT_A_TARGET = InetAddress.ofLiteral("192.0.2.99");

    /** A make-believe network; sends nothing anywhere. */
    private static final class ScriptedNetwork implements Transport {
        final Map<InetAddress, AtomicInteger> sends = new ConcurrentHashMap<>();
        private volatile Sink sink;

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
            int n = sends.computeIfAbsent(target, k -> new AtomicInteger()).incrementAndGet();
            Thread.ofVirtual().start(() -> respond(target, seq, n));
            return SENT;
        }

        private void respond(InetAddress target, int seq, int attempt) {
            long now = System.nanoTime();
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
        }

        @Override
        public void release(InetAddress target) {}

        @Override
        public void close() {}
    }

    private record Verdicts(List<HostInfo> ups, List<InetAddress> downs) {}

    private static Verdicts sweep(ScriptedNetwork net, List<InetAddress> targets, int retries) throws Exception {
        List<HostInfo> ups = new CopyOnWriteArrayList<>();
        List<InetAddress> downs = new CopyOnWriteArrayList<>();
        DiscoveryListener listener = new DiscoveryListener() {
            @Override
            public void onHostUp(HostInfo host) {
                ups.add(host);
            }

            @Override
            public void onHostDown(InetAddress address) {
                downs.add(address);
            }
        };
        DiscoveryOptions o = DiscoveryOptions.defaults().withReadNeighbors(false).withRetries(retries)
                .withTimeouts(Duration.ofMillis(30), Duration.ofMillis(30), Duration.ofMillis(60)).withRate(0);
        LocalNetworks none = LocalNetworks.none();
        HostEmitter emitter = new HostEmitter(listener, ipv6 -> NeighborTable.empty(), OuiRegistry.bundled(), none,
                false, Ticker.SYSTEM);
        SweepEngine engine = new SweepEngine(o, net, net, none, NeighborSolicitor.NONE, emitter, Ticker.SYSTEM, 1000);
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
        reporter.join(5000);
        return new Verdicts(new ArrayList<>(ups), new ArrayList<>(downs));
    }

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

    private static Verdicts sweepOnLink(ScriptedNetwork net, NeighborSolicitor arp, NeighborSource neighbors,
                                        List<InetAddress> targets) throws Exception {
        List<HostInfo> ups = new CopyOnWriteArrayList<>();
        List<InetAddress> downs = new CopyOnWriteArrayList<>();
        DiscoveryListener listener = new DiscoveryListener() {
            @Override
            public void onHostUp(HostInfo host) {
                ups.add(host);
            }

            @Override
            public void onHostDown(InetAddress address) {
                downs.add(address);
            }
        };
        DiscoveryOptions o = DiscoveryOptions.defaults().withRetries(2)
                .withTimeouts(Duration.ofMillis(30), Duration.ofMillis(30), Duration.ofMillis(60)).withRate(0);
        LocalNetworks lan = LocalNetworks.of(List.of(new LocalNetworks.Subnet(
                InetAddress.ofLiteral("192.0.2.0").getAddress(), 24, Optional.empty())), Map.of());
        HostEmitter emitter = new HostEmitter(listener, neighbors, OuiRegistry.bundled(), lan, true, Ticker.SYSTEM);
        SweepEngine engine = new SweepEngine(o, net, net, lan, arp, emitter, Ticker.SYSTEM, 1000);
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
        reporter.join(5000);
        return new Verdicts(new ArrayList<>(ups), new ArrayList<>(downs));
    }

    @Test
    void silentLocalTargetsGetAnArpRequestOfOursWithEveryRetryAndAnsweringOnesNone() throws Exception {
        ScriptedNetwork net = new ScriptedNetwork();
        RecordingSolicitor arp = new RecordingSolicitor();

        Verdicts v = sweepOnLink(net, arp, table(arp), List.of(ANSWERS, SILENT, REJECTED, THIRD_TIME, ARP_ONLY));

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
        RecordingSolicitor arp = new RecordingSolicitor();
        long ours = System.nanoTime();
        Verdicts withOwnArp = sweepOnLink(new ScriptedNetwork(), arp, table(arp), List.of(SILENT));
        long oursMillis = (System.nanoTime() - ours) / 1_000_000;
        long kernels = System.nanoTime();
        Verdicts kernelOnly = sweepOnLink(new ScriptedNetwork(), NeighborSolicitor.NONE,
                table(new RecordingSolicitor()), List.of(SILENT));
        long kernelMillis = (System.nanoTime() - kernels) / 1_000_000;

        assertThat(withOwnArp.downs()).containsExactly(SILENT);
        assertThat(kernelOnly.downs()).containsExactly(SILENT);
        assertThat(kernelMillis).as("without ARP of our own: past the kernel's retransmission at 1 s")
                .isGreaterThanOrEqualTo(HostEmitter.NEIGHBOR_GRACE_NANOS / 1_000_000);
        assertThat(oursMillis).as("three 30 ms timeouts, then one read of the table").isLessThan(kernelMillis);
    }

    @Test
    void everyTargetGetsExactlyOneVerdictAndOnlyMatchingAnswersCount() throws Exception {
        ScriptedNetwork net = new ScriptedNetwork();

        Verdicts v = sweep(net, List.of(ANSWERS, SILENT, REJECTED, THIRD_TIME, FORGED_ONLY), 2);

        assertThat(v.ups()).extracting(HostInfo::address).containsExactlyInAnyOrder(ANSWERS, THIRD_TIME);
        assertThat(v.ups()).allSatisfy(h -> {
            assertThat(h.reason()).isEqualTo("icmp-echo");
            assertThat(h.rtt()).isPresent();
        });
        assertThat(v.downs()).containsExactlyInAnyOrder(SILENT, REJECTED, FORGED_ONLY);
    }

    @Test
    void silentTargetsAreRetriedThenGivenUpWhileRejectedOnesAreNot() throws Exception {
        ScriptedNetwork net = new ScriptedNetwork();

        sweep(net, List.of(ANSWERS, SILENT, REJECTED, THIRD_TIME, FORGED_ONLY), 2);

        assertThat(net.sends.get(SILENT).get()).as("first probe and two retries").isEqualTo(3);
        assertThat(net.sends.get(FORGED_ONLY).get()).as("forgeries do not stop the retries").isEqualTo(3);
        assertThat(net.sends.get(THIRD_TIME).get()).isEqualTo(3);
        assertThat(net.sends.get(REJECTED).get()).as("host-unreachable: no retry").isEqualTo(1);
        assertThat(net.sends.get(ANSWERS).get()).isEqualTo(1);
    }

    @Test
    void aRepeatOfATargetStillInFlightIsSkipped() throws Exception {
        ScriptedNetwork net = new ScriptedNetwork();

        Verdicts v = sweep(net, List.of(ANSWERS, ANSWERS), 0);

        assertThat(v.ups()).hasSize(1);
        assertThat(net.sends.get(ANSWERS).get()).isEqualTo(1);
    }

    @Test
    void withoutRetriesASilentTargetGetsOneProbe() throws Exception {
        ScriptedNetwork net = new ScriptedNetwork();

        Verdicts v = sweep(net, List.of(SILENT, THIRD_TIME), 0);

        assertThat(v.downs()).containsExactlyInAnyOrder(SILENT, THIRD_TIME);
        assertThat(net.sends.get(SILENT).get()).isEqualTo(1);
    }
}
