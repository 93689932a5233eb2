package io.netsweep.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscoveryOptionsTest {
    @Test
    void defaultsSweepASlash24InAFractionOfASecond() {
        DiscoveryOptions d = DiscoveryOptions.defaults();
        assertThat(256 / d.ratePerSecond()).isLessThan(0.2);
        assertThat(d.forcedMethod()).isEmpty();
        assertThat(d.retries()).isEqualTo(2);
        assertThat(d.tcpPingPorts()).containsExactly(80, 443, 22, 3389);
        assertThat(d.readNeighbors()).isTrue();
    }

    @Test
    void rejectsNonsense() {
        DiscoveryOptions d = DiscoveryOptions.defaults();
        assertThatThrownBy(() -> d.withRate(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withRetries(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withTimeouts(Duration.ZERO, Duration.ofMillis(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withTcpPingPorts(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withTcpPingPorts(List.of(0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withTcpPingPorts(List.of(65536))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withersChangeOneThing() {
        DiscoveryOptions d = DiscoveryOptions.defaults().withSeed(5);
        DiscoveryOptions e = d.withForcedMethod(DiscoveryMethod.TCP_CONNECT);
        assertThat(e.forcedMethod()).isEqualTo(Optional.of(DiscoveryMethod.TCP_CONNECT));
        assertThat(e.withReadNeighbors(d.readNeighbors())).isEqualTo(new DiscoveryOptions(
                Optional.of(DiscoveryMethod.TCP_CONNECT), d.ratePerSecond(), d.retries(), d.initialTimeout(),
                d.minTimeout(), d.maxTimeout(), d.tcpPingPorts(), 5, d.readNeighbors()));
    }
}
