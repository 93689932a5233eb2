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
 * and never replies) must end together, one timeout after the first query, instead of timing out
 * in waves of the concurrency limit; a server that answers again is used again; and a real dnsmasq that
 * answers everything sees no difference. Time is a {@link ManualTimer}'s, moved only by the test.
 */
class SilentServerTest {
    /** Long, so that dnsjava's own wait for each query (the time left, in real time) never ends one here. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int LIMIT = 64;
    private static final int LOOKUPS = 300;
    /** A hang guard only: lookups that are due end within milliseconds. */
    private static final long GUARD_SECONDS = 30;

    private final ManualTimer timer = new ManualTimer();

    /** 10.1.0.1 and on: {@code n} distinct addresses. */
    private static InetAddress host(int n) {
        return address("10.1." + (n >> 8) + "." + (n & 0xff));
    }

    private ReverseResolver resolver(FakeDnsServer... servers) {
        return resolver(java.util.Arrays.stream(servers).map(FakeDnsServer::address).toList());
    }

    private ReverseResolver resolver(List<java.net.InetSocketAddress> servers) {
        return new ReverseResolver(new DnsOptions(servers, TIMEOUT, 1, LIMIT, Optional.empty()), ReverseResolver.CACHE_CAPACITY, timer, timer);
    }

    private static List<CompletableFuture<PtrResult>> lookupAll(ReverseResolver resolver, int from, int count) {
        List<CompletableFuture<PtrResult>> lookups = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            lookups.add(resolver.lookup(host(i)).toCompletableFuture());
        }
        return lookups;
    }

    private static PtrResult get(CompletableFuture<PtrResult> lookup) throws Exception {
        return lookup.get(GUARD_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Lets the first {@code count} lookups made against a silent server time out: their first queries, their
     * retries at half the timeout, then the timeout.
     */
    private void timeOutTheFirstWave(FakeDnsServer silent, int count) throws Exception {
        assertThat(silent.awaitQueries(count, Duration.ofSeconds(GUARD_SECONDS))).isTrue();
        timer.advance(TIMEOUT.dividedBy(2));
        assertThat(silent.awaitQueries(2 * count, Duration.ofSeconds(GUARD_SECONDS))).isTrue();
        timer.advance(TIMEOUT.dividedBy(2));
    }

    @Test
    void hundredsOfLookupsBehindASilentServerEndTogetherWithoutQueryingInWaves() throws Exception {
        try (var silent = new FakeDnsServer(q -> List.of());
             var resolver = resolver(silent)) {
            List<CompletableFuture<PtrResult>> lookups = lookupAll(resolver, 1, LOOKUPS);
            timeOutTheFirstWave(silent, LIMIT);

            // Waves would need a timeout each (LOOKUPS / LIMIT = 5 in all): time stays at one timeout here.
            for (var lookup : lookups) {
                assertThat(get(lookup).status()).isEqualTo(DnsStatus.TIMEOUT);
            }
            assertThat(timer.elapsed()).as("one timeout, not five").isEqualTo(TIMEOUT);
            // One wave of LIMIT lookups, each with its retry, and one probe question after it (its first query;
            // its retry would be due only half a timeout later); waves would have sent all 2 * LOOKUPS queries.
            assertThat(silent.awaitQueries(2 * LIMIT + 1, Duration.ofSeconds(GUARD_SECONDS))).isTrue();
            assertThat(silent.queries()).isEqualTo(2 * LIMIT + 1);
        }
    }

    @Test
    void serverThatAnswersAgainIsAskedAgain() throws Exception {
        AtomicBoolean answering = new AtomicBoolean();
        try (var server = new FakeDnsServer(q -> answering.get() ? List.of(ptr(q)) : List.of());
             var resolver = resolver(server)) {
            List<CompletableFuture<PtrResult>> first = lookupAll(resolver, 1, LIMIT);
            timeOutTheFirstWave(server, LIMIT);
            for (var lookup : first) {
                assertThat(get(lookup).status()).isEqualTo(DnsStatus.TIMEOUT);
            }
            answering.set(true);

            // Every server is silent: the next lookup ends at once and sends a probe question, whose answer
            // makes the server heard again; from then on lookups are asked and answered again.
            int probesBefore = server.queries();
            assertThat(get(resolver.lookup(host(1000)).toCompletableFuture()).status()).isEqualTo(DnsStatus.TIMEOUT);
            assertThat(server.awaitQueries(probesBefore + 1, Duration.ofSeconds(GUARD_SECONDS))).isTrue();
            int n = 1001;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
            PtrResult result = get(resolver.lookup(host(n)).toCompletableFuture());
            while (result.status() != DnsStatus.OK && System.nanoTime() - deadline < 0) {
                Thread.sleep(5); // polling for the probe's answer to be taken in, with the deadline above
                result = get(resolver.lookup(host(++n)).toCompletableFuture());
            }
            assertThat(result.status()).isEqualTo(DnsStatus.OK);
            for (var lookup : lookupAll(resolver, 2000, 100)) {
                assertThat(get(lookup).status()).isEqualTo(DnsStatus.OK);
            }
            assertThat(timer.elapsed()).as("no timeout was waited for once the server answered").isEqualTo(TIMEOUT);
        }
    }

    @Test
    void silentServerIsSkippedWhileAnotherOneAnswers() throws Exception {
        try (var silent = new FakeDnsServer(q -> List.of());
             var alive = new FakeDnsServer(q -> List.of(ptr(q)));
             var resolver = resolver(silent, alive)) {
            // The first two lookups ask the silent server first, the other one at half the timeout. A whole
            // timeout after its first query the silent server is found silent.
            for (int n = 1; n <= 2; n++) {
                CompletableFuture<PtrResult> lookup = resolver.lookup(host(n)).toCompletableFuture();
                assertThat(silent.awaitQueries(n, Duration.ofSeconds(GUARD_SECONDS))).isTrue();
                timer.advance(TIMEOUT.dividedBy(2));
                assertThat(get(lookup).status()).isEqualTo(DnsStatus.OK);
            }
            int silentQueries = silent.queries();
            assertThat(silentQueries).isEqualTo(2);

            // From now on lookups go to the server that answers, at once.
            for (var lookup : lookupAll(resolver, 1000, LOOKUPS)) {
                assertThat(get(lookup).status()).isEqualTo(DnsStatus.OK);
            }
            assertThat(silent.queries()).isEqualTo(silentQueries);
            assertThat(timer.elapsed()).isEqualTo(TIMEOUT);
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
        // Time never moves here: however slowly dnsmasq answers on a loaded machine, no lookup can time out.
        try (var dnsmasq = Dnsmasq.start(records, "1.0.1.10.in-addr.arpa.", Type.PTR);
             var resolver = resolver(List.of(dnsmasq.address()))) {
            List<CompletableFuture<PtrResult>> lookups = lookupAll(resolver, 1, LOOKUPS);
            for (int i = 1; i <= LOOKUPS; i++) {
                PtrResult result = get(lookups.get(i - 1));
                assertThat(result).isEqualTo(i % 3 == 0 ? PtrResult.notFound(host(i), DnsStatus.NXDOMAIN)
                        : PtrResult.found(host(i), "h" + i + ".lab.test"));
            }
        }
    }

    private static byte[] ptr(FakeDnsServer.Query q) {
        return Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(Wire.name("back.lab.test")));
    }
}
