package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every timing knob is bounded in the record itself, whoever builds it (command line, web form, tests):
 * no value reaches the engine that would overflow its arithmetic or make a scan wait without end.
 */
class ScanTimingTest {

    @ParameterizedTest(name = "rate {0}")
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e21, 1e-300, -1,
        1_000_001, 1.0 / 301})
    void ratesThatNeverEndOrOverflowAreRefused(double rate) {
        assertThatThrownBy(() -> ScanTiming.defaults().withRate(rate)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate");
    }

    @ParameterizedTest(name = "rate {0}")
    @ValueSource(doubles = {0, 1.0 / 300, 1, 2.5, 1_000_000})
    void noLimitAndRatesFromTheSlowestTemplateToAMillionAreAccepted(double rate) {
        assertThat(ScanTiming.defaults().withRate(rate).ratePerSecond()).isEqualTo(rate);
    }

    @Test
    void everyTemplateIsWithinTheBounds() {
        for (int level = 0; level <= 5; level++) {
            assertThat(ScanTiming.template(level)).isNotNull();
        }
    }

    @Test
    void concurrencyRetriesAndTimeoutsAreBounded() {
        ScanTiming t = ScanTiming.defaults();
        assertThatThrownBy(() -> t.withConcurrency(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.withConcurrency(ScanTiming.MAX_CONCURRENCY + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.withRetries(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.withRetries(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.withFixedTimeout(ScanTiming.MAX_TIMEOUT.plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(t.withFixedTimeout(ScanTiming.MAX_TIMEOUT).maxTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(t.withRetries(ScanTiming.MAX_RETRIES).retries()).isEqualTo(100);
    }
}
