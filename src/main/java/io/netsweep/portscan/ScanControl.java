package io.netsweep.portscan;

import io.netsweep.port.PortSet;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The state a {@link ConnectScanner} shares between its callers and its engine thread: the submission inbox,
 * the input-closed and cancelled flags, the counters, and the one gate every listener call passes.
 *
 * <p>Thread-safe. Listener calls happen under {@code deliveryLock}; {@link #cancel} takes the same lock, which
 * is what guarantees that no listener call starts after {@code cancel()} has returned.
 */
final class ScanControl {
    /** One call to {@link ConnectScanner#submit}. */
    record Submission(InetAddress host, PortSet ports) {
    }

    /** Engine statistics for tests and diagnostics. */
    record Stats(long shortages, long selfConnects, int maxInFlight, int launchCeiling) {
    }

    private final PortScanListener listener;
    private final Runnable wakeup;
    private final Object submitLock = new Object();
    private final Object deliveryLock = new Object();
    private final ConcurrentLinkedQueue<Submission> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicLong portsSubmitted = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean inputClosed;
    private volatile boolean cancelled;
    private volatile long probesSent;
    private volatile long resultsReported;
    private volatile long shortages;
    private volatile long selfConnects;
    private volatile int maxInFlight;
    private volatile int launchCeiling;

    ScanControl(PortScanListener listener, Runnable wakeup) {
        this.listener = listener;
        this.wakeup = wakeup;
    }

    // --- callers' side ---

    void submit(InetAddress host, PortSet ports) {
        synchronized (submitLock) {
            if (inputClosed) {
                throw new IllegalStateException("input is closed: no more submissions");
            }
            if (cancelled) {
                return;
            }
            portsSubmitted.addAndGet(ports.size());
            inbox.add(new Submission(host, ports));
        }
        wakeup.run();
    }

    void closeInput() {
        synchronized (submitLock) {
            inputClosed = true;
        }
        wakeup.run();
    }

    void cancel() {
        synchronized (deliveryLock) {
            cancelled = true;
        }
        wakeup.run();
    }

    long probesSent() {
        return probesSent;
    }

    long resultsReported() {
        return resultsReported;
    }

    long probesPending() {
        return Math.max(0, portsSubmitted.get() - resultsReported);
    }

    Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    Stats stats() {
        return new Stats(shortages, selfConnects, maxInFlight, launchCeiling);
    }

    // --- engine side (engine thread only) ---

    boolean cancelled() {
        return cancelled;
    }

    /** Whether the engine has seen every submission it will ever get. */
    boolean inputExhausted() {
        return inputClosed && inbox.isEmpty();
    }

    Submission nextSubmission() {
        return inbox.poll();
    }

    void deliver(PortProbeResult result) {
        synchronized (deliveryLock) {
            if (!cancelled) {
                resultsReported++;
                listener.onResult(result);
            }
        }
    }

    void deliverHostComplete(InetAddress host) {
        synchronized (deliveryLock) {
            if (!cancelled) {
                listener.onHostComplete(host);
            }
        }
    }

    // The counters below have a single writer, the engine thread; volatile makes them readable anywhere.
    void countSent() {
        probesSent++;
    }

    void countShortage() {
        shortages++;
    }

    void countSelfConnect() {
        selfConnects++;
    }

    void observeInFlight(int n) {
        if (n > maxInFlight) {
            maxInFlight = n;
        }
    }

    void launchCeiling(int ceiling) {
        launchCeiling = ceiling;
    }

    void fail(Throwable t) {
        failure.compareAndSet(null, t);
    }
}
