package io.netsweep.portscan;

import io.netsweep.timing.MonotonicClock;
import io.netsweep.timing.RateLimiter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The connect-scan event loop: one platform thread, non-blocking sockets through one {@link ConnectIo}.
 *
 * <p>Each turn it takes new submissions, expires probes past their deadline (a heap keyed by deadline),
 * launches probes while the launch cap, the fd budget, the rate limit and the hosts' congestion windows allow,
 * and then waits in {@link ConnectIo#await} until a socket is ready, the next deadline or token is due, or a caller
 * wakes it. It ends when input is closed and every submitted port has its result, or on cancel or failure;
 * either way it closes every socket before signalling termination.
 *
 * <p>Timeouts and congestion windows follow {@link AdaptiveTiming}.
 *
 * <p>Confined to its thread except for {@link ScanControl}, which is the thread-safe face.
 */
final class ConnectEngine implements Runnable {
    /** Attempts that may connect a socket to itself before the port is given up as {@code self-connect}. */
    static final int MAX_SELF_CONNECTS = 3;
    /** Ambiguous failures without an errno retried as shortages before the port is a {@code local-error}. */
    static final int MAX_UNEXPLAINED = 16;
    /** Most probes sent per loop turn before the loop reads answers and expires timeouts again. */
    static final int LAUNCH_BATCH = 512;
    /** Most results held back before they are delivered mid-turn. */
    static final int OUTBOX_LIMIT = 1024;
    private static final long MILLI = 1_000_000L;

    private final ScanTiming timing;
    private final long seed;
    private final EngineOptions options;
    private final MonotonicClock clock;
    private final int shard;
    private final ConnectIo io;
    private final ScanControl control;
    /** A SYN scan holds a host's SYN-ACKs back until it has answered otherwise (see {@link ConnectScanner}). */
    private final boolean holdOpenPorts;
    private final DeadlineHeap inFlight = new DeadlineHeap();
    private final ProbeScheduler scheduler = new ProbeScheduler();
    /**
     * Loss samples waiting to be sent: they go ahead of the round-robin, since a host's samples go one at a time
     * and the evidence they give decides the retransmissions of every silent host after them.
     */
    private final ArrayDeque<Probe> samples = new ArrayDeque<>();
    /** A probe taken to be sent when the rate limit had no token for it: it goes first next time. */
    private Probe held;
    private final AdaptiveTiming adaptive;
    /** SYN scan only: whether hosts that never answered still need retransmissions ({@link LossEvidence}). */
    private final LossEvidence evidence;
    private final Consumer<Probe> onReady = this::onReady;
    private final BiConsumer<Probe, ConnectFailure> unsent = this::unsent;
    /** Results of this loop turn, delivered together before the engine waits again. */
    private final List<PortProbeResult> outbox = new ArrayList<>();
    private final LocalAddresses localAddresses;
    private final int fdBudget;
    private LaunchCap cap;
    private RateLimiter limiter;
    private int activeHosts;

    /**
     * The engine of shard {@code shard} of a scan: {@code timing} and {@code fdBudget} are this shard's share.
     */
    ConnectEngine(int shard, ScanTiming timing, long seed, EngineOptions options, ScanType type, int fdBudget,
            LocalAddresses localAddresses, ConnectIo io, ScanControl control) {
        this.shard = shard;
        this.holdOpenPorts = type == ScanType.SYN;
        this.timing = timing;
        this.seed = seed;
        this.options = options;
        this.clock = options.clock();
        this.fdBudget = fdBudget;
        this.localAddresses = localAddresses;
        this.io = io;
        this.control = control;
        this.adaptive = new AdaptiveTiming(timing);
        this.evidence = type == ScanType.SYN ? new LossEvidence() : null;
    }

    @Override
    public void run() {
        try {
            start();
            loop();
        } catch (IOException | RuntimeException e) {
            control.fail(e);
        } catch (Error e) {
            control.fail(e); // recorded so that callers do not mistake the end for completion
            throw e;
        } finally {
            shutdown();
        }
    }

    private void start() {
        cap = new LaunchCap(Math.min(timing.concurrency(), fdBudget));
        control.launchCeiling(shard, cap.ceiling());
        limiter = new RateLimiter(timing.ratePerSecond(), clock.nanoTime());
    }

    private void loop() throws IOException {
        while (!control.cancelled()) {
            long now = clock.nanoTime();
            admitSubmissions();
            expire(now);
            launch();
            control.deliver(outbox);
            if (control.cancelled()) {
                return;
            }
            if (activeHosts == 0 && control.inputExhausted(shard)) {
                return;
            }
            if (cap.stalled()) {
                throw new IOException("no socket could be created for " + LaunchCap.STALL_LIMIT.toSeconds()
                        + " s: the process is out of file descriptors, ports or buffers");
            }
            long wait = waitNanos(clock.nanoTime());
            io.await(wait <= 0 ? wait : Math.ceilDiv(wait, MILLI), onReady); // a tiny rate's wait: centuries, no overflow
        }
    }

    private void admitSubmissions() {
        ScanControl.Submission s;
        while ((s = control.nextSubmission(shard)) != null) {
            if (s.ports().isEmpty()) {
                control.deliver(outbox);
                control.deliverHostComplete(s);
                continue;
            }
            HostState host = new HostState(s, localAddresses.contains(s.host()), seed, adaptive.newEstimator(),
                    adaptive.newWindow());
            activeHosts++;
            scheduler.reconsider(host);
        }
    }

    /** Expires every probe whose deadline has passed; one that was answered meanwhile counts as answered. */
    private void expire(long now) {
        Probe p;
        while ((p = inFlight.peek()) != null && p.deadlineNanos - now <= 0 && !control.cancelled()) {
            if (!settledLate(p)) {
                timedOut(p, now);
            }
        }
    }

    /** Whether the answer to {@code p} is already in its socket (the loop was busy): handle it as an answer. */
    private boolean settledLate(Probe p) {
        return settle(p, io.finishAtDeadline(p));
    }

    /** Acts on a finished attempt; returns false (and does nothing) while it is pending. */
    private boolean settle(Probe p, AttemptOutcome outcome) {
        switch (outcome) {
            case AttemptOutcome.Pending pending -> {
                return false;
            }
            case AttemptOutcome.Connected connected -> connected(p);
            case ConnectFailure f -> failed(p, f, true);
        }
        return true;
    }

    private void timedOut(Probe p, long now) {
        release(p);
        adaptive.onTimeout(p.host);
        if (p.sample) {
            evidence.sampleLost();
            sampleEnded(p);
            return;
        }
        if (evidence != null && !p.host.answeredAny() && p.attempts > 1) {
            evidence.silentRetransmissionUnanswered();
        }
        if (p.attempts < adaptive.allowedAttempts(p.host) && !lossRuledOutFor(p.host)) {
            p.host.retry(p);
            scheduler.reconsider(p.host);
        } else {
            report(p, ProbeVerdict.NO_RESPONSE, false);
        }
    }

    /**
     * Sends probes while everything allows it, at most {@link #LAUNCH_BATCH} per turn so answers get read. Where the
     * I/O queues attempts (the SYN scan's batches), the queue goes out whenever it is full and when the burst ends:
     * probes leave in the order taken, each counted in flight and against the rate when taken.
     */
    private void launch() {
        try {
            launchBurst();
        } finally {
            io.flush(unsent);
        }
    }

    private void launchBurst() {
        long now = clock.nanoTime();
        int n = 0;
        while (n < LAUNCH_BATCH
                && !control.cancelled()
                && inFlight.size() < launchLimit()
                && inFlight.size() + io.releasing() < fdBudget
                && !cap.paused(now)
                && hasReady()) {
            Probe p = nextProbe();
            if (retransmissionUnneeded(p)) {
                p.host.release();
                report(p, ProbeVerdict.NO_RESPONSE, false);
                continue;
            }
            if (!limiter.tryAcquire(now)) {
                held = p;
                return;
            }
            send(p);
            if (io.sendQueueFull()) {
                io.flush(unsent);
            }
            now = clock.nanoTime();
            n++;
        }
    }

    /**
     * A queued attempt that {@link ConnectIo#flush} could not send. It went in flight when taken: a shortage takes
     * the attempt back (nothing reached the network) and queues the probe again; a decided failure is its verdict.
     */
    private void unsent(Probe p, ConnectFailure failure) {
        if (!(failure instanceof ConnectFailure.Decided)) {
            p.attempts--;
            control.countUnsent();
        }
        failed(p, failure, false);
    }

    /**
     * Whether {@code p} is a retransmission to a host that has never answered, which the evidence gathered since it
     * was queued no longer calls for ({@link LossEvidence}): retransmissions wait behind the first probes of the
     * hosts ready before them, and are decided when their turn comes, on the latest evidence.
     */
    private boolean retransmissionUnneeded(Probe p) {
        return !p.sample && p.attempts > 0 && lossRuledOutFor(p.host);
    }

    /** Whether {@code host} has never answered and the scan's evidence rules out loss: no retransmission for it. */
    private boolean lossRuledOutFor(HostState host) {
        return evidence != null && !host.answeredAny() && evidence.lossRuledOut();
    }

    private void send(Probe p) {
        HostState host = p.host;
        p.sentNanos = clock.nanoTime();
        AttemptOutcome started = io.start(p);
        if (started instanceof ConnectFailure f) {
            if (f instanceof ConnectFailure.Decided) {
                sent(p, 0);
            }
            failed(p, f, false);
            return;
        }
        long timeout = adaptive.timeoutFor(host, p.attempts + 1);
        sent(p, timeout);
        // For a local target the kernel handles the SYN within connect(), so the answer is usually there
        // already: taking it now spares the wait for readiness.
        if (settle(p, host.local && started instanceof AttemptOutcome.Pending ? io.finish(p) : started)) {
            return;
        }
        try {
            io.watch(p);
        } catch (IOException e) {
            failed(p, ConnectFailure.SHORTAGE, false);
            return;
        }
        p.deadlineNanos = p.sentNanos + timeout;
        inFlight.add(p);
        control.observeInFlight(shard, inFlight.size());
    }

    private void sent(Probe p, long timeoutNanos) {
        p.attempts++;
        cap.onLaunched();
        control.countSent();
        if (p.sample) {
            options.trace().onSample(p.host.address, p.port);
        } else {
            options.trace().onSend(p.host.address, p.port, p.attempts, timeoutNanos, inFlight.size() + 1);
        }
    }

    private void onReady(Probe p) {
        if (p.heapIndex < 0 || control.cancelled()) {
            return; // ended meanwhile, or a stale readiness report
        }
        settle(p, io.finish(p));
    }

    /** The handshake completed: open, unless the socket connected to itself. */
    private void connected(Probe p) {
        boolean self = io.isSelfConnect(p);
        release(p); // a reset: the connection never lingers in TIME_WAIT
        if (!self) {
            report(p, ProbeVerdict.SYN_ACK, true);
            return;
        }
        control.countSelfConnect();
        p.attempts--; // the attempt proved nothing about the port: it does not use up a retry
        p.selfConnects++;
        if (p.selfConnects >= MAX_SELF_CONNECTS) {
            report(p, ProbeVerdict.SELF_CONNECT, false);
        } else {
            p.host.retry(p);
            scheduler.reconsider(p.host);
        }
    }

    private void failed(Probe p, ConnectFailure failure, boolean measured) {
        switch (failure) {
            case ConnectFailure.Decided d -> {
                release(p);
                report(p, d.verdict(), measured);
            }
            case ConnectFailure.LocalShortage s -> shortage(p);
            case ConnectFailure.Unexplained u -> {
                if (++p.pressureRequeues > MAX_UNEXPLAINED) {
                    release(p);
                    report(p, ProbeVerdict.LOCAL_ERROR, false);
                } else {
                    shortage(p);
                }
            }
        }
    }

    /** Local resources ran out: nothing was learned; lower the cap, pause, and queue the probe again. */
    private void shortage(Probe p) {
        release(p);
        control.countShortage();
        cap.onShortage(inFlight.size(), clock.nanoTime());
        p.host.retry(p);
        scheduler.reconsider(p.host);
    }

    /** Ends the probe's current attempt: out of the deadline heap, socket ended, window slot freed. */
    private void release(Probe p) {
        if (p.heapIndex >= 0) {
            inFlight.remove(p);
        }
        io.end(p);
        p.host.release();
    }

    private void report(Probe p, ProbeVerdict verdict, boolean measured) {
        long now = clock.nanoTime();
        HostState host = p.host;
        long rtt = now - p.sentNanos;
        if (verdict.isTargetAnswer()) {
            adaptive.onTargetAnswer(host, p.attempts, p.sentNanos, now, io.tellsAttemptsApart());
        }
        cap.onProbeDone(now);
        if (p.sample) {
            if (verdict.isTargetAnswer()) {
                evidence.sampleDelivered();
            }
            sampleEnded(p);
            return;
        }
        if (evidence != null && verdict.isTargetAnswer()) {
            evidence.answered(p.attempts);
            offerSample(host, p.port);
        }
        Optional<Duration> measuredRtt = measured || verdict.isTargetAnswer()
                ? Optional.of(Duration.ofNanos(Math.max(0, rtt)))
                : Optional.empty();
        PortProbeResult result = new PortProbeResult(host.address, p.port, verdict.state(), verdict.label(),
                measuredRtt);
        if (holdOpenPorts && host.holdingOpenPorts()) {
            if (verdict == ProbeVerdict.SYN_ACK) {
                host.holdOpenPort(result);
            } else {
                outbox.addAll(host.releaseOpenPorts(false)); // the host does not answer everything
                outbox.add(result);
            }
        } else {
            outbox.add(result);
        }
        if (outbox.size() >= OUTBOX_LIMIT) {
            control.deliver(outbox);
        }
        resolved(host);
    }

    /** One of {@code host}'s ports is done; the last one completes the host. */
    private void resolved(HostState host) {
        if (host.resolve()) {
            if (holdOpenPorts && host.holdingOpenPorts()) {
                outbox.addAll(host.releaseOpenPorts(
                        host.submission.ports().size() >= ConnectScanner.ANSWERS_EVERYTHING_PORTS));
            }
            activeHosts--;
            control.deliver(outbox);
            control.deliverHostComplete(host.submission);
        } else {
            scheduler.reconsider(host);
        }
    }

    /**
     * Queues a loss sample of {@code port}, which {@code host} has just answered, if the evidence wants one and the
     * host has none under way and samples left (see {@link LossEvidence}).
     */
    private void offerSample(HostState host, int port) {
        if (host.sampling || host.samplesSent >= LossEvidence.SAMPLES_PER_HOST || !evidence.wantsSamples()) {
            return;
        }
        Probe sample = new Probe(host, port);
        sample.sample = true;
        host.samplesSent++;
        host.addSample();
        samples.addLast(sample);
    }

    /**
     * Loss sample {@code p} is done: the host's next one goes out while wanted. Samples hold up nothing: the host
     * completes (and its results go out) when its ports are done, whether its samples are or not.
     */
    private void sampleEnded(Probe p) {
        HostState host = p.host;
        if (host.samplesSent < LossEvidence.SAMPLES_PER_HOST && evidence.wantsSamples() && !control.cancelled()) {
            host.samplesSent++;
            p.attempts = 0;
            p.pressureRequeues = 0;
            samples.addLast(p);
            return;
        }
        host.sampling = false;
    }

    /** Whether a probe is ready to go: one held for the rate, a loss sample, or a host's next probe. */
    private boolean hasReady() {
        return held != null || !samples.isEmpty() || scheduler.hasReady();
    }

    /** The next probe to send: one held for the rate, then a loss sample (see {@link #samples}). */
    private Probe nextProbe() {
        if (held != null) {
            Probe p = held;
            held = null;
            return p;
        }
        Probe sample = samples.pollFirst();
        if (sample == null) {
            return scheduler.next();
        }
        sample.host.takeSample();
        return sample;
    }

    /** Probes in flight allowed now: the launch cap (local resources) and the engine's window (the path). */
    private int launchLimit() {
        return Math.min(cap.limit(), adaptive.groupLimit());
    }

    /** How long select may block: until the next deadline, token or resume; -1 for "until woken". */
    private long waitNanos(long now) {
        long wait = -1;
        Probe first = inFlight.peek();
        if (first != null) {
            wait = Math.max(0, first.deadlineNanos - now);
        }
        boolean capRoom = inFlight.size() < launchLimit();
        int closing = io.releasing();
        if (capRoom && closing > 0 && inFlight.size() + closing >= fdBudget && hasReady()) {
            return 0; // only closed sockets block: the next wait releases their fds
        }
        if (capRoom && inFlight.size() + closing < fdBudget && hasReady()) {
            long until = cap.paused(now) ? cap.nanosUntilResume(now) : limiter.nanosUntilReady(now);
            wait = wait < 0 ? until : Math.min(wait, until);
        }
        return wait;
    }

    private void shutdown() {
        for (Probe p : inFlight.toArray()) {
            io.end(p);
        }
        io.close();
    }
}
