package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CongestionWindowTest {

    @Test
    void slowStartAddsOnePerAnswerUpToTheCeiling() {
        CongestionWindow w = new CongestionWindow(4, 1, 10);
        assertThat(w.limit()).isEqualTo(4);
        for (int i = 0; i < 3; i++) {
            w.onAnswer();
        }
        assertThat(w.limit()).isEqualTo(7);
        for (int i = 0; i < 100; i++) {
            w.onAnswer();
        }
        assertThat(w.limit()).isEqualTo(10);
    }

    @Test
    void lossHalvesTheWindowAndGrowthSlowsAfterwards() {
        CongestionWindow w = new CongestionWindow(16, 1, 100); // tolerates no loss in a round of 16
        assertThat(w.onLoss(10, 20)).isTrue();
        assertThat(w.limit()).isEqualTo(8);
        // Above the threshold each answer adds 1/window: 8 answers add about one.
        for (int i = 0; i < 8; i++) {
            w.onAnswer();
        }
        assertThat(w.limit()).isEqualTo(8);
        w.onAnswer();
        w.onAnswer();
        assertThat(w.limit()).isEqualTo(9);
    }

    @Test
    void aSmallShareOfLossesPerRoundIsToleratedAndMoreHalves() {
        CongestionWindow w = new CongestionWindow(100, 1, 100); // a round is 100 answers; 5 losses tolerated
        for (int i = 0; i < 5; i++) {
            assertThat(w.onLoss(i, 10 + i)).isFalse();
        }
        assertThat(w.limit()).isEqualTo(100);
        assertThat(w.onLoss(6, 20)).isTrue();
        assertThat(w.limit()).isEqualTo(50);
    }

    @Test
    void theToleranceRenewsEveryRound() {
        CongestionWindow w = new CongestionWindow(100, 1, 100);
        long t = 0;
        for (int round = 0; round < 10; round++) { // 5 % loss, steadily, for ten rounds: random loss
            for (int i = 0; i < 5; i++) {
                assertThat(w.onLoss(t, t + 1)).isFalse();
                t += 2;
            }
            for (int i = 0; i < 100; i++) {
                w.onAnswer();
            }
        }
        assertThat(w.limit()).isEqualTo(100);
    }

    @Test
    void lossesFromTheSameFlightHalveOnlyOnce() {
        CongestionWindow w = new CongestionWindow(16, 1, 64);
        assertThat(w.onLoss(100, 500)).isTrue();
        assertThat(w.onLoss(200, 510)).isFalse(); // sent before the decrease at 500
        assertThat(w.onLoss(499, 520)).isFalse();
        assertThat(w.limit()).isEqualTo(8);
        assertThat(w.onLoss(600, 900)).isTrue(); // sent after it: a new loss
        assertThat(w.limit()).isEqualTo(4);
    }

    @Test
    void theFloorHolds() {
        CongestionWindow w = new CongestionWindow(8, 3, 8);
        for (int t = 1; t <= 10; t++) {
            w.onLoss(t * 10L, t * 10L + 1);
        }
        assertThat(w.limit()).isEqualTo(3);
    }

    @Test
    void silenceGrowsTheWindowInSlowStartOnly() {
        CongestionWindow w = new CongestionWindow(4, 1, 1000);
        for (int i = 0; i < 96; i++) {
            w.onSilentTimeout();
        }
        assertThat(w.limit()).isEqualTo(100);
        CongestionWindow after = new CongestionWindow(16, 1, 1000);
        after.onLoss(1, 2); // threshold 8: congestion avoidance from here
        for (int i = 0; i < 100; i++) {
            after.onSilentTimeout();
        }
        assertThat(after.limit()).isEqualTo(8);
    }

    @Test
    void forConcurrencyStaysWithinTheConcurrency() {
        assertThat(CongestionWindow.forConcurrency(1).limit()).isEqualTo(1);
        assertThat(CongestionWindow.forConcurrency(10).limit()).isEqualTo(10);
        CongestionWindow w = CongestionWindow.forConcurrency(4096);
        assertThat(w.limit()).isEqualTo(Math.max(CongestionWindow.INITIAL, 4096 / CongestionWindow.FLOOR_DIVISOR));
        for (int i = 0; i < 10_000; i++) {
            w.onAnswer();
        }
        assertThat(w.limit()).isEqualTo(4096);
        for (int t = 1; t <= 40_000; t++) {
            w.onLoss(t * 10L, t * 10L + 1);
        }
        assertThat(w.limit()).isEqualTo(4096 / CongestionWindow.FLOOR_DIVISOR);
    }

    @Test
    void inconsistentBoundsAreRejected() {
        assertThatThrownBy(() -> new CongestionWindow(5, 6, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CongestionWindow(11, 1, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
