package io.netsweep.scan;

import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortProbeResult;
import io.netsweep.portscan.PortScanListener;
import io.netsweep.portscan.PortState;
import io.netsweep.portscan.ScanTiming;
import io.netsweep.portscan.ScanType;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A port scan whose hosts finish when the test says ({@link #complete}: every port closed, then the host
 * complete, on the calling thread as the one engine thread the listener contract allows), and that can
 * stop on its own as the real engine does when it fails ({@link #failWith}). It records how many hosts
 * were in it at once. Its own factory: pass {@code this::open}. Thread-safe.
 */
final class HeldPortScan implements PortScan {
    private final List<InetAddress> submitted = new ArrayList<>();
    private final Map<InetAddress, PortSet> active = new LinkedHashMap<>();
    private volatile PortScanListener listener;
    private int mostActive;
    private long results;
    private boolean inputClosed;
    private boolean cancelled;
    private boolean closed;
    private Throwable failure;
    private volatile ScanType type = ScanType.CONNECT;

    /** Reports itself as a scan of {@code t} (the connect scan unless told). */
    HeldPortScan as(ScanType t) {
        this.type = t;
        return this;
    }

    @Override
    public ScanType type() {
        return type;
    }

    PortScan open(ScanTiming timing, long seed, PortScanListener l) {
        this.listener = l;
        return this;
    }

    @Override
    public synchronized void submit(InetAddress host, PortSet ports) {
        if (inputClosed) {
            throw new IllegalStateException("input closed");
        }
        if (cancelled) {
            return;
        }
        submitted.add(host);
        active.put(host, ports);
        mostActive = Math.max(mostActive, active.size());
        notifyAll();
    }

    /** Reports every port of {@code host} closed and the host complete. */
    void complete(InetAddress host) {
        PortSet ports;
        synchronized (this) {
            ports = active.get(host);
            if (ports == null || cancelled) {
                throw new AssertionError(host + " is not being scanned");
            }
        }
        for (int port : ports.toArray()) {
            listener.onResult(new PortProbeResult(host, port, PortState.CLOSED, "conn-refused", Optional.empty()));
            synchronized (this) {
                results++;
            }
        }
        synchronized (this) {
            active.remove(host); // before the completion, which lets the feed hand in the next host
        }
        listener.onHostComplete(host);
    }

    /** Stops as the engine does when it cannot go on: no more results, and {@link #failure()} says why. */
    synchronized void failWith(Throwable e) {
        failure = e;
        cancelled = true;
    }

    /** Waits until {@code n} hosts were submitted in all; fails the test at the deadline. */
    synchronized List<InetAddress> awaitSubmitted(int n) throws InterruptedException {
        long deadline = System.nanoTime() + EventLog.DEADLINE.toNanos();
        while (submitted.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(submitted.size() + " hosts submitted, not " + n);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(submitted);
    }

    synchronized List<InetAddress> submitted() {
        return List.copyOf(submitted);
    }

    synchronized List<InetAddress> active() {
        return List.copyOf(active.keySet());
    }

    synchronized int mostActive() {
        return mostActive;
    }

    synchronized boolean inputClosed() {
        return inputClosed;
    }

    synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void closeInput() {
        inputClosed = true;
    }

    @Override
    public synchronized void cancel() {
        cancelled = true;
    }

    @Override
    public synchronized Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public synchronized long probesSent() {
        return results;
    }

    @Override
    public synchronized long resultsReported() {
        return results;
    }

    @Override
    public synchronized void close() {
        cancelled = true;
        closed = true;
    }
}
