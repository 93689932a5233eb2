package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long MS = 1_000_000L;

    @Test
    void firstProbeLeavesAtOnceThenTheRateApplies() {
        TokenBucket b = new TokenBucket(100, 0); // one every 10 ms
        assertThat(b.tryAcquire(0)).isTrue();
        assertThat(b.tryAcquire(0)).isFalse();
        assertThat(b.nanosUntilAvailable(0)).isCloseTo(10 * MS, within(2L));
        assertThat(b.nanosUntilAvailable(4 * MS)).isCloseTo(6 * MS, within(2L));
        assertThat(b.tryAcquire(9 * MS)).isFalse();
        assertThat(b.tryAcquire(10 * MS)).isTrue();
    }

    @Test
    void idleTimeBuysOnlyASmallBurst() {
        TokenBucket b = new TokenBucket(10_000, 0); // burst: 10 ms worth = 100 tokens
        int taken = 0;
        while (b.tryAcquire(5_000 * MS)) {
            taken++;
        }
        assertThat(taken).isEqualTo(100);
    }

    @Test
    void slowRatesStillAllowOneToken() {
        TokenBucket b = new TokenBucket(1.0 / 15, 0);
        assertThat(b.tryAcquire(0)).isTrue();
        assertThat(b.tryAcquire(14_000 * MS)).isFalse();
        assertThat(b.tryAcquire(15_000 * MS)).isTrue();
    }

    @Test
    void zeroMeansUnlimited() {
        TokenBucket b = new TokenBucket(0, 0);
        for (int i = 0; i < 1_000_000; i++) {
            assertThat(b.tryAcquire(0)).isTrue();
        }
        assertThat(b.nanosUntilAvailable(0)).isZero();
    }
}
