package io.netsweep.dns;

import static io.netsweep.dns.ReverseLookupOutcomeTest.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** Reverse and forward lookups against a real dnsmasq on 127.0.0.1 that serves only the records below. */
class ReverseResolverDnsmasqTest {
    private static final String V6_HOST_PTR = "5.0." + "0.".repeat(28) + "d.f.ip6.arpa";
    private static Dnsmasq dnsmasq;
    private static ReverseResolver resolver;

    @BeforeAll
    static void startDnsmasq() throws Exception {
        dnsmasq = Dnsmasq.start(List.of(
                "--ptr-record=5.0.0.10.in-addr.arpa,host5.lab.test",
                "--ptr-record=" + V6_HOST_PTR + ",v6host.lab.test",
                "--ptr-record=6.0.0.10.in-addr.arpa,bs\\027[31m.lab.test",
                "--ptr-record=8.0.0.10.in-addr.arpa,sp ace.lab.test",
                "--host-record=name.lab.test,10.0.0.7,fd00::7",
                "--host-record=v4only.lab.test,10.0.0.9",
                "--cname=alias.lab.test,name.lab.test"),
                "5.0.0.10.in-addr.arpa.", Type.PTR);
        // The resolver's time never moves: every outcome below is dnsmasq's answer, however slowly it comes.
        ManualTimer frozen = new ManualTimer();
        resolver = new ReverseResolver(new DnsOptions(List.of(dnsmasq.address()), Duration.ofMinutes(10), 1, 16, Optional.empty()),
                ReverseResolver.CACHE_CAPACITY, frozen, frozen);
    }

    @AfterAll
    static void stopDnsmasq() throws Exception {
        if (resolver != null) {
            resolver.close();
        }
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    @Test
    void ipv4AddressResolvesToItsPtrName() throws Exception {
        InetAddress host = address("10.0.0.5");
        assertThat(lookup(host)).isEqualTo(PtrResult.found(host, "host5.lab.test"));
    }

    @Test
    void ipv6AddressResolvesToItsPtrName() throws Exception {
        InetAddress host = address("fd00::5");
        assertThat(lookup(host)).isEqualTo(PtrResult.found(host, "v6host.lab.test"));
    }

    @Test
    void addressWithoutPtrIsNxdomain() throws Exception {
        InetAddress host = address("10.0.0.99");
        assertThat(lookup(host)).isEqualTo(PtrResult.notFound(host, DnsStatus.NXDOMAIN));
    }

    @Test
    void escapeSequenceServedByDnsmasqNeverBecomesARealEscape() throws Exception {
        // dnsmasq serves a literal backslash followed by "027"; dnsjava presents that backslash escaped,
        // and the sanitizer must read it as a backslash character, not as the escape \027 (ESC)
        InetAddress host = address("10.0.0.6");
        assertThat(lookup(host)).isEqualTo(PtrResult.found(host, "bs?027?31m.lab.test"));
    }

    @Test
    void spaceInServedNameIsReplaced() throws Exception {
        InetAddress host = address("10.0.0.8");
        assertThat(lookup(host)).isEqualTo(PtrResult.found(host, "sp?ace.lab.test"));
    }

    @Test
    void hostNameResolvesToItsIpv4AndIpv6Addresses() throws Exception {
        assertThat(resolver.resolveHost("name.lab.test")).containsExactly(address("10.0.0.7"), address("fd00::7"));
    }

    @Test
    void hostNameWithOnlyAnARecordResolvesToThatAddress() throws Exception {
        assertThat(resolver.resolveHost("v4only.lab.test.")).containsExactly(address("10.0.0.9"));
    }

    @Test
    void aliasIsFollowedToItsTarget() throws Exception {
        assertThat(resolver.resolveHost("alias.lab.test")).containsExactly(address("10.0.0.7"), address("fd00::7"));
    }

    @Test
    void unknownHostNameThrowsWithStatusNxdomain() {
        assertThatThrownBy(() -> resolver.resolveHost("nosuch.lab.test"))
                .isInstanceOf(java.net.UnknownHostException.class)
                .isInstanceOfSatisfying(HostLookupException.class, e -> {
                    assertThat(e.status()).isEqualTo(DnsStatus.NXDOMAIN);
                    assertThat(e.getMessage()).isEqualTo("cannot resolve nosuch.lab.test: no such host (no A or AAAA record)");
                });
    }

    @Test
    void ipLiteralIsReturnedWithoutAQuery() throws Exception {
        assertThat(resolver.resolveHost("192.0.2.1")).containsExactly(address("192.0.2.1"));
        assertThat(resolver.resolveHost("2001:db8::1")).containsExactly(address("2001:db8::1"));
    }

    @Test
    void syntacticallyInvalidHostNameIsRejected() {
        assertThatThrownBy(() -> resolver.resolveHost("a..b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid host name 'a..b'");
        assertThatThrownBy(() -> resolver.resolveHost(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static PtrResult lookup(InetAddress host) throws Exception {
        return resolver.lookup(host).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
