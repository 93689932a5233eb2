package io.netsweep.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {
    private static final Map<String, String> CI = Map.of(Prerequisites.STRICT_ENV, "1");

    @Test
    void missingPrerequisiteSkipsOnADevelopersMachine() {
        assertThatThrownBy(() -> Prerequisites.require(false, "no fping", Map.of()))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("no fping");
    }

    @Test
    void missingPrerequisiteFailsWhenStrict() {
        assertThatThrownBy(() -> Prerequisites.require(false, "no fping", CI))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("no fping")
                .hasMessageContaining(Prerequisites.STRICT_ENV);
    }

    @Test
    void onlyTheValueOneIsStrict() {
        assertThatThrownBy(() -> Prerequisites.require(false, "x", Map.of(Prerequisites.STRICT_ENV, "0")))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void metPrerequisitePassesEitherWay() {
        assertThatCode(() -> Prerequisites.require(true, "x", CI)).doesNotThrowAnyException();
        assertThatCode(() -> Prerequisites.require(true, "x", Map.of())).doesNotThrowAnyException();
    }
}
