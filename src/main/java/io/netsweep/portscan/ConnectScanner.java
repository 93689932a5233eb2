package io.netsweep.portscan;

import io.netsweep.port.PortSet;
import io.netsweep.scan.ScanTiming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A TCP connect scan engine: it connects to each submitted (host, port) and reports open (handshake completed),
 * closed (reset) or filtered (no answer after up to {@link ScanTiming#retries()} retransmissions, or an ICMP error).
 *
 * <p><b>How it works.</b> One platform thread ({@value #THREAD_NAME}) drives non-blocking sockets through one
 * NIO selector; sockets close with SO_LINGER 0 (a reset, no TIME_WAIT). At most
 * {@code min(timing.concurrency(), fd budget)} sockets are in flight, the fd budget being the soft
 * RLIMIT_NOFILE (raised to the hard limit at start where allowed) minus a reserve of 64 plus 10 %. Running
 * short of fds, ports or buffers lowers that cap and re-queues the probe: such a probe is never reported.
 * Timeouts adapt to measured round trips per host (RFC 6298), and each host has a congestion window that grows
 * with answers and halves on loss (an answer to a retransmission proves the earlier attempt lost; a port that
 * never answers is filtered, not congested); {@link ScanTiming#ratePerSecond()} caps the send rate. Probes go round-robin
 * across hosts, each host's ports in a pseudo-random order fixed by the seed. A socket that connects to itself
 * (loopback, source port = target port) is never reported open.
 *
 * <p><b>Lifecycle.</b> The engine starts in the constructor and scans submissions as they arrive (hosts may be
 * submitted while earlier ones are being scanned). After {@link #closeInput()} it ends once every submitted
 * port has its result. {@link #cancel()} ends it early. Either way the thread exits having closed every socket.
 *
 * <p><b>Results.</b> The listener gets exactly one {@link PortProbeResult} per submitted (host, port), then one
 * {@link PortScanListener#onHostComplete} per submission, all on the engine thread, one call at a time.
 * Submitting the same host twice scans it twice. If a listener call throws, or the process cannot create a
 * socket for {@code 10 s} with none in flight, the scan stops as if cancelled and {@link #failure()} says why.
 *
 * <p><b>Threading.</b> Every public method is thread-safe. The listener must not block on a thread that is
 * calling {@link #cancel()} or {@link #close()}.
 */
public final class ConnectScanner implements AutoCloseable {
    /** Name of the engine thread. */
    public static final String THREAD_NAME = "netsweep-connect";

    private final ScanControl control;
    private final Thread thread;

    /**
     * Starts an engine.
     *
     * @param timing   concurrency, timeouts, retries and rate
     * @param seed     fixes the probe order: the same seed gives the same order for the same submissions
     * @param listener receives results on the engine thread
     * @throws UncheckedIOException if the selector cannot be opened
     */
    public ConnectScanner(ScanTiming timing, long seed, PortScanListener listener) {
        this(timing, seed, listener, EngineOptions.defaults());
    }

    ConnectScanner(ScanTiming timing, long seed, PortScanListener listener, EngineOptions options) {
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(options, "options");
        Selector selector;
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.control = new ScanControl(listener, selector::wakeup);
        ConnectEngine engine = new ConnectEngine(timing, seed, options, selector, control);
        this.thread = Thread.ofPlatform().name(THREAD_NAME).daemon(true).unstarted(engine);
        thread.start();
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
        control.submit(host, ports);
    }

    /** Declares that nothing more will be submitted: the engine ends when every submitted port has its result. */
    public void closeInput() {
        control.closeInput();
    }

    /**
     * Stops the scan. Returns at once (waiting only for a listener call in progress on another thread to return);
     * the engine thread closes every socket and exits promptly (about 30 ms with 4096 sockets in flight).
     *
     * <p>Results delivered before this call stay delivered. Once it returns, no listener method is called
     * again, so some submitted ports never get a result and {@link #probesPending()} stays above zero. Called
     * from inside a listener callback, it takes effect when that callback returns. Idempotent.
     */
    public void cancel() {
        control.cancel();
    }

    /** Waits until the engine thread has finished (completed, cancelled or failed) and closed its sockets. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
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
     * Cancels and waits for the engine thread to finish; afterwards no thread or socket of this scanner remains.
     * Idempotent. From inside a listener callback it only cancels (the thread cannot wait for itself).
     */
    @Override
    public void close() {
        cancel();
        if (Thread.currentThread() == thread) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    ScanControl.Stats stats() {
        return control.stats();
    }

    Thread engineThread() {
        return thread;
    }
}
