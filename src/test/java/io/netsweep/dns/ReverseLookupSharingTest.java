package io.netsweep.dns;

import static io.netsweep.dns.ReverseLookupOutcomeTest.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Caching, in-flight sharing and the concurrency bound, counted by an in-process server on loopback that can hold
 * its answers until the test releases them.
 */
class ReverseLookupSharingTest {
    private static final InetAddress HOST = address("10.0.0.5");
    /** Long, so that no lookup here ends by timing out but the one whose server stays silent. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** A hang guard only: every wait below is for something that takes milliseconds. */
    private static final Duration GUARD = Duration.ofSeconds(30);

    @Test
    void secondLookupIsServedFromTheCache() throws Exception {
        try (var server = new FakeDnsServer(ReverseLookupSharingTest::answer);
             var resolver = new ReverseResolver(options(server, 8))) {
            PtrResult first = resolver.lookup(HOST).toCompletableFuture().get(GUARD.toSeconds(), TimeUnit.SECONDS);
            PtrResult second = resolver.lookup(HOST).toCompletableFuture().get(GUARD.toSeconds(), TimeUnit.SECONDS);

            assertThat(second).isEqualTo(first).isEqualTo(PtrResult.found(HOST, "host-10-0-0-5.lab.test"));
            assertThat(server.queries()).isEqualTo(1);
        }
    }

