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
        CongestionWindow w = new CongestionWindow(16, 1, 100); // tolerates 0 + 2 losses in a round of 16
        assertThat(w.onLoss(10, 20)).isFalse();
        assertThat(w.onLoss(11, 21)).isFalse();
        assertThat(w.onLoss(12, 22)).isTrue();
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
        CongestionWindow w = new CongestionWindow(100, 1, 100); // a round is 100 answers; 5 + 2 losses tolerated
        for (int i = 0; i < 7; i++) {
            assertThat(w.onLoss(i, 10 + i)).isFalse();
        }
        assertThat(w.limit()).isEqualTo(100);
        assertThat(w.onLoss(8, 20)).isTrue();
        assertThat(w.limit()).isEqualTo(50);
    }

    @Test
    void theToleranceRenewsEveryRound() {
        CongestionWindow w = new CongestionWindow(100, 1, 100);
        long t = 0;
        for (int round = 0; round < 10; round++) { // 7 % loss, steadily, for ten rounds: random loss
            for (int i = 0; i < 7; i++) {
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
    void twoPercentRandomLossLetsTheWindowGrowFromItsFirstRounds() {
        // A lossy link that is not congested: every probe is lost with probability 2 %, whatever the window.
        // Losses are found a few rounds after their probe was sent, as a retransmission's answer shows them.
        for (int initial : new int[] {32, 64}) {
            CongestionWindow w = new CongestionWindow(initial, initial, 4096);
            java.util.Random random = new java.util.Random(7);
            long now = 0;
            int decreases = 0;
            for (int answer = 0; answer < 20_000; answer++) {
                now += 10;
                if (random.nextDouble() < 0.02) {
                    decreases += w.onLoss(now - 5 * 10L * w.limit(), now) ? 1 : 0;
                } else {
                    w.onAnswer();
                }
            }
            assertThat(decreases).as("halvings from random loss, first window %d", initial).isLessThanOrEqualTo(2);
            assertThat(w.limit()).as("window after 20,000 answers, first window %d", initial).isGreaterThan(2_000);
        }
    }

    @Test
    void lossesFromTheSameFlightHalveOnlyOnce() {
        CongestionWindow w = new CongestionWindow(16, 1, 64);
        w.onLoss(90, 480);
        w.onLoss(95, 490); // the two tolerated losses of the round
        assertThat(w.onLoss(100, 500)).isTrue();
        assertThat(w.onLoss(200, 510)).isFalse(); // sent before the decrease at 500
        assertThat(w.onLoss(499, 520)).isFalse();
        assertThat(w.limit()).isEqualTo(8);
        w.onLoss(600, 880);
        w.onLoss(610, 890);
        assertThat(w.onLoss(620, 900)).isTrue(); // sent after it, beyond the round's tolerance: a new loss
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
        for (int t = 1; t <= 3; t++) {
            after.onLoss(t, t + 1); // the third loss of the round: threshold 8, congestion avoidance from here
        }
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
