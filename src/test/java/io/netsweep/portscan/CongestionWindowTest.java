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
        CongestionWindow w = new CongestionWindow(40, 1, 100);
        assertThat(w.onLoss(10, 20)).isTrue();
        assertThat(w.limit()).isEqualTo(20);
        // Above the threshold each answer adds 1/window: 20 answers add about one.
        for (int i = 0; i < 20; i++) {
            w.onAnswer();
        }
        assertThat(w.limit()).isEqualTo(20);
        w.onAnswer();
        w.onAnswer();
        assertThat(w.limit()).isEqualTo(21);
    }

    @Test
    void lossesFromTheSameFlightHalveOnlyOnce() {
        CongestionWindow w = new CongestionWindow(64, 1, 64);
        assertThat(w.onLoss(100, 500)).isTrue();
        assertThat(w.onLoss(200, 510)).isFalse(); // sent before the decrease at 500
        assertThat(w.onLoss(499, 520)).isFalse();
        assertThat(w.limit()).isEqualTo(32);
        assertThat(w.onLoss(600, 900)).isTrue(); // sent after it: a new loss
        assertThat(w.limit()).isEqualTo(16);
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
    void forConcurrencyStaysWithinTheConcurrency() {
        assertThat(CongestionWindow.forConcurrency(1).limit()).isEqualTo(1);
        assertThat(CongestionWindow.forConcurrency(10).limit()).isEqualTo(10);
        CongestionWindow w = CongestionWindow.forConcurrency(4096);
        assertThat(w.limit()).isEqualTo(Math.max(CongestionWindow.INITIAL, 4096 / CongestionWindow.FLOOR_DIVISOR));
        for (int i = 0; i < 10_000; i++) {
            w.onAnswer();
        }
        assertThat(w.limit()).isEqualTo(4096);
        for (int t = 1; t <= 40; t++) {
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
