package io.netsweep.dns;

import static io.netsweep.dns.ReverseLookupOutcomeTest.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * What the machine itself knows comes first and stays on the machine: a real dnsmasq on 127.0.0.1, which
 * would answer every question below with a name of its own and logs each one, next to this test's own
 * hosts file. Names of loopback and link-local addresses, and {@code localhost}, are never asked of it;
 * hosts file entries win over its answers; other addresses, private ones included, are asked as before.
 */
class LocalAnswersDnsmasqTest {
    /** Long, so that dnsjava's own wait for each query (the time left, in real time) never ends one here. */
    private static final Duration ANSWERS_COME = Duration.ofMinutes(10);
    private static final String LOOPBACK6_PTR = "1." + "0.".repeat(31) + "ip6.arpa";
    private static final String LINK_LOCAL6_PTR = "1." + "0.".repeat(27) + "0.8.e.f.ip6.arpa";
    private static final String HOSTS = """
            # this test's hosts file
            127.0.0.2\tLoop2.hosts.test   alias2   # a comment after the names
            10.0.0.5    fromhosts.lab.test
            10.9.0.1    multi.hosts.test first-line
            10.9.0.2    multi.hosts.test
            fd00::9     MULTI.hosts.test
            10.9.0.1    second-line.hosts.test
            169.254.7.7 printer.hosts.test
            """;

    @TempDir
    Path dir;
    private Dnsmasq dnsmasq; // one per test: its log holds that test's questions only
    private ReverseResolver resolver;

