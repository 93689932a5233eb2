package io.netsweep.dns;

import io.netsweep.target.IpLiterals;
import io.netsweep.timing.MonotonicClock;
import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asynchronous reverse (PTR) lookups for one scan, plus blocking forward lookups of target names, all
 * through the hosts file and the servers of one {@link DnsOptions}, and never through the JVM's or the C
 * library's resolver.
 *
 * <p><b>What stays on this machine.</b> As the C library and nmap do, the hosts file answers first (read
 * once, when the resolver is made). Addresses whose names only this machine can know (loopback, link-local:
 * see {@link LocalZones}) are never asked of a server: without a hosts file entry, 127.0.0.1 and ::1 are
 * {@code localhost} and the others {@link DnsStatus#NOT_FOUND_LOCALLY}. Names in {@code localhost} are the
 * loopback addresses. Local answers are complete when {@link #lookup} returns.
 *
 * <p><b>Lookups.</b> {@link #lookup} asks {@code in-addr.arpa} or {@code ip6.arpa} (nibble format). At most
 * {@link DnsOptions#maxConcurrent()} lookups are in progress at once; the others wait in a FIFO queue
 * without holding any thread. A lookup's timeout counts from when it leaves the queue and covers its
 * retries (see {@link DnsOptions}): its first query goes out at once, a retry at {@code timeout / (retries+1)}
 * (or at once after a SERVFAIL or malformed reply), all attempts keep listening, and at {@code timeout} the
 * lookup ends as TIMEOUT. Once every server has answered nothing for a whole timeout after being asked, the
 * lookups in progress and in the queue end as TIMEOUT together, without waiting a timeout per wave of the
 * concurrency limit, until a server is heard again (see {@link QueryRunner}). Concurrent lookups of one
 * address share one query, and the results of the last {@value #CACHE_CAPACITY} lookups are kept, failures
 * included, so an address asked for again soon costs no query (see {@link LookupCache}).
 *
 * <p><b>Threading.</b> All methods are thread-safe. {@link #lookup} never blocks and its stage never
 * completes exceptionally. The stage completes on one of this resolver's virtual threads (or, for lookups
 * cut short by {@link #close}, on the closing thread); dependents added after completion run on the thread
 * that adds them. Keep non-async dependents short, or use the {@code *Async} variants with your own
 * executor. {@link #resolveHost} blocks its caller (see there for how long).
 *
 * <p><b>Closing.</b> {@link #close} is idempotent. Lookups still queued or in progress then complete with
 * {@link DnsStatus#DISABLED}, and so does every later lookup that neither a local answer nor a kept
 * result settles.
 */
public final class ReverseResolver implements AutoCloseable {
    /** How many results a resolver keeps for addresses asked for again. */
    public static final int CACHE_CAPACITY = 4096;
    /**
     * Most addresses of one family taken from a forward answer: a round-robin name has a few, while a hostile
     * server could send thousands (in a 64 KiB TCP answer), each one to scan with {@code --resolve-all}.
     */
    static final int MAX_ADDRESSES_PER_FAMILY = 32;

    private final ExecutorService callbacks;
    private final ScheduledExecutorService timer;
    private final QueryRunner runner;
    private final ConcurrencyGate gate;
    private final LocalNames local;
    private final LookupCache cache;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Reads the hosts file of {@code options} now; starts no thread until a server is asked. */
    public ReverseResolver(DnsOptions options) {
        this(options, CACHE_CAPACITY);
    }

    ReverseResolver(DnsOptions options, int cacheCapacity) {
        this(options, cacheCapacity, MonotonicClock.system(), systemTimer());
    }

    /**
     * A resolver whose retry slots, timeouts and silence checks are scheduled on {@code timer} and measured with
     * {@code clock}, which must agree (a task scheduled {@code d} ahead runs once {@code clock} has moved
     * {@code d}): a test passes a timer it advances itself. Closing the resolver shuts {@code timer} down.
     */
    ReverseResolver(DnsOptions options, int cacheCapacity, MonotonicClock clock, ScheduledExecutorService timer) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(clock, "clock");
        this.cache = new LookupCache(cacheCapacity);
        this.local = new LocalNames(options.hostsFile());
        this.callbacks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("netsweep-dns-", 0).factory());
        this.timer = Objects.requireNonNull(timer, "timer");
        this.runner = new QueryRunner(options, clock, callbacks, timer);
        this.gate = new ConcurrencyGate(options.maxConcurrent());
    }

    private static ScheduledExecutorService systemTimer() {
        var timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("netsweep-dns-timer").daemon().factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /**
     * The name of {@code address}. Never blocks; the stage never completes exceptionally; a repeated call
     * returns the kept (or in-flight) result without a new query.
     */
    public CompletionStage<PtrResult> lookup(InetAddress address) {
        Objects.requireNonNull(address, "address");
        Optional<PtrResult> known = local.reverse(address);
        if (known.isPresent()) {
            return CompletableFuture.completedStage(known.get());
        }
        LookupCache.Claim claim = cache.claim(address);
        if (claim instanceof LookupCache.Claim.Started(var lookup, _)) {
            // after close() the gate abandons the task at once: the lookup ends DISABLED
            gate.submit(new ConcurrencyGate.Task(
                    () -> startLookup(address, lookup),
                    () -> lookup.complete(PtrResult.notFound(address, DnsStatus.DISABLED))));
        }
        return claim.result().minimalCompletionStage();
    }

    /**
     * The IPv4 then IPv6 addresses of {@code hostname}, without duplicates. An IP literal is returned as it
     * is, and so are the addresses the hosts file lists for the name (or, for {@code localhost} and the names
     * under it, the loopback addresses), without a query. Otherwise A and AAAA are asked in parallel, CNAMEs
     * followed, and at most {@value #MAX_ADDRESSES_PER_FAMILY} addresses of each family kept. The name is
     * taken as fully qualified: no search domains. Both queries share the concurrency limit with reverse
     * lookups, so the call blocks for about the timeout at most, plus any time queued behind other lookups.
     *
     * @throws HostLookupException      (an {@link java.net.UnknownHostException}) when neither query gave an
     *                                  address; its {@link HostLookupException#status()} says why
     * @throws IllegalArgumentException when {@code hostname} is not a syntactically valid DNS name
     * @throws IllegalStateException    when this resolver is closed and a server would have to be asked
     */
    public List<InetAddress> resolveHost(String hostname) throws HostLookupException {
        Optional<InetAddress> literal = IpLiterals.parseScoped(hostname.strip());
        if (literal.isPresent()) {
            return List.of(literal.get());
        }
        Name name = parseName(hostname);
        Optional<List<InetAddress>> known = local.forward(hostname);
        if (known.isPresent()) {
            return known.get();
        }
        if (closed.get()) {
            throw new IllegalStateException("DNS resolver is closed");
        }
        CompletableFuture<Reply> a = askThroughGate(name, Type.A);
        CompletableFuture<Reply> aaaa = askThroughGate(name, Type.AAAA);
        Reply replyA = a.join(); // bounded by the timeout: the runner always completes by then
        Reply replyAaaa = aaaa.join();
        Set<InetAddress> addresses = new LinkedHashSet<>();
        addresses.addAll(addressesIn(replyA, name, Type.A));
        addresses.addAll(addressesIn(replyAaaa, name, Type.AAAA));
        if (addresses.isEmpty()) {
            throw new HostLookupException(hostname, forwardFailure(replyA, replyAaaa));
        }
        return List.copyOf(addresses);
    }

    /** How many results are kept now (lookups in flight aside). */
    int keptResults() {
        return cache.size();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        gate.close();
        cache.inFlight().forEach((address, result) -> result.complete(PtrResult.notFound(address, DnsStatus.DISABLED)));
        timer.shutdownNow();
        callbacks.shutdown();
    }

    private CompletableFuture<PtrResult> startLookup(InetAddress address, CompletableFuture<PtrResult> result) {
        Name name = ReverseMap.fromAddress(address);
        try {
            runner.ask(name, Type.PTR).whenComplete((reply, error) ->
                    result.complete(reply != null ? toPtr(address, name, reply)
                            : PtrResult.notFound(address, DnsStatus.MALFORMED)));
        } catch (RuntimeException e) {
            // only a shut-down timer gets here: close() raced this start
            result.complete(PtrResult.notFound(address, DnsStatus.DISABLED));
        }
        return result;
    }

    private CompletableFuture<Reply> askThroughGate(Name name, int type) {
        var reply = new CompletableFuture<Reply>();
        gate.submit(new ConcurrencyGate.Task(
                () -> {
                    try {
                        runner.ask(name, type).whenComplete((r, e) -> reply.complete(r != null ? r : new Reply.Failed(DnsStatus.MALFORMED)));
                    } catch (RuntimeException e) {
                        reply.complete(new Reply.Failed(DnsStatus.TIMEOUT));
                    }
                    return reply;
                },
                () -> reply.complete(new Reply.Failed(DnsStatus.TIMEOUT))));
        return reply;
    }

    private static PtrResult toPtr(InetAddress address, Name name, Reply reply) {
        return switch (reply) {
            case Reply.Failed f -> PtrResult.notFound(address, f.status());
            case Reply.Answered(var response) -> {
                if (response.getRcode() == Rcode.NXDOMAIN) {
                    yield PtrResult.notFound(address, DnsStatus.NXDOMAIN);
                }
                List<Record> ptrs = Answers.chase(response, name, Type.PTR);
                if (ptrs.isEmpty()) {
                    yield PtrResult.notFound(address, DnsStatus.NXDOMAIN);
                }
                // a PTR to the root or to nothing printable is not a usable answer
                yield DnsNames.sanitize(((PTRRecord) ptrs.getFirst()).getTarget().toString())
                        .map(hostname -> PtrResult.found(address, hostname))
                        .orElseGet(() -> PtrResult.notFound(address, DnsStatus.MALFORMED));
            }
        };
    }

    private static List<InetAddress> addressesIn(Reply reply, Name name, int type) {
        if (!(reply instanceof Reply.Answered(var response))) {
            return List.of();
        }
        return Answers.chase(response, name, type).stream()
                .map(r -> r instanceof ARecord a ? a.getAddress() : ((AAAARecord) r).getAddress())
                .distinct()
                .limit(MAX_ADDRESSES_PER_FAMILY)
                .toList();
    }

    /** Why neither query gave an address: a definite "no" beats a failure, A's failure beats AAAA's. */
    private static DnsStatus forwardFailure(Reply a, Reply aaaa) {
        if (a instanceof Reply.Answered || aaaa instanceof Reply.Answered) {
            boolean bothAnswered = a instanceof Reply.Answered && aaaa instanceof Reply.Answered;
            boolean nxdomain = (a instanceof Reply.Answered(var m) && m.getRcode() == Rcode.NXDOMAIN)
                    || (aaaa instanceof Reply.Answered(var m2) && m2.getRcode() == Rcode.NXDOMAIN);
            if (bothAnswered || nxdomain) {
                return DnsStatus.NXDOMAIN;
            }
        }
        return a instanceof Reply.Failed(var status) ? status : ((Reply.Failed) aaaa).status();
    }

    private static Name parseName(String hostname) {
        try {
            Name name = Name.fromString(hostname.strip(), Name.root);
            if (name.equals(Name.root) || hostname.isBlank()) {
                throw new IllegalArgumentException("empty host name");
            }
            return name;
        } catch (TextParseException e) {
            throw new IllegalArgumentException("invalid host name '" + DnsNames.printable(hostname, 100) + "'", e);
        }
    }
}
