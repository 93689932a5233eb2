package io.netsweep.discovery;

import io.netsweep.timing.MonotonicClock;
import io.netsweep.timing.RateLimiter;
import io.netsweep.timing.RttEstimator;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The sweep itself: walks the targets lazily, paces first probes and retries, learns the timeout
 * from answers, retries the silent, decides every target exactly once and hands the verdicts to
 * the {@link HostEmitter}.
 *
 * <p>Threading: {@link #run} runs on one scheduler thread, which alone sends and times out.
 * Transports' receiver threads call {@link #answer}, which only matches the answer and queues the
 * decision. {@link #cancel} and the counters may be used from any thread.
 */
final class SweepEngine implements Transport.Sink {
    /** Targets in flight at once (ICMP); a TCP ping holds sockets, so it gets far fewer. */
    static final int MAX_PENDING_ICMP = 8192;
    static final int MAX_PENDING_TCP = 256;
    /** Verdicts waiting for the listener beyond which no new target is taken (the listener holds the sweep up). */
    static final int MAX_UNREPORTED = 8192;
    /** Below this many targets in flight, first probes go before retries. */
    static final int NEW_FIRST_BELOW = 512;
    /** A send refused for lack of local buffers stalls all sending this long at first, doubling up to the max. */
    private static final long MIN_STALL_NANOS = 1_000_000L;
    private static final long MAX_STALL_NANOS = 200_000_000L;
    /** After this long without one successful send, the target at the head is given up as {@code send-error}. */
    private static final long GIVE_UP_NANOS = 10_000_000_000L;
    private static final long MAX_PARK_NANOS = 20_000_000L;

    private record Decision(TargetState target, Answer answer, Optional<Duration> rtt, long at) {}

    private record Waiting(TargetState target, long sentAt) {}


    private final Transport v4;
    private final Transport v6;
    private final int retries;
    private final double rate;
    private final boolean readNeighbors;
    private final LocalNetworks local;
    private final NeighborSolicitor solicitor;
    private final HostEmitter emitter;
    private final MonotonicClock clock;
    /** Sampled by receiver threads, read by the scheduler: guarded by itself. */
    private final RttEstimator rtt;
    private final ConcurrentHashMap<InetAddress, TargetState> outstanding = new ConcurrentHashMap<>();
    private final Queue<Decision> decisions = new ConcurrentLinkedQueue<>();
    private final AtomicLong probesSent = new AtomicLong();
    private volatile boolean cancelled;
    private volatile Thread scheduler;

    // Scheduler thread only:
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final ArrayDeque<TargetState> ready = new ArrayDeque<>();
    private long stalledUntil;
    private long stall;
    private long failingSince = Long.MIN_VALUE;
    private final List<HostEmitter.Silent> silentLocal = new ArrayList<>();
    private int sequence;
    private boolean preferNew;
    private int pending;
    private boolean exhausted;

    SweepEngine(DiscoveryOptions options, Transport v4, Transport v6, LocalNetworks local,
                NeighborSolicitor solicitor, HostEmitter emitter, MonotonicClock clock, int seedSequence) {
        this.v4 = v4;
        this.v6 = v6;
        this.retries = options.retries();
        this.rate = options.ratePerSecond();
        this.readNeighbors = options.readNeighbors();
        this.local = local;
        this.solicitor = solicitor;
        this.emitter = emitter;
        this.clock = clock;
        this.stalledUntil = clock.nanoTime();
        this.rtt = new RttEstimator(options.initialTimeout(), options.minTimeout(), options.maxTimeout());
        this.sequence = seedSequence;
    }

    long probesSent() {
        return probesSent.get();
    }

    void cancel() {
        cancelled = true;
        Thread t = scheduler;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Runs the whole sweep on the calling thread; returns when every target is decided or on cancel. */
    void run(Iterator<InetAddress> targets) {
        scheduler = Thread.currentThread();
        RateLimiter limiter = new RateLimiter(rate, clock.nanoTime());
        while (!cancelled) {
            drainDecisions();
            long now = clock.nanoTime();
            expire(now);
            sendSome(now, limiter, targets);
            if (exhausted && pending == 0 && decisions.isEmpty()) {
                break;
            }
            park(now, limiter);
        }
        drainDecisions();
        if (!cancelled) {
            finishSilentLocal();
        }
    }

    private void park(long now, RateLimiter limiter) {
        if (!decisions.isEmpty() || cancelled) {
            return;
        }
        long wait = MAX_PARK_NANOS;
        if (!waiting.isEmpty()) {
            wait = Math.min(wait, waiting.peek().sentAt() + timeoutNanos() - now);
        }
        if (!ready.isEmpty() || roomForNew()) {
            long stalled = Math.max(0, stalledUntil - now);
            wait = Math.min(wait, Math.max(limiter.nanosUntilReady(now), stalled));
        }
        clock.parkNanos(wait); // an answer unparks it early
    }

    /** Whether a new target may be taken: targets remain, few enough are in flight and the listener keeps up. */
    private boolean roomForNew() {
        return !exhausted && pending < maxPending() && emitter.backlog() < MAX_UNREPORTED;
    }

    private int maxPending() {
        return v4.method() == DiscoveryMethod.TCP_CONNECT ? MAX_PENDING_TCP : MAX_PENDING_ICMP;
    }

    private void sendSome(long now, RateLimiter limiter, Iterator<InetAddress> targets) {
        if (stalledUntil - now > 0) { // clock values compare by difference: they may wrap
            return;
        }
        while (!cancelled && limiter.ready(now)) {
            // New targets go first while few are in flight (their ARP starts early, and a small
            // sweep's first probes all go out at once); beyond that, retries and new targets take
            // turns so that neither starves the other.
            boolean room = roomForNew();
            boolean newTurn = room && (pending < NEW_FIRST_BELOW || preferNew);
            preferNew = !preferNew;
            TargetState t = newTurn ? null : ready.poll();
            if (t == null) {
                if (!room) {
                    if (ready.isEmpty()) {
                        return;
                    }
                    continue;
                }
                if (!targets.hasNext()) {
                    exhausted = true;
                    continue;
                }
                Optional<TargetState> admitted = admit(targets.next());
                if (admitted.isEmpty()) {
                    continue; // a repeat of a target still in flight
                }
                t = admitted.get();
            }
            if (t.decided()) {
                continue;
            }
            if (!send(t, now, limiter)) {
                return;
            }
        }
    }

    private Optional<TargetState> admit(InetAddress address) {
        boolean six = address instanceof Inet6Address;
        TargetState t = new TargetState(address, readNeighbors && local.onLink(address), six ? v6 : v4, retries + 1);
        if (outstanding.putIfAbsent(address, t) != null) {
            return Optional.empty();
        }
        pending++;
        return Optional.of(t);
    }

    /** Sends the next attempt; false if local resources ran out (stop sending for this round). */
    private boolean send(TargetState t, long now, RateLimiter limiter) {
        int seq = sequence++ & 0xFFFF;
        int cost = t.transport.probesPerSend();
        boolean retry = t.attempts() > 0;
        t.recordSend(seq, now);
        switch (t.transport.send(t.address, seq)) {
            case Transport.SendOutcome.Sent s -> {
                probesSent.addAndGet(cost);
                limiter.consume(cost);
                long sent = clock.nanoTime();
                t.sentNow(sent);
                waiting.add(new Waiting(t, sent));
                if (retry && t.onLink && solicitor.solicit(t.address)) {
                    // The kernel asked once, with the first probe, and asks again only a second later:
                    // ask with every retry, so the neighbor table can decide a silent target at once.
                    t.solicited(sent);
                }
            }
            case Transport.SendOutcome.Immediate i -> {
                probesSent.addAndGet(cost);
                limiter.consume(cost);
                if (t.answer(seq).isPresent()) {
                    decisions.add(new Decision(t, i.answer(), Optional.empty(), now));
                }
            }
            case Transport.SendOutcome.RetryLater r -> {
                // Local congestion (socket buffer, neighbor table), not the target's doing: no attempt
                // is used up; everything waits a little, longer while it lasts.
                t.unrecordSend();
                ready.addFirst(t);
                stall = Math.min(MAX_STALL_NANOS, Math.max(MIN_STALL_NANOS, stall * 2));
                stalledUntil = now + stall;
                if (failingSince == Long.MIN_VALUE) {
                    failingSince = now;
                } else if (now - failingSince > GIVE_UP_NANOS && t.decideSilent()) {
                    ready.pollFirst();
                    decisions.add(new Decision(t, new Answer(false, "send-error"), Optional.empty(), now));
                }
                return false;
            }
        }
        stall = 0;
        failingSince = Long.MIN_VALUE;
        return true;
    }

    private long timeoutNanos() {
        synchronized (rtt) {
            return rtt.timeoutNanos();
        }
    }

    private void expire(long now) {
        long timeout = timeoutNanos();
        if (waiting.isEmpty() || now - waiting.peek().sentAt() < timeout) {
            return;
        }
        // An answer may sit unread in a socket while its target's time runs out (the receiver thread has not
        // run since: a loaded machine): read it first, so that a host that answered in time is not called down.
        drainTransports();
        while (!waiting.isEmpty() && now - waiting.peek().sentAt() >= timeout) {
            Waiting w = waiting.poll();
            TargetState t = w.target();
            if (t.decided() || t.lastSentAt() != w.sentAt()) {
                continue;
            }
            if (t.attempts() <= retries) {
                ready.add(t);
            } else if (t.decideSilent()) {
                if (t.onLink && !local.isOwn(t.address)) {
                    silentLocal.add(new HostEmitter.Silent(t.address, neighborDeadline(t, timeout)));
                    release(t); // the neighbor table decides, after the sweep
                } else {
                    decisions.add(new Decision(t, new Answer(false, "no-response"), Optional.empty(), now));
                }
            }
        }
    }

    private void drainTransports() {
        v4.drain(this);
        if (v6 != v4) {
            v6.drain(this);
        }
    }

    @Override
    public void answer(InetAddress target, int seq, Answer answer, long receivedNanos) {
        TargetState t = outstanding.get(target);
        if (t == null) {
            return; // not ours, or already decided
        }
        OptionalLong sentAt = t.answer(seq);
        if (sentAt.isEmpty()) {
            return;
        }
        long r = Math.max(0, receivedNanos - sentAt.getAsLong());
        if (answer.up()) {
            synchronized (rtt) {
                rtt.sample(r);
            }
        }
        decisions.add(new Decision(t, answer, answer.up() ? Optional.of(Duration.ofNanos(r)) : Optional.empty(),
                receivedNanos));
        Thread s = scheduler;
        if (s != null) {
            LockSupport.unpark(s);
        }
    }

    private void drainDecisions() {
        List<HostEmitter.Up> ups = new ArrayList<>();
        List<InetAddress> downs = new ArrayList<>();
        Decision d;
        while ((d = decisions.poll()) != null) {
            TargetState t = d.target();
            release(t);
            if (d.answer().up()) {
                ups.add(new HostEmitter.Up(t.address, t.onLink, d.answer().reason(), d.rtt(), d.at()));
            } else {
                downs.add(t.address);
            }
        }
        if (!ups.isEmpty()) {
            emitter.submitUp(ups);
        }
        downs.forEach(emitter::submitDown);
    }

    /**
     * Until when an unresolved neighbor entry of a silent local target is worth waiting for: one
     * probe timeout after our last ARP request, or, if we sent none, until just past the kernel's
     * own first retransmission.
     */
    private static long neighborDeadline(TargetState t, long timeout) {
        long solicited = t.lastSolicitedAt();
        return solicited == Long.MIN_VALUE ? t.firstSentAt() + HostEmitter.NEIGHBOR_GRACE_NANOS
                : solicited + timeout;
    }

    private void release(TargetState t) {
        outstanding.remove(t.address, t);
        pending--;
        t.transport.release(t.address);
    }

    private void finishSilentLocal() {
        if (!silentLocal.isEmpty()) {
            emitter.submitSilent(silentLocal);
            silentLocal.clear();
        }
    }
}
