package io.netsweep.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsOptionsTest {
    private static final InetSocketAddress LOCAL = DnsServerSpec.parse("127.0.0.1:5353");

    @Test
    void defaultsAreTwoSecondsOneRetrySixtyFourAtOnce() {
        DnsOptions options = DnsOptions.of(List.of(LOCAL));
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.retries()).isEqualTo(1);
        assertThat(options.maxConcurrent()).isEqualTo(64);
    }

    @Test
    void serverListIsCopied() {
        List<InetSocketAddress> servers = new ArrayList<>(List.of(LOCAL));
        DnsOptions options = DnsOptions.of(servers);
        servers.clear();
        assertThat(options.servers()).containsExactly(LOCAL);
    }

    @Test
    void invalidValuesAreRejected() {
        assertThatThrownBy(() -> DnsOptions.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DnsOptions.of(List.of(InetSocketAddress.createUnresolved("dns.example", 53))))
                .isInstanceOf(IllegalArgumentException.class);
        DnsOptions options = DnsOptions.of(List.of(LOCAL));
        assertThatThrownBy(() -> options.withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withRetries(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withMaxConcurrent(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
