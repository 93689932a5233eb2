package io.netsweep.dns;

import static io.netsweep.dns.ReverseLookupOutcomeTest.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Timeouts, retries and closing, against in-process servers on loopback that stay silent, fail or answer late.
 * Time is a {@link ManualTimer}'s: a lookup retries and times out exactly when the test moves time past those
 * points, so what is checked is when each thing happens in the resolver's own time, not how fast the machine is.
 */
class ReverseLookupTimingTest {
    private static final InetAddress HOST = address("10.0.0.5");
    /** Long, so that dnsjava's own wait for each query (the time left, in real time) never ends one here. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final Duration NANO = Duration.ofNanos(1);
    /** A hang guard only: every wait below is for something that takes milliseconds. */
    private static final Duration GUARD = Duration.ofSeconds(30);

    private final ManualTimer timer = new ManualTimer();

    private ReverseResolver resolver(FakeDnsServer server, int retries) {
        return resolver(new DnsOptions(List.of(server.address()), TIMEOUT, retries, 8, Optional.empty()));
    }

    private ReverseResolver resolver(DnsOptions options) {
        return new ReverseResolver(options, ReverseResolver.CACHE_CAPACITY, timer, timer);
    }

    private static void awaitQueries(FakeDnsServer server, int n) throws InterruptedException {
        assertThat(server.awaitQueries(n, GUARD)).as("%d queries arrived", n).isTrue();
    }

    @Test
    void silentServerEndsTheLookupAtTheTimeoutAfterOneRetryAtHalfOfIt() throws Exception {
        try (var server = new FakeDnsServer(q -> List.of());
             var resolver = resolver(server, 1)) {
            CompletableFuture<PtrResult> lookup = resolver.lookup(HOST).toCompletableFuture();
            awaitQueries(server, 1);
            assertThat(timer.nextDue()).as("nothing more happens before half the timeout").contains(TIMEOUT.dividedBy(2));

            timer.advance(TIMEOUT.dividedBy(2).minus(NANO));
            assertThat(lookup).as("still waiting before half the timeout").isNotDone();
            timer.advance(NANO);
            awaitQueries(server, 2);
            assertThat(timer.nextDue()).as("nothing more happens before the timeout").contains(TIMEOUT);
            timer.advance(TIMEOUT.dividedBy(2).minus(NANO));
            assertThat(lookup).as("still waiting just before the timeout").isNotDone();
            timer.advance(NANO);

            assertThat(lookup.get(GUARD.toSeconds(), TimeUnit.SECONDS)).isEqualTo(PtrResult.notFound(HOST, DnsStatus.TIMEOUT));
            assertThat(server.queries()).as("the first query and its one retry").isEqualTo(2);
        }
    }