    @BeforeEach
    void start() throws Exception {
        dnsmasq = Dnsmasq.start(List.of(
                "--ptr-record=1.0.0.127.in-addr.arpa,loop1.dns.test",
                "--ptr-record=2.0.0.127.in-addr.arpa,loop2.dns.test",
                "--ptr-record=9.0.0.127.in-addr.arpa,loop9.dns.test",
                "--ptr-record=" + LOOPBACK6_PTR + ",v6loop.dns.test",
                "--ptr-record=1.1.254.169.in-addr.arpa,linklocal.dns.test",
                "--ptr-record=" + LINK_LOCAL6_PTR + ",v6linklocal.dns.test",
                "--ptr-record=5.0.0.10.in-addr.arpa,host5.dns.test",
                "--ptr-record=6.0.0.10.in-addr.arpa,host6.dns.test",
                "--ptr-record=1.1.168.192.in-addr.arpa,router.dns.test",
                "--host-record=localhost,10.9.9.9",
                "--host-record=db.localhost,10.9.9.8",
                "--host-record=multi.hosts.test,10.9.9.7",
                "--local=/localhost/", "--local=/hosts.test/"),
                "6.0.0.10.in-addr.arpa.", Type.PTR);
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, HOSTS, StandardCharsets.US_ASCII);
        resolver = frozen(new DnsOptions(List.of(dnsmasq.address()), ANSWERS_COME, 1, 16, Optional.of(hosts)));
    }

    @AfterEach
    void stop() throws Exception {
        if (resolver != null) {
            resolver.close();
        }
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    @Test
    void loopbackAddressesAreAnsweredLocallyAndNeverAskedOfTheServer() throws Exception {
        assertThat(lookup("127.0.0.1")).isEqualTo(PtrResult.found(address("127.0.0.1"), "localhost"));
        assertThat(lookup("::1")).isEqualTo(PtrResult.found(address("::1"), "localhost"));
        assertThat(lookup("127.0.0.2")).isEqualTo(PtrResult.found(address("127.0.0.2"), "Loop2.hosts.test"));
        assertThat(lookup("127.0.0.9")).isEqualTo(PtrResult.notFound(address("127.0.0.9"), DnsStatus.NOT_FOUND_LOCALLY));
        assertThat(lookup("::ffff:127.0.0.1")).isEqualTo(PtrResult.found(address("::ffff:127.0.0.1"), "localhost"));

        assertThat(dnsmasq.questionsBefore()).noneMatch(q -> q.contains("127.in-addr.arpa") || q.endsWith("ip6.arpa"));
    }

    @Test
    void linkLocalAndThisNetworkAddressesAreNeverAskedOfTheServer() throws Exception {
        for (String a : List.of("169.254.1.1", "fe80::1", "0.0.0.0", "255.255.255.255", "::")) {
            assertThat(lookup(a)).as(a).isEqualTo(PtrResult.notFound(address(a), DnsStatus.NOT_FOUND_LOCALLY));
        }
        assertThat(lookup("169.254.7.7")).isEqualTo(PtrResult.found(address("169.254.7.7"), "printer.hosts.test"));

        assertThat(dnsmasq.questionsBefore()).noneMatch(q -> q.contains("254.169.in-addr.arpa")
                || q.endsWith("e.f.ip6.arpa") || q.contains("0.0.0.0.in-addr") || q.contains("255.255.255.255")
                || q.equals("PTR " + "0.".repeat(32) + "ip6.arpa"));
    }

    @Test
    void theHostsFileNameWinsOverTheServersAnswer() throws Exception {
        assertThat(lookup("10.0.0.5")).isEqualTo(PtrResult.found(address("10.0.0.5"), "fromhosts.lab.test"));
        // the first line that lists an address names it, with its first name
        assertThat(lookup("10.9.0.1")).isEqualTo(PtrResult.found(address("10.9.0.1"), "multi.hosts.test"));

        assertThat(dnsmasq.questionsBefore()).doesNotContain("PTR 5.0.0.10.in-addr.arpa", "PTR 1.0.9.10.in-addr.arpa");
    }

    @Test
    void privateAddressesNotInTheHostsFileAreAskedOfTheServer() throws Exception {
        assertThat(lookup("10.0.0.6")).isEqualTo(PtrResult.found(address("10.0.0.6"), "host6.dns.test"));
        assertThat(lookup("192.168.1.1")).isEqualTo(PtrResult.found(address("192.168.1.1"), "router.dns.test"));

        assertThat(dnsmasq.questionsBefore()).contains("PTR 1.1.168.192.in-addr.arpa");
    }

    @Test
    void localhostNamesAreTheLoopbackAddressesWithoutAQuery() throws Exception {
        List<InetAddress> loopback = List.of(address("127.0.0.1"), address("::1"));
        assertThat(resolver.resolveHost("localhost")).isEqualTo(loopback);
        assertThat(resolver.resolveHost("db.LOCALHOST.")).isEqualTo(loopback);

        assertThat(dnsmasq.questionsBefore()).noneMatch(q -> q.contains("localhost"));
    }

    @Test
    void aHostnameInTheHostsFileIsEveryAddressItListsIpv4FirstWithoutAQuery() throws Exception {
        assertThat(resolver.resolveHost("Multi.Hosts.Test"))
                .containsExactly(address("10.9.0.1"), address("10.9.0.2"), address("fd00::9"));
        assertThat(resolver.resolveHost("alias2")).containsExactly(address("127.0.0.2"));

        assertThat(dnsmasq.questionsBefore()).noneMatch(q -> q.contains("hosts.test") || q.contains("alias2"));
    }

    @Test
    void withoutAHostsFileLoopbackStillStaysLocal() throws Exception {
        try (var bare = frozen(new DnsOptions(List.of(dnsmasq.address()), ANSWERS_COME, 1, 16,
                Optional.of(dir.resolve("no-such-hosts-file"))))) {
            assertThat(bare.lookup(address("127.0.0.2")).toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isEqualTo(PtrResult.notFound(address("127.0.0.2"), DnsStatus.NOT_FOUND_LOCALLY));
            assertThat(bare.lookup(address("10.0.0.5")).toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isEqualTo(PtrResult.found(address("10.0.0.5"), "host5.dns.test"));
        }
        assertThat(dnsmasq.questionsBefore()).noneMatch(q -> q.contains("127.in-addr.arpa"))
                .contains("PTR 5.0.0.10.in-addr.arpa");
    }

    /**
     * A resolver whose time (a {@link ManualTimer}'s) never moves: every outcome is dnsmasq's answer or a local
     * one, however slowly dnsmasq answers on a loaded machine.
     */
    private static ReverseResolver frozen(DnsOptions options) {
        ManualTimer frozen = new ManualTimer();
        return new ReverseResolver(options, ReverseResolver.CACHE_CAPACITY, frozen, frozen);
    }

    private PtrResult lookup(String literal) throws Exception {
        return resolver.lookup(address(literal)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
