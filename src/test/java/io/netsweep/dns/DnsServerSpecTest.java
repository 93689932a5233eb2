package io.netsweep.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.target.IpLiterals;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DnsServerSpecTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1          | 127.0.0.1   | 53",
        "127.0.0.1:5353     | 127.0.0.1   | 5353",
        "' 10.1.2.3:53 '    | 10.1.2.3    | 53",
        "::1                | ::1         | 53",
        "[::1]              | ::1         | 53",
        "[::1]:5353         | ::1         | 5353",
        "[fd00::53]:65535   | fd00::53    | 65535",
        "fe80::1%1          | fe80::1%1   | 53",
    })
    void acceptedFormsGiveAddressAndPort(String spec, String address, int port) {
        InetSocketAddress parsed = DnsServerSpec.parse(spec);
        assertThat(parsed.getAddress()).isEqualTo(IpLiterals.parseScoped(address).orElseThrow());
        assertThat(parsed.getPort()).isEqualTo(port);
        assertThat(parsed.isUnresolved()).isFalse();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "dns.example", "1.2.3", "010.0.0.1", "256.1.1.1", "1.2.3.4:0", "1.2.3.4:65536",
        "1.2.3.4:", "1.2.3.4:x", "[::1", "[::1]5353", "[1.2.3.4]:53", "::1:5353:", "[::1]:99999", "fe80::1%nosuchif0"})
    void badInputIsRejectedWithOneLine(String spec) {
        assertThatThrownBy(() -> DnsServerSpec.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid DNS server '")
                .hasMessageNotContaining("\n");
    }

    @org.junit.jupiter.api.Test
    void controlCharactersInBadInputAreNotEchoed() {
        assertThatThrownBy(() -> DnsServerSpec.parse("\u001b[31m"))
                .hasMessage("invalid DNS server '?[31m': not an IP address (use IP, IP:PORT or [IPv6]:PORT)");
    }
}
