package io.netsweep.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pacing against a made-up clock: exact instants, no sleeping. */
class RateLimiterTest {
    private static final long MS = 1_000_000L;
    private static final long YEAR = 365L * 24 * 3600 * 1000 * MS;
    /** Clock origins to try: {@link System#nanoTime()} may be anywhere in the long range, and wraps. */
    private static final long[] ORIGINS = {0, -5_000_000_000_000_000_000L, Long.MAX_VALUE - 3 * MS, Long.MIN_VALUE};

    @Test
    void firstProbeLeavesAtOnceThenTheRateApplies() {
        for (long t0 : ORIGINS) {
            RateLimiter r = new RateLimiter(100, t0); // one every 10 ms
            assertThat(r.tryAcquire(t0)).isTrue();
            assertThat(r.tryAcquire(t0)).isFalse();
            assertThat(r.nanosUntilReady(t0)).isEqualTo(10 * MS);
            assertThat(r.nanosUntilReady(t0 + 4 * MS)).isEqualTo(6 * MS);
            assertThat(r.tryAcquire(t0 + 9 * MS)).isFalse();
            assertThat(r.tryAcquire(t0 + 10 * MS)).isTrue();
        }
    }

    @Test
    void pacingSpreadsProbesEvenlyWithoutAnInitialBurst() {
        RateLimiter r = new RateLimiter(1000, 0);
        assertThat(r.ready(0)).isTrue();
        r.consume(1);
        assertThat(r.ready(0)).as("the burst is saved up only by idle time").isFalse();
        assertThat(r.nanosUntilReady(0)).isEqualTo(MS);
        assertThat(r.ready(MS)).isTrue();
    }

    @Test
    void idleTimeBuysOnlyTenMillisecondsOfProbes() {
        RateLimiter r = new RateLimiter(10_000, 0); // burst: 10 ms worth = 100 probes
        int taken = 0;
        while (r.tryAcquire(5_000 * MS)) {
            taken++;
        }
        assertThat(taken).isEqualTo(100);
        RateLimiter slow = new RateLimiter(1000, 0);
        taken = 0;
        while (slow.tryAcquire(5_000 * MS)) {
            taken++;
        }
        assertThat(taken).isEqualTo(10);
    }

    @Test
    void aProbeOfSeveralPermitsLeavesADebt() {
        RateLimiter r = new RateLimiter(1000, 0);
        assertThat(r.ready(0)).isTrue();
        r.consume(4);
        assertThat(r.nanosUntilReady(0)).isEqualTo(4 * MS);
        assertThat(r.ready(3 * MS)).isFalse();
        assertThat(r.ready(4 * MS)).isTrue();
    }

    @Test
    void slowRatesStillAllowOneProbe() {
        RateLimiter r = new RateLimiter(1.0 / 15, 0);
        assertThat(r.tryAcquire(0)).isTrue();
        assertThat(r.tryAcquire(14_000 * MS)).isFalse();
        assertThat(r.tryAcquire(15_000 * MS)).isTrue();
    }

    @Test
    void zeroMeansUnlimited() {
        RateLimiter r = new RateLimiter(0, 0);
        for (int i = 0; i < 1_000_000; i++) {
            assertThat(r.tryAcquire(0)).isTrue();
        }
        assertThat(r.nanosUntilReady(0)).isZero();
        assertThat(r.unlimited()).isTrue();
        assertThat(RateLimiter.isUnlimited(0)).isTrue();
    }

    @ParameterizedTest(name = "{0}/s")
    @ValueSource(doubles = {2e9, 1e12, 1e18, 1e21, 1e300, Double.MAX_VALUE, Double.POSITIVE_INFINITY})
    void aHugeRateMeansUnlimitedWhereverTheClockStands(double rate) {
        assertThat(RateLimiter.isUnlimited(rate)).isTrue();
        for (long t0 : ORIGINS) {
            RateLimiter r = new RateLimiter(rate, t0);
            assertThat(r.unlimited()).isTrue();
            for (int i = 0; i < 10_000; i++) {
                assertThat(r.tryAcquire(t0)).isTrue();
                r.consume(Integer.MAX_VALUE);
            }
            assertThat(r.nanosUntilReady(t0)).isZero();
            assertThat(r.nanosUntilReady(t0 + Long.MAX_VALUE)).isZero();
        }
    }

    @ParameterizedTest(name = "{0}/s")
    @ValueSource(doubles = {1e9, 5e8, 1e6})
    void theFastestLimitedRatesKeepTheirPaceAndBurst(double rate) {
        for (long t0 : ORIGINS) {
            RateLimiter r = new RateLimiter(rate, t0);
            assertThat(r.unlimited()).isFalse();
            int first = 0;
            while (r.tryAcquire(t0)) {
                first++;
            }
            assertThat(first).as("one probe at once").isEqualTo(1);
            int burst = 0;
            while (r.tryAcquire(t0 + 1_000 * MS)) {
                burst++;
            }
            assertThat((double) burst).as("10 ms worth after idle time").isCloseTo(rate / 100, offset(rate / 1e4));
            assertThat(r.nanosUntilReady(t0 + 1_000 * MS)).isBetween(1L, MS);
        }
    }

    @ParameterizedTest(name = "{0}/s")
    @ValueSource(doubles = {Double.MIN_VALUE, 1e-300, 1e-12, 1e-9})
    void aTinyRateSendsOneProbeThenWaitsWithoutOverflowing(double rate) {
        for (long t0 : ORIGINS) {
            RateLimiter r = new RateLimiter(rate, t0);
            assertThat(r.unlimited()).isFalse();
            assertThat(r.tryAcquire(t0)).isTrue();
            assertThat(r.tryAcquire(t0)).isFalse();
            long wait = r.nanosUntilReady(t0);
            assertThat(wait).as("a long wait, never a negative or zero one").isGreaterThan(YEAR);
            assertThat(r.ready(t0 + 1_000_000 * MS)).isFalse();
            assertThat(r.nanosUntilReady(t0 + 1_000_000 * MS)).isPositive().isLessThan(wait);
            r.consume(Integer.MAX_VALUE);
            assertThat(r.nanosUntilReady(t0 + 1_000_000 * MS)).isPositive();
            assertThat(r.ready(t0 + Long.MAX_VALUE)).isFalse();
        }
    }

    @Test
    void aNegativeOrUndefinedRateIsRefused() {
        assertThatThrownBy(() -> new RateLimiter(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(Double.NEGATIVE_INFINITY, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
