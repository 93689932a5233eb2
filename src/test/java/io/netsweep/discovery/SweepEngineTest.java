package io.netsweep.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.scan.HostInfo;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        LocalNetworks none = new LocalNetworks(List.of(), Map.of());
        HostEmitter emitter = new HostEmitter(listener, ipv6 -> NeighborTable.empty(), OuiRegistry.bundled(), none,
                false, Ticker.SYSTEM);
        SweepEngine engine = new SweepEngine(o, net, net, none, emitter, Ticker.SYSTEM, 1000);
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