    @Test
    void withoutRetriesOneQueryIsSent() throws Exception {
        try (var server = new FakeDnsServer(q -> List.of());
             var resolver = resolver(server, 0)) {
            CompletableFuture<PtrResult> lookup = resolver.lookup(HOST).toCompletableFuture();
            awaitQueries(server, 1);
            assertThat(timer.nextDue()).as("no retry slot: the timeout is next").contains(TIMEOUT);
            timer.advance(TIMEOUT.minus(NANO));
            assertThat(lookup).isNotDone();
            timer.advance(NANO);

            assertThat(lookup.get(GUARD.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(DnsStatus.TIMEOUT);
            assertThat(server.queries()).isEqualTo(1);
        }
    }

    @Test
    void retryAtHalfTheTimeoutRecoversADroppedQuery() throws Exception {
        try (var server = new FakeDnsServer(q -> q.sequence() == 0 ? List.of() : List.of(answer(q)));
             var resolver = resolver(server, 1)) {
            CompletableFuture<PtrResult> lookup = resolver.lookup(HOST).toCompletableFuture();
            awaitQueries(server, 1);
            assertThat(timer.nextDue()).contains(TIMEOUT.dividedBy(2));
            timer.advance(TIMEOUT.dividedBy(2).minus(NANO));
            assertThat(lookup).isNotDone();
            timer.advance(NANO);

            assertThat(lookup.get(GUARD.toSeconds(), TimeUnit.SECONDS)).isEqualTo(PtrResult.found(HOST, "host5.lab.test"));
            assertThat(timer.elapsed()).as("answered at the retry, not at the timeout").isEqualTo(TIMEOUT.dividedBy(2));
            assertThat(server.queries()).isEqualTo(2);
        }
    }

    @Test
    void retryGoesToTheNextServer() throws Exception {
        try (var dead = new FakeDnsServer(q -> List.of());
             var alive = new FakeDnsServer(q -> List.of(answer(q)));
             var resolver = resolver(new DnsOptions(List.of(dead.address(), alive.address()), TIMEOUT, 1, 8, Optional.empty()))) {
            CompletableFuture<PtrResult> lookup = resolver.lookup(HOST).toCompletableFuture();
            awaitQueries(dead, 1);
            timer.advance(TIMEOUT.dividedBy(2));

            assertThat(lookup.get(GUARD.toSeconds(), TimeUnit.SECONDS)).isEqualTo(PtrResult.found(HOST, "host5.lab.test"));
            assertThat(dead.queries()).isEqualTo(1);
            assertThat(alive.queries()).isEqualTo(1);
        }
    }

    @Test
    void lateAnswerToTheFirstAttemptStillCounts() throws Exception {
        // The first query is answered only after the retry went out (and got nothing), before the timeout.
        List<FakeDnsServer.Query> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var server = new FakeDnsServer(q -> {
                seen.add(q);
                return List.of();
             });
             var resolver = resolver(server, 1)) {
            CompletableFuture<PtrResult> lookup = resolver.lookup(HOST).toCompletableFuture();
            awaitQueries(server, 1);
            timer.advance(TIMEOUT.dividedBy(2));
            awaitQueries(server, 2);
            timer.advance(TIMEOUT.dividedBy(4));
            assertThat(lookup).isNotDone();

            server.answer(0, answer(seen.getFirst()));

            assertThat(lookup.get(GUARD.toSeconds(), TimeUnit.SECONDS)).isEqualTo(PtrResult.found(HOST, "host5.lab.test"));
            assertThat(server.queries()).isEqualTo(2);
        }
    }

    @Test
    void servfailIsRetriedAtOnceWithoutWaitingForTheRetrySlot() throws Exception {
        try (var server = new FakeDnsServer(q -> List.of(q.sequence() == 0 ? Wire.response(q, Wire.RCODE_SERVFAIL) : answer(q)));
             var resolver = resolver(server, 1)) {
            PtrResult result = resolver.lookup(HOST).toCompletableFuture().get(GUARD.toSeconds(), TimeUnit.SECONDS);

            assertThat(result).isEqualTo(PtrResult.found(HOST, "host5.lab.test"));
            assertThat(timer.elapsed()).as("no time passed: the retry did not wait for its slot").isZero();
            assertThat(server.queries()).isEqualTo(2);
        }
    }

    @Test
    void persistentServfailIsReportedRatherThanTimeout() throws Exception {
        try (var server = new FakeDnsServer(q -> List.of(Wire.response(q, Wire.RCODE_SERVFAIL)));
             var resolver = resolver(server, 1)) {
            PtrResult result = resolver.lookup(HOST).toCompletableFuture().get(GUARD.toSeconds(), TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(DnsStatus.SERVFAIL);
            assertThat(timer.elapsed()).as("decided without waiting for the timeout").isZero();
            assertThat(server.queries()).isEqualTo(2);
        }
    }

    @Test
    void closedPortIsServfailNotAWaitForTheTimeout() throws Exception {
        var server = new FakeDnsServer(q -> List.of());
        var closedPort = server.address();
        server.close(); // nothing listens there any more: the kernel answers ICMP port unreachable
        try (var resolver = resolver(new DnsOptions(List.of(closedPort), TIMEOUT, 1, 8, Optional.empty()))) {
            PtrResult result = resolver.lookup(HOST).toCompletableFuture().get(GUARD.toSeconds(), TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(DnsStatus.SERVFAIL);
            assertThat(timer.elapsed()).as("decided without waiting for the timeout").isZero();
        }
    }

    @Test
    void closeEndsPendingLookupsAsDisabled() throws Exception {
        try (var server = new FakeDnsServer(q -> List.of())) {
            var resolver = resolver(new DnsOptions(List.of(server.address()), TIMEOUT, 1, 1, Optional.empty()));
            var running = resolver.lookup(HOST).toCompletableFuture();
            var queued = resolver.lookup(address("10.0.0.6")).toCompletableFuture();

            resolver.close();

            assertThat(running.get(GUARD.toSeconds(), TimeUnit.SECONDS)).isEqualTo(PtrResult.notFound(HOST, DnsStatus.DISABLED));
            assertThat(queued.get(GUARD.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(DnsStatus.DISABLED);
            assertThat(resolver.lookup(address("10.0.0.7")).toCompletableFuture().get(GUARD.toSeconds(), TimeUnit.SECONDS)
                    .status()).isEqualTo(DnsStatus.DISABLED);
            assertThat(timer.elapsed()).isZero();
            resolver.close(); // idempotent
        }
    }

    @Test
    void forwardLookupAgainstASilentServerFailsAsTimeoutAtTheTimeout() throws Exception {
        try (var server = new FakeDnsServer(q -> List.of());
             var resolver = resolver(server, 1)) {
            CompletableFuture<List<InetAddress>> lookup = CompletableFuture.supplyAsync(() -> {
                try {
                    return resolver.resolveHost("name.lab.test");
                } catch (HostLookupException e) {
                    throw new CompletionException(e);
                }
            });
            awaitQueries(server, 2); // A and AAAA
            timer.advance(TIMEOUT.dividedBy(2));
            awaitQueries(server, 4); // each with its retry
            timer.advance(TIMEOUT.dividedBy(2).minus(NANO));
            assertThat(lookup).isNotDone();
            timer.advance(NANO);

            ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> lookup.get(GUARD.toSeconds(), TimeUnit.SECONDS));
            assertThat(failed.getCause()).isInstanceOfSatisfying(HostLookupException.class,
                    e -> assertThat(e.status()).isEqualTo(DnsStatus.TIMEOUT));
            assertThat(server.queries()).as("A and AAAA, each with its retry").isEqualTo(4);
        }
    }

    private static byte[] answer(FakeDnsServer.Query q) {
        return Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(Wire.name("host5.lab.test")));
    }
}
