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
import org.junit.jupiter.api.Test;

/** Caching, in-flight sharing and the concurrency bound, counted by an in-process server on loopback. */
class ReverseLookupSharingTest {
    private static final InetAddress HOST = address("10.0.0.5");

    @Test
    void secondLookupIsServedFromTheCache() throws Exception {
        try (var server = new FakeDnsServer(ReverseLookupSharingTest::answer);
             var resolver = new ReverseResolver(options(server, 8))) {
            PtrResult first = resolver.lookup(HOST).toCompletableFuture().get(5, TimeUnit.SECONDS);
            PtrResult second = resolver.lookup(HOST).toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertThat(second).isEqualTo(first).isEqualTo(PtrResult.found(HOST, "host-10-0-0-5.lab.test"));
            assertThat(server.queries()).isEqualTo(1);
        }
    }

    @Test
    void failuresAreCachedTooSoADeadServerIsAskedOncePerAddress() throws Exception {
        try (var server = new FakeDnsServer(q -> List.of());
             var resolver = new ReverseResolver(new DnsOptions(List.of(server.address()), Duration.ofMillis(300), 1, 8, Optional.empty()))) {
            resolver.lookup(HOST).toCompletableFuture().get(5, TimeUnit.SECONDS);
            int afterFirst = server.queries();
            PtrResult again = resolver.lookup(HOST).toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertThat(again.status()).isEqualTo(DnsStatus.TIMEOUT);
            assertThat(server.queries()).isEqualTo(afterFirst).isEqualTo(2);
        }
    }

    @Test
    void concurrentLookupsOfOneAddressShareOneQuery() throws Exception {
        try (var server = new FakeDnsServer(ReverseLookupSharingTest::answer, Duration.ofMillis(300));
             var resolver = new ReverseResolver(options(server, 8))) {
            List<CompletableFuture<PtrResult>> lookups = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                lookups.add(resolver.lookup(HOST).toCompletableFuture());
            }
            for (var lookup : lookups) {
                assertThat(lookup.get(5, TimeUnit.SECONDS)).isEqualTo(PtrResult.found(HOST, "host-10-0-0-5.lab.test"));
            }
            assertThat(server.queries()).isEqualTo(1);
        }
    }

    @Test
    void lookupsBeyondTheLimitWaitWithoutBlockingTheCaller() throws Exception {
        int limit = 4;
        int count = 20;
        Duration serverDelay = Duration.ofMillis(150);
        try (var server = new FakeDnsServer(ReverseLookupSharingTest::answer, serverDelay);
             var resolver = new ReverseResolver(options(server, limit))) {
            long start = System.nanoTime();
            List<CompletableFuture<PtrResult>> lookups = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                lookups.add(resolver.lookup(address("10.0.0." + i)).toCompletableFuture());
            }
            Duration submitting = Duration.ofNanos(System.nanoTime() - start);
            for (int i = 1; i <= count; i++) {
                assertThat(lookups.get(i - 1).get(10, TimeUnit.SECONDS).hostname()).contains("host-10-0-0-" + i + ".lab.test");
            }
            Duration total = Duration.ofNanos(System.nanoTime() - start);

            assertThat(submitting).as("submitting never waits for an answer").isLessThan(serverDelay);
            assertThat(server.maxOutstanding()).isEqualTo(limit);
            assertThat(server.queries()).isEqualTo(count);
            assertThat(total).as("five waves of four").isGreaterThanOrEqualTo(serverDelay.multipliedBy(count / limit));
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
        try (var server = new FakeDnsServer(ReverseLookupSharingTest::answer, Duration.ofMillis(300));
             var resolver = new ReverseResolver(options(server, 8), 1)) {
            List<CompletableFuture<PtrResult>> lookups = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 1; i <= 5; i++) {
                    lookups.add(resolver.lookup(address("10.0.0." + i)).toCompletableFuture());
                }
            }
            for (int n = 0; n < lookups.size(); n++) {
                assertThat(lookups.get(n).get(5, TimeUnit.SECONDS).hostname())
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
                assertThat(lookup.get(10, TimeUnit.SECONDS).status()).isEqualTo(DnsStatus.OK);
            }
            assertThat(server.queries()).isEqualTo(1000);
            assertThat(resolver.keptResults()).isEqualTo(capacity);
        }
    }

    private static PtrResult get(ReverseResolver resolver, InetAddress address) throws Exception {
        return resolver.lookup(address).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** A PTR naming the asked IPv4 address, read back from the question. */
    private static List<byte[]> answer(FakeDnsServer.Query q) {
        String[] octets = q.questionName().split("\\.");
        String name = "host-" + octets[3] + "-" + octets[2] + "-" + octets[1] + "-" + octets[0] + ".lab.test";
        return List.of(Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(Wire.name(name))));
    }

    private static DnsOptions options(FakeDnsServer server, int maxConcurrent) {
        return new DnsOptions(List.of(server.address()), Duration.ofSeconds(2), 1, maxConcurrent, Optional.empty());
    }
}