    @Test
    void failuresAreCachedTooSoADeadServerIsAskedOncePerAddress() throws Exception {
        ManualTimer timer = new ManualTimer();
        try (var server = new FakeDnsServer(q -> List.of());
             var resolver = new ReverseResolver(options(server, 8), ReverseResolver.CACHE_CAPACITY, timer, timer)) {
            CompletableFuture<PtrResult> first = resolver.lookup(HOST).toCompletableFuture();
            assertThat(server.awaitQueries(1, GUARD)).isTrue();
            timer.advance(TIMEOUT.dividedBy(2));
            assertThat(server.awaitQueries(2, GUARD)).isTrue();
            timer.advance(TIMEOUT.dividedBy(2));
            assertThat(first.get(GUARD.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(DnsStatus.TIMEOUT);

            PtrResult again = resolver.lookup(HOST).toCompletableFuture().get(GUARD.toSeconds(), TimeUnit.SECONDS);

            assertThat(again.status()).isEqualTo(DnsStatus.TIMEOUT);
            assertThat(server.queries()).as("the first lookup's query and retry only").isEqualTo(2);
        }
    }

    @Test
    void concurrentLookupsOfOneAddressShareOneQuery() throws Exception {
        try (var server = new FakeDnsServer(ReverseLookupSharingTest::answer);
             var resolver = new ReverseResolver(options(server, 8))) {
            server.holdAnswers(); // every lookup below is made while the first one's query is unanswered
            List<CompletableFuture<PtrResult>> lookups = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                lookups.add(resolver.lookup(HOST).toCompletableFuture());
            }
            assertThat(server.awaitQueries(1, GUARD)).isTrue();
            server.releaseAnswers();
            for (var lookup : lookups) {
                assertThat(lookup.get(GUARD.toSeconds(), TimeUnit.SECONDS)).isEqualTo(PtrResult.found(HOST, "host-10-0-0-5.lab.test"));
            }
            assertThat(server.queries()).isEqualTo(1);
        }
    }

    @Test
    void lookupsBeyondTheLimitWaitWithoutBlockingTheCaller() throws Exception {
        int limit = 4;
        int count = 20;
        try (var server = new FakeDnsServer(ReverseLookupSharingTest::answer);
             var resolver = new ReverseResolver(options(server, limit))) {
            server.holdAnswers();
            // Submitting never waits for an answer: with every answer held, a submission that did would hang here.
            List<CompletableFuture<PtrResult>> lookups = assertTimeoutPreemptively(GUARD, () -> {
                List<CompletableFuture<PtrResult>> submitted = new ArrayList<>();
                for (int i = 1; i <= count; i++) {
                    submitted.add(resolver.lookup(address("10.0.0." + i)).toCompletableFuture());
                }
                return submitted;
            });
            assertThat(server.awaitQueries(limit, GUARD)).isTrue();
            assertThat(lookups).as("all waiting for held answers").noneMatch(CompletableFuture::isDone);
            server.releaseAnswers();

            for (int i = 1; i <= count; i++) {
                assertThat(lookups.get(i - 1).get(GUARD.toSeconds(), TimeUnit.SECONDS).hostname())
                        .contains("host-10-0-0-" + i + ".lab.test");
            }
            assertThat(server.maxOutstanding()).as("queries in flight at once").isEqualTo(limit);
            assertThat(server.queries()).isEqualTo(count);
        }
    }

    @Test
    void resultsBeyondTheCapacityAreForgottenLeastRecentlyAskedFirst() throws Exception {
        InetAddress a = address("10.0.0.1");
        InetAddress b = address("10.0.0.2");
        InetAddress c = address("10.0.0.3");
        try (var server = new FakeDnsServer(ReverseLookupSharingTest::answer);
             var resolver = new ReverseResolver(options(server, 8), 2)) {
            get(resolver, a);
            get(resolver, b);
            get(resolver, a); // kept, and now the most recently asked for
            assertThat(server.queries()).isEqualTo(2);

            get(resolver, c); // a third result: b, the least recently asked for, goes
            assertThat(server.queries()).isEqualTo(3);
            assertThat(get(resolver, a).hostname()).contains("host-10-0-0-1.lab.test");
            assertThat(get(resolver, c).hostname()).contains("host-10-0-0-3.lab.test");
            assertThat(server.queries()).as("a and c were kept").isEqualTo(3);

            assertThat(get(resolver, b).hostname()).contains("host-10-0-0-2.lab.test");
            assertThat(server.queries()).as("b was asked again").isEqualTo(4);
            assertThat(server.questionNames()).containsExactly("1.0.0.10.in-addr.arpa.", "2.0.0.10.in-addr.arpa.",
                    "3.0.0.10.in-addr.arpa.", "2.0.0.10.in-addr.arpa.");
        }
    }

    @Test
    void lookupsInFlightAreSharedHoweverSmallTheCapacity() throws Exception {
        try (var server = new FakeDnsServer(ReverseLookupSharingTest::answer);
             var resolver = new ReverseResolver(options(server, 8), 1)) {
            server.holdAnswers(); // every lookup below is made while the five queries are unanswered
            List<CompletableFuture<PtrResult>> lookups = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 1; i <= 5; i++) {
                    lookups.add(resolver.lookup(address("10.0.0." + i)).toCompletableFuture());
                }
            }
            assertThat(server.awaitQueries(5, GUARD)).isTrue();
            server.releaseAnswers();
            for (int n = 0; n < lookups.size(); n++) {
                assertThat(lookups.get(n).get(GUARD.toSeconds(), TimeUnit.SECONDS).hostname())
                        .contains("host-10-0-0-" + (n % 5 + 1) + ".lab.test");
            }
            assertThat(server.queries()).isEqualTo(5);
            assertThat(resolver.keptResults()).isEqualTo(1);
        }
    }

    @Test
    void manyLookupsKeepNoMoreResultsThanTheCapacity() throws Exception {
        int capacity = 50;
        try (var server = new FakeDnsServer(ReverseLookupSharingTest::answer);
             var resolver = new ReverseResolver(options(server, 64), capacity)) {
            List<CompletableFuture<PtrResult>> lookups = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                lookups.add(resolver.lookup(address("10.0." + (i / 250) + "." + (i % 250 + 1))).toCompletableFuture());
            }
            for (var lookup : lookups) {
                assertThat(lookup.get(GUARD.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(DnsStatus.OK);
            }
            assertThat(server.queries()).isEqualTo(1000);
            assertThat(resolver.keptResults()).isEqualTo(capacity);
        }
    }

    private static PtrResult get(ReverseResolver resolver, InetAddress address) throws Exception {
        return resolver.lookup(address).toCompletableFuture().get(GUARD.toSeconds(), TimeUnit.SECONDS);
    }

    /** A PTR naming the asked IPv4 address, read back from the question. */
    private static List<byte[]> answer(FakeDnsServer.Query q) {
        String[] octets = q.questionName().split("\\.");
        String name = "host-" + octets[3] + "-" + octets[2] + "-" + octets[1] + "-" + octets[0] + ".lab.test";
        return List.of(Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(Wire.name(name))));
    }

    private static DnsOptions options(FakeDnsServer server, int maxConcurrent) {
        return new DnsOptions(List.of(server.address()), TIMEOUT, 1, maxConcurrent, Optional.empty());
    }
}
