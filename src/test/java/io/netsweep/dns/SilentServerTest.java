package io.netsweep.dns;

import static io.netsweep.dns.ReverseLookupOutcomeTest.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * Hundreds of lookups against a server that answers nothing (a real UDP socket on loopback that reads
 * and never replies) must end together, about one timeout after the first query, instead of timing out
 * in waves of the concurrency limit; a server that answers again is used again; and a real dnsmasq that
 * answers everything sees no difference.
 */
class SilentServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final int LIMIT = 64;
    private static final int LOOKUPS = 300;

    /** 10.1.0.1 and on: {@code n} distinct addresses. */
    private static InetAddress host(int n) {
        return address("10.1." + (n >> 8) + "." + (n & 0xff));
    }

    private static List<CompletableFuture<PtrResult>> lookupAll(ReverseResolver resolver, int from, int count) {
        List<CompletableFuture<PtrResult>> lookups = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            lookups.add(resolver.lookup(host(i)).toCompletableFuture());
        }
        return lookups;
    }

    @Test
    void hundredsOfLookupsBehindASilentServerEndTogetherWithoutQueryingInWaves() throws Exception {
        try (var silent = new FakeDnsServer(q -> List.of());
             var resolver = new ReverseResolver(new DnsOptions(List.of(silent.address()), TIMEOUT, 1, LIMIT, Optional.empty()))) {
            long start = System.nanoTime();
            List<CompletableFuture<PtrResult>> lookups = lookupAll(resolver, 1, LOOKUPS);
            for (var lookup : lookups) {
                assertThat(lookup.get(30, TimeUnit.SECONDS).status()).isEqualTo(DnsStatus.TIMEOUT);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            // One wave of LIMIT lookups, each with its retry, and one probe question (two queries) after it;
            // waves would have sent all 2 * LOOKUPS queries and taken LOOKUPS / LIMIT = 5 timeouts.
            assertThat(silent.queries()).isBetween(2 * LIMIT, 2 * LIMIT + 2);
            assertThat(elapsed).as("about one timeout, not five").isLessThan(TIMEOUT.multipliedBy(3));
        }
    }

    @Test
    void serverThatAnswersAgainIsAskedAgain() throws Exception {
        AtomicBoolean answering = new AtomicBoolean();
        try (var server = new FakeDnsServer(q -> answering.get() ? List.of(ptr(q)) : List.of());
             var resolver = new ReverseResolver(new DnsOptions(List.of(server.address()), TIMEOUT, 1, LIMIT, Optional.empty()))) {
            for (var lookup : lookupAll(resolver, 1, 100)) {
                assertThat(lookup.get(30, TimeUnit.SECONDS).status()).isEqualTo(DnsStatus.TIMEOUT);
            }
            answering.set(true);

            // The next lookup sends a probe; once its answer is in, lookups are asked and answered again.
            int n = 1000;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            PtrResult result = resolver.lookup(host(n)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            while (result.status() != DnsStatus.OK && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling for the probe's answer, with a deadline
                result = resolver.lookup(host(++n)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            assertThat(result.status()).isEqualTo(DnsStatus.OK);
            for (var lookup : lookupAll(resolver, 2000, 100)) {
                assertThat(lookup.get(30, TimeUnit.SECONDS).status()).isEqualTo(DnsStatus.OK);
            }
        }
    }

    @Test
    void silentServerIsSkippedWhileAnotherOneAnswers() throws Exception {
        try (var silent = new FakeDnsServer(q -> List.of());
             var alive = new FakeDnsServer(q -> List.of(ptr(q)));
             var resolver = new ReverseResolver(new DnsOptions(List.of(silent.address(), alive.address()), TIMEOUT, 1, LIMIT, Optional.empty()))) {
            // At first every lookup asks the silent server, then the other one after half the timeout.
            int n = 1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            boolean skipped = false;
            while (!skipped && System.nanoTime() < deadline) {
                int before = silent.queries();
                assertThat(resolver.lookup(host(n++)).toCompletableFuture().get(30, TimeUnit.SECONDS).status())
                        .isEqualTo(DnsStatus.OK);
                skipped = silent.queries() == before;
            }
            assertThat(skipped).as("a whole timeout after its first query the silent server is skipped").isTrue();
            int silentQueries = silent.queries();
            for (var lookup : lookupAll(resolver, 1000, LOOKUPS)) {
                assertThat(lookup.get(30, TimeUnit.SECONDS).status()).isEqualTo(DnsStatus.OK);
            }
            assertThat(silent.queries()).isEqualTo(silentQueries);
        }
    }

    @Test
    void dnsmasqThatAnswersEverythingGetsEveryLookup() throws Exception {
        List<String> records = new ArrayList<>();
        for (int i = 1; i <= LOOKUPS; i++) {
            if (i % 3 != 0) { // every third address has no PTR record: NXDOMAIN
                records.add("--ptr-record=" + (i & 0xff) + "." + (i >> 8) + ".1.10.in-addr.arpa,h" + i + ".lab.test");
            }
        }
        try (var dnsmasq = Dnsmasq.start(records, "1.0.1.10.in-addr.arpa.", Type.PTR);
             var resolver = new ReverseResolver(new DnsOptions(List.of(dnsmasq.address()), TIMEOUT, 1, LIMIT, Optional.empty()))) {
            List<CompletableFuture<PtrResult>> lookups = lookupAll(resolver, 1, LOOKUPS);
            for (int i = 1; i <= LOOKUPS; i++) {
                PtrResult result = lookups.get(i - 1).get(30, TimeUnit.SECONDS);
                assertThat(result).isEqualTo(i % 3 == 0 ? PtrResult.notFound(host(i), DnsStatus.NXDOMAIN)
                        : PtrResult.found(host(i), "h" + i + ".lab.test"));
            }
        }
    }

    private static byte[] ptr(FakeDnsServer.Query q) {
        return Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(Wire.name("back.lab.test")));
    }
}
