package io.netsweep.portscan;

import io.netsweep.port.PortSet;
import io.netsweep.sys.FdLimit;
import io.netsweep.sys.Platform;
import io.netsweep.sys.TcpConnector;
import io.netsweep.timing.MonotonicClock;
import io.netsweep.timing.RateLimiter;
import io.netsweep.concurrent.Threads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP connect scan engine: it connects to each submitted (host, port) and reports open (handshake completed),
 * closed (reset) or filtered (no answer after up to {@link ScanTiming#retries()} retransmissions, or an ICMP error).
 *
 * <p><b>How it works.</b> Platform threads named {@value #THREAD_NAME}, one per core up to {@value #MAX_SHARDS}
 * (fewer when the concurrency is low or the scan is rate-limited), each drive non-blocking sockets: on Linux
 * through epoll and system calls made with the Foreign Function API, reusing each socket for many attempts
 * ({@link EpollConnectIo}), elsewhere through an NIO selector; a connected socket ends with a reset (no
 * TIME_WAIT). Each thread (shard) scans whole hosts handed out round-robin, and a share of the ports of any
 * host submitted with {@value #SPLIT_PORTS} ports or more; concurrency and fd budget are divided among them. At
 * most {@code min(timing.concurrency(), fd budget)} sockets are in flight, the fd budget being the soft
 * RLIMIT_NOFILE (raised to the hard limit at start where allowed) minus a reserve of 64 plus 10 %. Running
 * short of fds, ports or buffers lowers that cap and re-queues the probe: such a probe is never reported.
 * Timeouts adapt to measured round trips per host (RFC 6298), and each host has a congestion window that grows
 * with answers and halves on loss (an answer to a retransmission proves the earlier attempt lost; a port that
 * never answers is filtered, not congested); {@link ScanTiming#ratePerSecond()} caps the send rate. Probes go
 * round-robin across hosts, each host's ports in a pseudo-random order fixed by the seed. A socket that
 * connects to itself (loopback, source port = target port) is never reported open.
 *
 * <p><b>SYN scan.</b> {@link #syn} makes the same engine send crafted SYNs on raw sockets instead ({@link SynIo}:
 * open on a SYN-ACK, closed on a reset, filtered on silence or an ICMP unreachable), with the same timing,
 * retries, windows, rate, order and results; it needs CAP_NET_RAW, and runs on one thread (one pair of raw
 * sockets; no fd per probe, so the fd budget does not apply). A host that has never answered gets its
 * retransmissions only while the scan's measured loss does not rule them out ({@link LossEvidence}). A host that answers a SYN-ACK to every one of at least
 * {@value #ANSWERS_EVERYTHING_PORTS} ports (a middlebox or SYN proxy that answers for any port) has its ports
 * reported open with the reason {@code syn-ack-every-port}: each port's results are held back while the host has
 * answered nothing but SYN-ACKs, and released as soon as it answers otherwise or completes.
 *
 * <p><b>Lifecycle.</b> The engine starts in the constructor and scans submissions as they arrive (hosts may be
 * submitted while earlier ones are being scanned). After {@link #closeInput()} it ends once every submitted
 * port has its result. {@link #cancel()} ends it early. Either way the threads exit having closed every socket.
 *
 * <p><b>Results.</b> The listener gets exactly one {@link PortProbeResult} per submitted (host, port), then one
 * {@link PortScanListener#onHostComplete} per submission, on an engine thread, one call at a time.
 * Submitting the same host twice scans it twice. If a listener call throws, or the process cannot create a
 * socket for {@code 10 s} with none in flight, the scan stops as if cancelled and {@link #failure()} says why.
 *
 * <p><b>Threading.</b> Every public method is thread-safe. The listener must not block on a thread that is
 * calling {@link #cancel()} or {@link #close()}.
 */
public final class ConnectScanner implements AutoCloseable {
    /** Name of the engine threads. */
    public static final String THREAD_NAME = "netsweep-connect";
    /** Most engine threads (shards) of one scanner; more cores than this gain little on one kernel's TCP stack. */
    static final int MAX_SHARDS = 4;
    /** Fewest probes in flight, and fd budget, a shard is given: below it a scan stays on one thread. */
    static final int MIN_SHARD_CONCURRENCY = 256;
    /** Submissions of at least this many ports are split across the shards; smaller ones go to one. */
    static final int SPLIT_PORTS = 4096;
    /** Fewest ports, all answered with a SYN-ACK, that make a host one that answers everything (SYN scan only). */
    public static final int ANSWERS_EVERYTHING_PORTS = 64;

    private final ScanControl control;
    private final MonotonicClock clock;
    private final List<ConnectIo> ios = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger nextShard = new AtomicInteger();
    private final ScanType type;

    /**
     * Starts an engine.
     *
     * @param timing   concurrency, timeouts, retries and rate
     * @param seed     fixes the probe order: the same seed gives the same order for the same submissions
     * @param listener receives results on the engine threads, one call at a time
     * @throws UncheckedIOException if no poller (epoll or selector) can be opened
     */
    public ConnectScanner(ScanTiming timing, long seed, PortScanListener listener) {
        this(timing, seed, listener, EngineOptions.defaults());
    }

    ConnectScanner(ScanTiming timing, long seed, PortScanListener listener, EngineOptions options) {
        this(timing, seed, listener, options, Optional.empty());
    }

    /** A scanner over {@code synIo} (the SYN scan, one shard) when present, else over connect sockets. */
    private ConnectScanner(ScanTiming timing, long seed, PortScanListener listener, EngineOptions options,
            Optional<SynIo> synIo) {
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(options, "options");
        this.clock = options.clock();
        this.type = synIo.isPresent() ? ScanType.SYN : ScanType.CONNECT;
        int fdBudget;
        int shards;
        if (synIo.isPresent()) {
            fdBudget = timing.concurrency(); // a probe holds no fd
            shards = 1;
            ios.add(synIo.get());
        } else {
            long soft = options.raiseFdLimit()
                    ? FdBudget.raiseAndMeasure()
                    : FdLimit.current().map(FdLimit::soft).orElse(FdBudget.ASSUMED_SOFT_LIMIT);
            fdBudget = options.fdBudget().orElse(FdBudget.fromSoftLimit(soft));
            shards = options.shards().orElse(shardsFor(timing, fdBudget));
        }
        LocalAddresses local = LocalAddresses.snapshot();
        List<Runnable> wakeups = new ArrayList<>();
        try {
            for (int i = ios.size(); i < shards; i++) {
                ConnectIo io = openIo(options.io());
                ios.add(io);
            }
            ios.forEach(io -> wakeups.add(io::wakeup));
        } catch (RuntimeException e) {
            ios.forEach(ConnectIo::close);
            throw e;
        }
        this.control = new ScanControl(listener, wakeups);
        for (int i = 0; i < shards; i++) {
            ConnectEngine engine = new ConnectEngine(i, share(timing, shards, i), seed, options, type,
                    Math.max(1, fdBudget / shards + (i < fdBudget % shards ? 1 : 0)), local, ios.get(i), control);
            threads.add(Thread.ofPlatform().name(THREAD_NAME).daemon(true).unstarted(engine));
        }
        threads.forEach(Thread::start);
    }

    /**
     * Starts a SYN scan engine ({@code -sS}), or returns empty where the process may not open raw sockets (no
     * CAP_NET_RAW, or no native calls): the caller then scans with {@link #ConnectScanner(ScanTiming, long,
     * PortScanListener) connects}. Otherwise as that constructor.
     *
     * @throws UncheckedIOException if the raw sockets, their poller or the source port cannot be set up
     */
    public static Optional<ConnectScanner> syn(ScanTiming timing, long seed, PortScanListener listener) {
        return syn(timing, seed, listener, EngineOptions.defaults());
    }

    static Optional<ConnectScanner> syn(ScanTiming timing, long seed, PortScanListener listener,
            EngineOptions options) {
        Optional<SynIo> io = SynIo.open(SynCookie.random());
        if (io.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ConnectScanner(timing, seed, listener, options, io));
        } catch (RuntimeException e) {
            io.get().close();
            throw e;
        }
    }

    /** Which scan this engine does: {@link ScanType#SYN} from {@link #syn}, else {@link ScanType#CONNECT}. */
    public ScanType type() {
        return type;
    }

    /**
     * How many engine threads a scan gets: one per core up to {@link #MAX_SHARDS}, as long as each keeps at
     * least {@link #MIN_SHARD_CONCURRENCY} probes and fds; a rate-limited scan stays on one.
     */
    static int shardsFor(ScanTiming timing, int fdBudget) {
        if (!RateLimiter.isUnlimited(timing.ratePerSecond())) {
            return 1;
        }
        int byLimits = Math.min(timing.concurrency(), fdBudget) / MIN_SHARD_CONCURRENCY;
        return Math.max(1, Math.min(Math.min(MAX_SHARDS, Runtime.getRuntime().availableProcessors()), byLimits));
    }

    /** Shard {@code i}'s part of the scan's concurrency. */
    private static ScanTiming share(ScanTiming timing, int shards, int i) {
        int c = timing.concurrency();
        return shards == 1 ? timing : timing.withConcurrency(Math.max(1, c / shards + (i < c % shards ? 1 : 0)));
    }

    /**
     * Queues every port of {@code ports} on {@code host} for scanning. An empty set completes the host at once.
     * Ignored after {@link #cancel()}.
     *
     * @throws IllegalStateException after {@link #closeInput()}
     */
    public void submit(InetAddress host, PortSet ports) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ports, "ports");
        int shards = control.shards();
        PortSet[] parts = new PortSet[shards];
        if (shards == 1 || ports.size() < SPLIT_PORTS) {
            parts[Math.floorMod(nextShard.getAndIncrement(), shards)] = ports; // whole hosts, round robin
        } else {
            int[] all = ports.toArray();
            for (int i = 0; i < shards; i++) {
                int[] part = new int[(all.length - i + shards - 1) / shards];
                for (int j = 0; j < part.length; j++) {
                    part[j] = all[i + j * shards];
                }
                parts[i] = PortSet.of(part);
            }
        }
        control.submit(host, ports, parts);
    }

    /** Declares that nothing more will be submitted: the engine ends when every submitted port has its result. */
    public void closeInput() {
        control.closeInput();
    }

    /**
     * Stops the scan. Returns at once (waiting only for a listener call in progress on another thread to return);
     * the engine threads close every socket and exit promptly (about 30 ms with 4096 sockets in flight).
     *
     * <p>Results delivered before this call stay delivered. Once it returns, no listener method is called
     * again, so some submitted ports never get a result and {@link #probesPending()} stays above zero. Called
     * from inside a listener callback, it takes effect when that callback returns. Idempotent.
     */
    public void cancel() {
        control.cancel();
    }

    /** Waits until the engine threads have finished (completed, cancelled or failed) and closed their sockets. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = clock.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            if (!t.join(Duration.ofNanos(Math.max(0, deadline - clock.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    /** Connect attempts made so far, retransmissions included. */
    public long probesSent() {
        return control.probesSent();
    }

    /** Results delivered to the listener so far. */
    public long resultsReported() {
        return control.resultsReported();
    }

    /** Submitted ports whose result has not been delivered (yet, or ever after a cancel). */
    public long probesPending() {
        return control.probesPending();
    }

    /** Why the engine stopped early: a listener exception or a persistent local resource failure. */
    public Optional<Throwable> failure() {
        return control.failure();
    }

    /**
     * Cancels and waits for the engine threads to finish; afterwards no thread or socket of this scanner remains.
     * Idempotent. From inside a listener callback it only cancels (the thread cannot wait for itself).
     */
    @Override
    public void close() {
        cancel();
        if (threads.contains(Thread.currentThread())) {
            return;
        }
        Threads.joinUninterruptibly(threads);
    }

    private static ConnectIo openIo(EngineOptions.Io choice) {
        if (choice == EngineOptions.Io.AUTO) {
            Optional<EpollConnectIo> epoll = EpollConnectIo.open();
            if (epoll.isPresent()) {
                return epoll.get();
            }
        }
        try {
            return new NioConnectIo(new FailureClassifier(
                    Platform.supported() ? Optional.of(TcpConnector::connectOnce) : Optional.empty()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    /** Which socket layer this scanner uses. */
    Class<? extends ConnectIo> ioType() {
        return ios.getFirst().getClass();
    }

    /** The SYN scan's source port (tests forge answers to it). */
    int synSourcePort() {
        return ((SynIo) ios.getFirst()).sourcePort();
    }

    int shards() {
        return threads.size();
    }

    ScanControl.Stats stats() {
        return control.stats();
    }

    List<Thread> engineThreads() {
        return List.copyOf(threads);
    }
}
