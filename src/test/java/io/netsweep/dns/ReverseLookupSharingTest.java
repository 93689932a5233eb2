package io.netsweep.dns;

import static io.netsweep.dns.ReverseLookupOutcomeTest.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
             var resolver = new ReverseResolver(new DnsOptions(List.of(server.address()), Duration.ofMillis(300), 1, 8))) {
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

    /** A PTR naming the asked IPv4 address, read back from the question. */
    private static List<byte[]> answer(FakeDnsServer.Query q) {
        String[] octets = q.questionName().split("\\.");
        String name = "host-" + octets[3] + "-" + octets[2] + "-" + octets[1] + "-" + octets[0] + ".lab.test";
        return List.of(Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(Wire.name(name))));
    }

    private static DnsOptions options(FakeDnsServer server, int maxConcurrent) {
        return new DnsOptions(List.of(server.address()), Duration.ofSeconds(2), 1, maxConcurrent);
    }
}
