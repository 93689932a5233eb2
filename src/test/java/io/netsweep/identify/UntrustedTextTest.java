package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one cleaning of network text, as identification, service detection and MCP discovery keep it. */
class UntrustedTextTest {

    @Test
    void controlAndInvisibleFormattingCharactersAreRemoved() {
        assertThat(UntrustedText.clean("a\u0000b\u202ec\u200bd\u001b[31m\u007f", 100)).isEqualTo("abcd[31m");
    }

    @Test
    void whiteSpaceRunsBecomeOneSpaceAndEndsAreTrimmed() {
        assertThat(UntrustedText.clean(" \t Apache \r\n\u00a0 httpd \n", 100)).isEqualTo("Apache httpd");
    }

    @Test
    void replacementCharactersFromUndecodableBytesAreDropped() {
        assertThat(UntrustedText.clean("nginx\ufffd\ufffd/1.2\ufffd", 100)).isEqualTo("nginx/1.2");
    }

    @Test
    void unpairedSurrogatesUnassignedAndPrivateUseAreDroppedButPairedOnesKept() {
        assertThat(UntrustedText.clean("a\ud800b\ue000c\udfffd", 100)).isEqualTo("abcd");
        assertThat(UntrustedText.clean("ok \ud83d\ude00", 100)).isEqualTo("ok \ud83d\ude00");
        assertThat(UntrustedText.clean("x\u0378y", 100)).as("U+0378 is unassigned").isEqualTo("xy");
    }

    @Test
    void theCapCountsCodePointsAndNeverEndsOnASpace() {
        assertThat(UntrustedText.clean("a\ud83d\ude00bc", 2)).isEqualTo("a\ud83d\ude00");
        assertThat(UntrustedText.clean("ab cd", 3)).isEqualTo("ab");
        assertThat(UntrustedText.clean("ab cd", 4)).isEqualTo("ab c");
        assertThat(UntrustedText.clean("ab", 0)).isEmpty();
    }

    @Test
    void identificationsFieldsAreCleanedTheSameWay() {
        assertThat(Untrusted.field("Jupyter\ufffd Server ")).hasValue("Jupyter Server");
        assertThat(Untrusted.field("\ufffd \u200b")).isEmpty();
    }
}
