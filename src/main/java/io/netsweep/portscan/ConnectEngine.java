package io.netsweep.portscan;

import io.netsweep.scan.ScanTiming;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The connect-scan event loop: one platform thread, one {@link Selector}, non-blocking sockets.
 *
 * <p>Each turn it takes new submissions, expires probes past their deadline (a heap keyed by deadline),
 * launches probes while the launch cap, the fd budget, the rate limit and the hosts' congestion windows allow,
 * and then waits in {@code select} until a socket is ready, the next deadline or token is due, or a caller
 * wakes it. It ends when input is closed and every submitted port has its result, or on cancel or failure;
 * either way it closes every socket and the selector before signalling termination.
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
    private static final long MILLI = 1_000_000L;

    private final ScanTiming timing;
    private final long seed;
    private final EngineOptions options;
    private final NanoClock clock;
    private final Selector selector;
    private final ScanControl control;
    private final DeadlineHeap inFlight = new DeadlineHeap();
    private final ProbeScheduler scheduler = new ProbeScheduler();
    private final AdaptiveTiming adaptive;
    private final Consumer<SelectionKey> onReady = this::onReady;
    private FailureClassifier classifier;
    private LocalAddresses localAddresses;
    private LaunchCap cap;
    private TokenBucket bucket;
    private int fdBudget;
    /** Registered sockets closed since the last select began: their fds close only at the next select. */
    private int closing;
    private int activeHosts;

    ConnectEngine(ScanTiming timing, long seed, EngineOptions options, Selector selector, ScanControl control) {
        this.timing = timing;
        this.seed = seed;
        this.options = options;
        this.clock = options.clock();
        this.selector = selector;
        this.control = control;
        this.adaptive = new AdaptiveTiming(timing);
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
        Optional<Libc> libc = Libc.load();
        classifier = new FailureClassifier(libc);
        localAddresses = LocalAddresses.snapshot();
        long soft = options.raiseFdLimit()
                ? FdBudget.raiseAndMeasure(libc)
                : libc.flatMap(Libc::fdLimit).map(Libc.FdLimit::soft).orElse(FdBudget.ASSUMED_SOFT_LIMIT);
        fdBudget = options.fdBudget().orElse(FdBudget.fromSoftLimit(soft));
        cap = new LaunchCap(Math.min(timing.concurrency(), fdBudget));
        control.launchCeiling(cap.ceiling());
        bucket = new TokenBucket(timing.ratePerSecond(), clock.nanoTime());
    }

    private void loop() throws IOException {
        while (!control.cancelled()) {
            long now = clock.nanoTime();
            admitSubmissions();
            expire(now);
            launch();
            if (control.cancelled()) {
                return;
            }
            if (activeHosts == 0 && control.inputExhausted()) {
                return;
            }
            if (cap.stalled()) {
                throw new IOException("no socket could be created for " + LaunchCap.STALL_LIMIT.toSeconds()
                        + " s: the process is out of file descriptors, ports or buffers");
            }
            long wait = waitNanos(clock.nanoTime());
            closing = 0;
            if (wait == 0) {
                selector.selectNow(onReady);
            } else {
                selector.select(onReady, wait < 0 ? 0 : Math.max(1, (wait + MILLI - 1) / MILLI));
            }
        }
    }

    private void admitSubmissions() {
        ScanControl.Submission s;
        while ((s = control.nextSubmission()) != null) {
            if (s.ports().isEmpty()) {
                control.deliverHostComplete(s.host());
                continue;
            }
            HostState host = new HostState(s.host(), localAddresses.contains(s.host()), s.ports(), seed,
                    adaptive.newEstimator(), adaptive.newWindow());
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
        SocketChannel ch = p.channel;
        try {
            if (!ch.finishConnect()) {
                return false;
            }
        } catch (IOException e) {
            failed(p, classifier.onFinish(e), true);
            return true;
        }
        connected(p, ch);
        return true;
    }

    private void timedOut(Probe p, long now) {
        release(p);
        if (p.attempts < p.host.allowedAttempts(timing.retries() + 1)) {
            p.host.retry(p);
            scheduler.reconsider(p.host);
        } else {
            report(p, ProbeVerdict.NO_RESPONSE, false);
        }
    }

    /** Sends probes while everything allows it, at most {@link #LAUNCH_BATCH} per turn so answers get read. */
    private void launch() {
        long now = clock.nanoTime();
        int n = 0;
        while (n < LAUNCH_BATCH
                && !control.cancelled()
                && inFlight.size() < cap.limit()
                && inFlight.size() + closing < fdBudget
                && !cap.paused(now)
                && scheduler.hasReady()
                && bucket.tryAcquire(now)) {
            send(scheduler.next());
            now = clock.nanoTime();
            n++;
        }
    }

    private void send(Probe p) {
        HostState host = p.host;
        SocketChannel ch;
        try {
            ch = SocketChannel.open(family(host.address));
        } catch (IOException e) {
            failed(p, classifier.onOpen(e), false);
            return;
        } catch (UnsupportedOperationException e) { // no IPv6 on this machine: nothing can be learned
            failed(p, new ConnectFailure.Decided(ProbeVerdict.LOCAL_ERROR), false);
            return;
        }
        try {
            ch.configureBlocking(false);
        } catch (IOException e) {
            closeQuietly(ch);
            failed(p, classifier.onOpen(e), false);
            return;
        }
        p.sentNanos = clock.nanoTime();
        boolean connectedNow;
        try {
            connectedNow = ch.connect(new InetSocketAddress(host.address, p.port));
        } catch (IOException e) { // the JDK has closed the channel
            ConnectFailure f = classifier.onConnect(e, host.address, p.port);
            if (f instanceof ConnectFailure.Decided) {
                sent(p, 0);
            }
            failed(p, f, false);
            return;
        }
        long timeout = adaptive.timeoutFor(host);
        sent(p, timeout);
        if (connectedNow || host.local && answeredAlready(p, ch)) {
            if (connectedNow) {
                connected(p, ch);
            }
            return;
        }
        try {
            ch.register(selector, SelectionKey.OP_CONNECT, p);
        } catch (IOException e) {
            closeQuietly(ch);
            failed(p, classifier.onOpen(e), false);
            return;
        }
        p.channel = ch;
        p.deadlineNanos = p.sentNanos + timeout;
        inFlight.add(p);
        control.observeInFlight(inFlight.size());
    }

    /**
     * For a local target the kernel handles the SYN within {@code connect()}, so the answer is usually there
     * already: taking it now spares registering the socket with the selector. Returns whether it was.
     */
    private boolean answeredAlready(Probe p, SocketChannel ch) {
        try {
            if (!ch.finishConnect()) {
                return false;
            }
        } catch (IOException e) { // the JDK has closed the channel
            failed(p, classifier.onFinish(e), true);
            return true;
        }
        connected(p, ch);
        return true;
    }

    private void sent(Probe p, long timeoutNanos) {
        p.attempts++;
        cap.onLaunched();
        control.countSent();
        options.trace().onSend(p.host.address, p.port, p.attempts, timeoutNanos, inFlight.size() + 1);
    }

    private void onReady(SelectionKey key) {
        Probe p = (Probe) key.attachment();
        SocketChannel ch = p.channel;
        if (ch == null || control.cancelled()) {
            return;
        }
        try {
            if (!ch.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            failed(p, classifier.onFinish(e), true);
            return;
        }
        connected(p, ch);
    }

    /** The handshake completed: open, unless the socket connected to itself. */
    private void connected(Probe p, SocketChannel ch) {
        boolean self = isSelfConnect(ch);
        // Only a connected socket would linger in TIME_WAIT: SO_LINGER 0 makes its close a reset. Refused and
        // unanswered sockets never reach TIME_WAIT, so they are spared the extra system call.
        lingerZero(ch);
        if (p.channel == null) {
            closeQuietly(ch); // connected at once, never registered
        }
        release(p);
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

    /**
     * A connect to a local address from an ephemeral port equal to the target port "succeeds" with the socket
     * connected to itself (TCP simultaneous open). Such a socket says nothing about the port.
     */
    static boolean isSelfConnect(SocketChannel ch) {
        try {
            if (ch.getLocalAddress() instanceof InetSocketAddress local
                    && ch.getRemoteAddress() instanceof InetSocketAddress remote) {
                return local.getPort() == remote.getPort() && local.getAddress().equals(remote.getAddress());
            }
            return false;
        } catch (IOException e) {
            return false; // closed meanwhile: not a self-connect we can prove
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

    /** Ends the probe's current attempt: out of the deadline heap, socket closed, window slot freed. */
    private void release(Probe p) {
        SocketChannel ch = p.channel;
        if (ch != null) {
            inFlight.remove(p);
            closeQuietly(ch);
            closing++;
            p.channel = null;
        }
        p.host.release();
    }

    private void report(Probe p, ProbeVerdict verdict, boolean measured) {
        long now = clock.nanoTime();
        HostState host = p.host;
        long rtt = now - p.sentNanos;
        if (verdict.isTargetAnswer()) {
            adaptive.onTargetAnswer(host, p.attempts, p.sentNanos, now);
        }
        cap.onProbeDone(now);
        Optional<Duration> measuredRtt = measured || verdict.isTargetAnswer()
                ? Optional.of(Duration.ofNanos(Math.max(0, rtt)))
                : Optional.empty();
        control.deliver(new PortProbeResult(host.address, p.port, verdict.state(), verdict.label(), measuredRtt));
        if (host.resolve()) {
            activeHosts--;
            control.deliverHostComplete(host.address);
        } else {
            scheduler.reconsider(host);
        }
    }

    /** How long select may block: until the next deadline, token or resume; -1 for "until woken". */
    private long waitNanos(long now) {
        long wait = -1;
        Probe first = inFlight.peek();
        if (first != null) {
            wait = Math.max(0, first.deadlineNanos - now);
        }
        boolean capRoom = inFlight.size() < cap.limit();
        if (capRoom && closing > 0 && inFlight.size() + closing >= fdBudget && scheduler.hasReady()) {
            return 0; // only closed sockets block: the next select releases their fds
        }
        if (capRoom && inFlight.size() + closing < fdBudget && scheduler.hasReady()) {
            long until = cap.paused(now) ? cap.nanosUntilResume(now) : bucket.nanosUntilAvailable(now);
            wait = wait < 0 ? until : Math.min(wait, until);
        }
        return wait;
    }

    private void shutdown() {
        try {
            selector.close(); // deregisters every key, closing the fds of channels closed while registered
        } catch (IOException e) {
            control.fail(e);
        }
        for (Probe p : inFlight.toArray()) {
            closeQuietly(p.channel); // no longer registered: closes at once
        }
    }

    private static ProtocolFamily family(InetAddress a) {
        return a instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    private static void lingerZero(SocketChannel ch) {
        try {
            ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            // Closed meanwhile, or the option refused: the close below still ends the connection.
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // Closing a socket we own and abandon: nothing useful to do with a failure.
        }
    }
}
