package io.netsweep.dns;

import static io.netsweep.dns.ReverseLookupOutcomeTest.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Timeouts, retries and closing, against in-process servers on loopback that stay silent or answer late. */
class ReverseLookupTimingTest {
    private static final InetAddress HOST = address("10.0.0.5");
    private static final Duration TIMEOUT = Duration.ofMillis(600);
    /** Allowance for a loaded two-core machine. */
    private static final Duration SLACK = Duration.ofMillis(400);

    @Test
    void silentServerCostsTheTimeoutRetryIncluded() throws Exception {
        try (var server = new FakeDnsServer(q -> List.of());
             var resolver = new ReverseResolver(new DnsOptions(List.of(server.address()), TIMEOUT, 1, 8, Optional.empty()))) {
            long start = System.nanoTime();
            PtrResult result = resolver.lookup(HOST).toCompletableFuture().get(5, TimeUnit.SECONDS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result).isEqualTo(PtrResult.notFound(HOST, DnsStatus.TIMEOUT));
            assertThat(elapsed).isBetween(TIMEOUT.minusMillis(50), TIMEOUT.plus(SLACK));
            assertThat(server.queries()).as("the retry went out within the timeout").isEqualTo(2);
        }
    }

    @Test
    void withoutRetriesOneQueryIsSent() throws Exception {
        try (var server = new FakeDnsServer(q -> List.of());
             var resolver = new ReverseResolver(new DnsOptions(List.of(server.address()), TIMEOUT, 0, 8, Optional.empty()))) {
            assertThat(await(resolver, HOST).status()).isEqualTo(DnsStatus.TIMEOUT);
            assertThat(server.queries()).isEqualTo(1);
        }
    }

    @Test
    void retryAfterHalfTheTimeoutRecoversADroppedQuery() throws Exception {
        try (var server = new FakeDnsServer(q -> q.sequence() == 0 ? List.of() : List.of(answer(q)));
             var resolver = new ReverseResolver(new DnsOptions(List.of(server.address()), TIMEOUT, 1, 8, Optional.empty()))) {
            long start = System.nanoTime();
            PtrResult result = await(resolver, HOST);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result).isEqualTo(PtrResult.found(HOST, "host5.lab.test"));
            assertThat(elapsed).isBetween(TIMEOUT.dividedBy(2).minusMillis(50), TIMEOUT);
            assertThat(server.queries()).isEqualTo(2);
        }
    }

    @Test
    void retryGoesToTheNextServer() throws Exception {
        try (var dead = new FakeDnsServer(q -> List.of());
             var alive = new FakeDnsServer(q -> List.of(answer(q)));
             var resolver = new ReverseResolver(new DnsOptions(List.of(dead.address(), alive.address()), TIMEOUT, 1, 8, Optional.empty()))) {
            assertThat(await(resolver, HOST)).isEqualTo(PtrResult.found(HOST, "host5.lab.test"));
            assertThat(dead.queries()).isEqualTo(1);
            assertThat(alive.queries()).isEqualTo(1);
        }
    }

    @Test
    void lateAnswerToTheFirstAttemptStillCounts() throws Exception {
        // answers only the first query, after 3/4 of the timeout: later than the retry, sooner than the end
        Duration late = TIMEOUT.multipliedBy(3).dividedBy(4);
        try (var server = new FakeDnsServer(q -> q.sequence() == 0 ? List.of(answer(q)) : List.of(), late);
             var resolver = new ReverseResolver(new DnsOptions(List.of(server.address()), TIMEOUT, 1, 8, Optional.empty()))) {
            assertThat(await(resolver, HOST)).isEqualTo(PtrResult.found(HOST, "host5.lab.test"));
            assertThat(server.queries()).isEqualTo(2);
        }
    }

    @Test
    void servfailIsRetriedAtOnceWithoutWaitingForTheRetrySlot() throws Exception {
        Duration longTimeout = Duration.ofSeconds(4);
        try (var server = new FakeDnsServer(q -> List.of(q.sequence() == 0 ? Wire.response(q, Wire.RCODE_SERVFAIL) : answer(q)));
             var resolver = new ReverseResolver(new DnsOptions(List.of(server.address()), longTimeout, 1, 8, Optional.empty()))) {
            long start = System.nanoTime();
            PtrResult result = await(resolver, HOST);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result).isEqualTo(PtrResult.found(HOST, "host5.lab.test"));
            assertThat(elapsed).isLessThan(longTimeout.dividedBy(4));
        }
    }

    @Test
    void persistentServfailIsReportedRatherThanTimeout() throws Exception {
        try (var server = new FakeDnsServer(q -> List.of(Wire.response(q, Wire.RCODE_SERVFAIL)));
             var resolver = new ReverseResolver(new DnsOptions(List.of(server.address()), Duration.ofSeconds(4), 1, 8, Optional.empty()))) {
            long start = System.nanoTime();
            assertThat(await(resolver, HOST).status()).isEqualTo(DnsStatus.SERVFAIL);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(server.queries()).isEqualTo(2);
        }
    }

    @Test
    void closedPortIsServfailNotAWaitForTheTimeout() throws Exception {
        var server = new FakeDnsServer(q -> List.of());
        var closedPort = server.address();
        server.close(); // nothing listens there any more: the kernel answers ICMP port unreachable
        try (var resolver = new ReverseResolver(new DnsOptions(List.of(closedPort), Duration.ofSeconds(4), 1, 8, Optional.empty()))) {
            long start = System.nanoTime();
            assertThat(await(resolver, HOST).status()).isEqualTo(DnsStatus.SERVFAIL);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void closeEndsPendingLookupsAsDisabled() throws Exception {
        try (var server = new FakeDnsServer(q -> List.of())) {
            var resolver = new ReverseResolver(new DnsOptions(List.of(server.address()), Duration.ofSeconds(10), 1, 1, Optional.empty()));
            var running = resolver.lookup(HOST).toCompletableFuture();
            var queued = resolver.lookup(address("10.0.0.6")).toCompletableFuture();

            resolver.close();

            assertThat(running.get(1, TimeUnit.SECONDS)).isEqualTo(PtrResult.notFound(HOST, DnsStatus.DISABLED));
            assertThat(queued.get(1, TimeUnit.SECONDS).status()).isEqualTo(DnsStatus.DISABLED);
            assertThat(await(resolver, address("10.0.0.7")).status()).isEqualTo(DnsStatus.DISABLED);
            resolver.close(); // idempotent
        }
    }

    @Test
    void forwardLookupAgainstASilentServerFailsAsTimeoutWithinTheBudget() throws Exception {
        try (var server = new FakeDnsServer(q -> List.of());
             var resolver = new ReverseResolver(new DnsOptions(List.of(server.address()), TIMEOUT, 1, 8, Optional.empty()))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> resolver.resolveHost("name.lab.test"))
                    .isInstanceOfSatisfying(HostLookupException.class, e -> assertThat(e.status()).isEqualTo(DnsStatus.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plus(SLACK));
            assertThat(server.queries()).as("A and AAAA, each with its retry").isEqualTo(4);
        }
    }

    private static byte[] answer(FakeDnsServer.Query q) {
        return Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(Wire.name("host5.lab.test")));
    }

    private static PtrResult await(ReverseResolver resolver, InetAddress address) throws Exception {
        return resolver.lookup(address).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
