package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LossEvidenceTest {
    /** Evidence with {@code answers} ports answered at once and enough unanswered retransmissions to silent hosts. */
    private static LossEvidence clean(int answers) {
        LossEvidence e = new LossEvidence();
        for (int i = 0; i < answers; i++) {
            e.answered(1);
        }
        for (int i = 0; i < LossEvidence.SILENT_RETRIES_REQUIRED; i++) {
            e.silentRetransmissionUnanswered();
        }
        return e;
    }

    @Test
    void withoutEvidenceLossIsNotRuledOutAndSamplesAreWanted() {
        LossEvidence e = new LossEvidence();
        assertThat(e.lossRuledOut()).isFalse();
        assertThat(e.wantsSamples()).isTrue();
        assertThat(e.lossUpperBound()).isEqualTo(1.0);
    }

    @Test
    void threeHundredCleanSamplesRuleLossOutByTheRuleOfThree() {
        assertThat(clean(299).lossRuledOut()).isFalse();
        assertThat(clean(299).wantsSamples()).isTrue();
        assertThat(clean(300).lossRuledOut()).isTrue();
        assertThat(clean(300).wantsSamples()).isFalse();
    }

    @Test
    void lossIsNotRuledOutBeforeEnoughRetransmissionsToSilentHostsWentUnanswered() {
        LossEvidence e = new LossEvidence();
        for (int i = 0; i < 1000; i++) {
            e.answered(1);
        }
        for (int i = 1; i < LossEvidence.SILENT_RETRIES_REQUIRED; i++) {
            e.silentRetransmissionUnanswered();
        }
        assertThat(e.lossRuledOut()).isFalse();
        e.silentRetransmissionUnanswered();
        assertThat(e.lossRuledOut()).isTrue();
    }

    @Test
    void lostSamplesKeepLossFromBeingRuledOut() {
        LossEvidence e = clean(300);
        e.sampleLost();
        assertThat(e.lossRuledOut()).isFalse();
        assertThat(e.wantsSamples()).isTrue();
        for (int i = 0; i < 300; i++) {
            e.sampleDelivered();
        }
        // 1 lost of 601: the bound (1 + 3 + 2) / 601 is below 1 %
        assertThat(e.lossRuledOut()).isTrue();
    }

    @Test
    void portsFoundOnlyByARetransmissionKeepRetransmissionsGoingHoweverManySamplesSayClean() {
        LossEvidence e = clean(1000);
        for (int i = 0; i < 2000; i++) {
            e.sampleDelivered();
        }
        for (int i = 0; i < 11; i++) {
            e.answered(2); // 11 of 1,011 ports: more than 1 % answered only a retransmission
        }
        assertThat(e.lossUpperBound()).isLessThan(LossEvidence.MAX_LOSS);
        assertThat(e.lossRuledOut()).isFalse();
    }

    @Test
    void samplesStopAtTheBudget() {
        LossEvidence e = new LossEvidence();
        for (int i = 0; i < LossEvidence.MAX_SAMPLES - 1; i++) {
            e.sampleLost();
        }
        assertThat(e.wantsSamples()).isTrue();
        e.sampleDelivered();
        assertThat(e.wantsSamples()).isFalse();
    }
}
