package io.netsweep.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Adaptive timeouts, pacing and probe order: pure computations, driven by a made-up clock. */
class TimingTest {
    private static final long MS = 1_000_000L;

    private static RttEstimator estimator() {
        return new RttEstimator(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMillis(1250));
    }

    @Test
    void beforeAnyAnswerTheInitialTimeoutApplies() {
        assertThat(estimator().timeoutNanos()).isEqualTo(1000 * MS);
        var tooLong = new RttEstimator(Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(2));
        assertThat(tooLong.timeoutNanos()).as("kept under the ceiling").isEqualTo(2000 * MS);
    }

    @Test
    void fastAnswersBringTheTimeoutDownToTheFloor() {
        RttEstimator e = estimator();
        for (int i = 0; i < 20; i++) {
            e.sample(MS / 2);
        }
        assertThat(e.timeoutNanos()).isEqualTo(100 * MS);
    }

    @Test
    void timeoutIsSmoothedRttPlusFourVariances() {
        RttEstimator e = estimator();
        e.sample(200 * MS); // srtt 200, rttvar 100
        assertThat(e.timeoutNanos()).isEqualTo(600 * MS);
        e.sample(400 * MS); // rttvar = (3*100 + 200)/4 = 125, srtt = (7*200 + 400)/8 = 225
        assertThat(e.timeoutNanos()).isEqualTo(725 * MS);
    }

    @Test
    void slowAnswersAreCappedAtTheCeiling() {
        RttEstimator e = estimator();
        e.sample(3000 * MS);
        assertThat(e.timeoutNanos()).isEqualTo(1250 * MS);
    }

    @Test
    void pacingSpreadsProbesEvenlyAtTheRate() {
        RateLimiter r = new RateLimiter(1000, 0);
        assertThat(r.ready(0)).isTrue();
        r.consume(1);
        assertThat(r.ready(0)).isFalse();
        assertThat(r.nanosUntilReady(0)).isEqualTo(MS);
        assertThat(r.ready(MS)).isTrue();
    }

    @Test
    void anIdleLimiterSavesUpAtMostTenMillisecondsOfProbes() {
        RateLimiter r = new RateLimiter(1000, 0);
        long now = 5_000 * MS;
        int burst = 0;
        while (r.ready(now)) {
            r.consume(1);
            burst++;
        }
        assertThat(burst).isEqualTo(10);
    }

    @Test
    void aTcpPingPaysForEachPortItProbes() {
        RateLimiter r = new RateLimiter(1000, 0);
        r.consume(4);
        assertThat(r.nanosUntilReady(0)).isEqualTo(4 * MS);
    }

    @Test
    void zeroRateMeansUnlimited() {
        RateLimiter r = new RateLimiter(0, 0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(r.ready(0)).isTrue();
            r.consume(1);
        }
        assertThatThrownBy(() -> new RateLimiter(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void probeOrderIsASeededPermutationThatReadsAheadOnlyOneWindow() {
        List<Integer> source = IntStream.range(0, 1000).boxed().toList();
        int[] consumed = {0};
        Iterator<Integer> counting = new Iterator<>() {
            final Iterator<Integer> it = source.iterator();

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Integer next() {
                consumed[0]++;
                return it.next();
            }
        };
        ProbeOrder<Integer> order = new ProbeOrder<>(counting, 64, 7);
        List<Integer> out = new ArrayList<>();
        out.add(order.next());
        assertThat(consumed[0]).as("lazy: one window read").isEqualTo(64);
        order.forEachRemaining(out::add);

        assertThat(out).containsExactlyInAnyOrderElementsOf(source).isNotEqualTo(source);
        List<Integer> again = new ArrayList<>();
        new ProbeOrder<>(source.iterator(), 64, 7).forEachRemaining(again::add);
        assertThat(again).as("same seed, same order").isEqualTo(out);
    }
}
