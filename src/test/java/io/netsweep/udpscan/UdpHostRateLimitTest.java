package io.netsweep.udpscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.timing.RttEstimator;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link UdpHost} driven on a simulated clock against a target that limits its ICMP errors as Linux does
 * ({@code icmp_ratelimit} 1000 ms with a burst of six: {@code inet_peer_xrlim_allow}'s token bucket, refilled per
 * millisecond jiffy), over a link of 0.1 ms each way: every closed port must end closed and every dropped port
 * open|filtered, however many closed ports wait for their token. (The lab tests check the same against the real
 * kernel; here the order of events is exact, so a host with many closed ports is checked deterministically.)
 */
class UdpHostRateLimitTest {
    private static final long MS = 1_000_000L;
    private static final long ONE_WAY = 100_000L;

    /** The target: which ports are closed (the others drop), and its per-destination ICMP token bucket. */
    private static final class Target {
        private final Set<Integer> closed;
        private long tokensMs = 6_000; // a full bucket: six errors' worth
        private long lastJiffy;

        Target(Set<Integer> closed) {
            this.closed = closed;
        }

        /** Whether a probe arriving at {@code at} draws an ICMP error. */
        boolean answers(int port, long at) {
            if (!closed.contains(port)) {
                return false;
            }
            long jiffy = at / MS;
            tokensMs = Math.min(6_000, tokensMs + (jiffy - lastJiffy));
            lastJiffy = jiffy;
            if (tokensMs < 1_000) {
                return false;
            }
            tokensMs -= 1_000;
            return true;
        }
    }

    private record Arrival(long at, int port) {}

    @ParameterizedTest(name = "{0} closed ports, 10 dropped")
    @ValueSource(ints = {12, 40, 85})
    void everyClosedPortEndsClosedHoweverLongItWaitsForItsToken(int closedCount) throws Exception {
        List<Integer> closedPorts = IntStream.rangeClosed(1, closedCount).map(i -> 20_000 + i).boxed().toList();
        List<Integer> dropped = IntStream.rangeClosed(1, 10).map(i -> 30_000 + i).boxed().toList();
        List<Integer> all = new ArrayList<>(closedPorts);
        all.addAll(dropped);
        Target target = new Target(Set.copyOf(closedPorts));
        UdpHost host = new UdpHost(InetAddress.ofLiteral("10.77.0.2"), all.stream().mapToInt(Integer::intValue).toArray(),
                11, 2, new RttEstimator(Duration.ofMillis(1000), Duration.ofMillis(100), Duration.ofMillis(1250)), 0);
        PriorityQueue<Arrival> errors = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
        Map<Integer, String> verdicts = new HashMap<>();
        long now = 0;
        int steps = 0;
        while (!host.done()) {
            assertThat(++steps).as("the scan ends").isLessThan(1_000_000);
            while (!errors.isEmpty() && errors.peek().at() <= now) {
                Arrival e = errors.poll();
                record(verdicts, host.icmp(e.port(), UdpVerdict.PORT_UNREACH, true, e.at()));
            }
            record(verdicts, host.expire(now));
            long sentAt = now;
            for (int port : host.due(now, UdpScanner.HOST_WINDOW)) {
                host.sent(port, sentAt);
                if (target.answers(port, sentAt + ONE_WAY)) {
                    errors.add(new Arrival(sentAt + 2 * ONE_WAY, port));
                }
                sentAt += 2_000; // 2 us a datagram, as a sender does back to back
            }
            long next = host.nextDeadline(now + 200 * MS);
            if (!errors.isEmpty() && errors.peek().at() < next) {
                next = errors.peek().at();
            }
            now = Math.max(next, sentAt + 1);
        }
        Map<String, List<Integer>> byVerdict = verdicts.entrySet().stream().collect(Collectors.groupingBy(
                Map.Entry::getValue, Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
        assertThat(byVerdict.getOrDefault("no-response", List.of())).as("open|filtered, at %d ms", now / MS)
                .containsExactlyInAnyOrderElementsOf(dropped);
        assertThat(byVerdict.getOrDefault("port-unreach", List.of())).as("closed")
                .containsExactlyInAnyOrderElementsOf(closedPorts);
    }

    private static void record(Map<Integer, String> verdicts, List<UdpHost.Decided> decided) {
        for (UdpHost.Decided d : decided) {
            assertThat(verdicts.put(d.port(), d.verdict().label())).as("one verdict for %d", d.port()).isNull();
        }
    }
}
