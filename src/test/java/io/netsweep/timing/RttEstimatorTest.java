package io.netsweep.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RttEstimatorTest {
    private static final long MS = 1_000_000L;

    private static RttEstimator estimator() {
        return new RttEstimator(Duration.ofMillis(1000), Duration.ofMillis(100), Duration.ofMillis(1250));
    }

    @Test
    void timeoutIsTheInitialOneBeforeAnySample() {
        RttEstimator e = estimator();
        assertThat(e.hasSamples()).isFalse();
        assertThat(e.timeoutNanos()).isEqualTo(1000 * MS);
    }

    @Test
    void initialTimeoutIsClampedToo() {
        RttEstimator e = new RttEstimator(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(300));
        assertThat(e.timeoutNanos()).isEqualTo(300 * MS);
        RttEstimator below = new RttEstimator(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(300));
        assertThat(below.timeoutNanos()).isEqualTo(100 * MS);
    }

    @Test
    void firstSampleSetsSrttAndHalfOfItAsVariance() {
        RttEstimator e = estimator();
        e.sample(100 * MS);
        assertThat(e.hasSamples()).isTrue();
        assertThat(e.srttNanos()).isEqualTo(100 * MS);
        assertThat(e.rttvarNanos()).isEqualTo(50 * MS);
        assertThat(e.timeoutNanos()).isEqualTo(300 * MS); // 100 + 4 * 50
    }

    @Test
    void laterSamplesFollowRfc6298() {
        RttEstimator e = estimator();
        e.sample(100 * MS);
        e.sample(200 * MS);
        // RTTVAR = 3/4 * 50 + 1/4 * |100 - 200| = 62.5; SRTT = 7/8 * 100 + 1/8 * 200 = 112.5
        assertThat(e.rttvarNanos()).isEqualTo(62_500_000L);
        assertThat(e.srttNanos()).isEqualTo(112_500_000L);
        assertThat(e.timeoutNanos()).isEqualTo(362_500_000L);
        e.sample(112_500_000L);
        // RTTVAR = 3/4 * 62.5 + 0 = 46.875; SRTT unchanged
        assertThat(e.rttvarNanos()).isEqualTo(46_875_000L);
        assertThat(e.srttNanos()).isEqualTo(112_500_000L);
    }

    @Test
    void steadySamplesConvergeAndTheFloorHolds() {
        RttEstimator e = estimator();
        for (int i = 0; i < 200; i++) {
            e.sample(30_000); // 30 us, a loopback round trip
        }
        assertThat(e.srttNanos()).isEqualTo(30_000);
        assertThat(e.rttvarNanos()).isLessThan(1_000);
        assertThat(e.timeoutNanos()).isEqualTo(100 * MS);
    }

    @Test
    void slowAnswersHitTheCeiling() {
        RttEstimator e = estimator();
        e.sample(900 * MS);
        assertThat(e.timeoutNanos()).isEqualTo(1250 * MS); // 900 + 4 * 450 = 2700, clamped
    }

    @Test
    void negativeSamplesAreIgnored() {
        RttEstimator e = estimator();
        e.sample(-5);
        assertThat(e.hasSamples()).isFalse();
        assertThat(e.timeoutNanos()).isEqualTo(1000 * MS);
    }

    @Test
    void theLargestSamplesAndTimeoutsSaturateInsteadOfOverflowing() {
        RttEstimator e = new RttEstimator(Duration.ofSeconds(Long.MAX_VALUE), Duration.ZERO,
                Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(e.timeoutNanos()).isEqualTo(Long.MAX_VALUE);
        e.sample(Long.MAX_VALUE);
        e.sample(Long.MAX_VALUE);
        e.sample(0);
        assertThat(e.srttNanos()).isPositive();
        assertThat(e.timeoutNanos()).isPositive().isGreaterThan(e.srttNanos());
    }

    @Test
    void aFloorAboveTheCeilingIsRefused() {
        assertThatThrownBy(() -> new RttEstimator(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RttEstimator(Duration.ofSeconds(1), Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
