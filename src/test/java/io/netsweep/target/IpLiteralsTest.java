package io.netsweep.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one IP-literal parser, in its two forms: targets (no zone IDs) and DNS servers (scopes allowed). */
class IpLiteralsTest {

    @Test
    void aScopeIsANumberOrAnInterfaceOfThisMachine() throws Exception {
        Inet6Address numbered = (Inet6Address) IpLiterals.parseScoped("fe80::1%7").orElseThrow();
        assertThat(numbered.getScopeId()).isEqualTo(7);
        assertThat(numbered.getAddress()).isEqualTo(InetAddress.ofLiteral("fe80::1").getAddress());
        assertThat(IpLiterals.parseScoped("fe80::1%nosuchif0")).isEmpty();
        // A name scope needs an interface with a link-local address (the JDK takes its scope from one).
        Optional<NetworkInterface> linkLocal = NetworkInterface.networkInterfaces()
                .filter(n -> n.inetAddresses().anyMatch(InetAddress::isLinkLocalAddress)).findFirst();
        assumeTrue(linkLocal.isPresent(), "no interface with an IPv6 link-local address here");
        Inet6Address named = (Inet6Address) IpLiterals.parseScoped("fe80::1%" + linkLocal.get().getName()).orElseThrow();
        assertThat(named.getScopedInterface()).isEqualTo(linkLocal.get());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"010.0.0.1", "1.2.3", "256.1.1.1", "[::1]", "::1%", "1.2.3.4%1", "::1%a b", "::1:5353:",
        "fe80::1%99999999999", "dns.example", ""})
    void aDnsServerAddressIsAStrictLiteral(String text) {
        assertThat(IpLiterals.parseScoped(text)).isEmpty();
    }

    @Test
    void bothFormsReadTheSameAddressesAlike() {
        for (String text : new String[] {"192.0.2.1", "::1", "2001:db8::1", "::ffff:192.0.2.1", "fd00::10.0.0.1"}) {
            assertThat(IpLiterals.parseScoped(text)).hasValue(IpLiterals.parse(text));
        }
        assertThat(IpLiterals.parse("::ffff:192.0.2.1")).as("IPv4-mapped text stays IPv6").isInstanceOf(Inet6Address.class);
    }

    @Test
    void targetsRefuseZoneIds() {
        assertThatThrownBy(() -> IpLiterals.parse("fe80::1%1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zone");
    }
}
