package io.netsweep.portscan;

import io.netsweep.port.PortSet;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The state a {@link ConnectScanner} shares between its callers and its engine threads (one per shard): each
 * shard's submission inbox, the input-closed and cancelled flags, the counters, and the one gate every listener
 * call passes.
 *
 * <p>Thread-safe. Listener calls happen under {@code deliveryLock}, so they never overlap even with several
 * engine threads; {@link #cancel} takes the same lock, which is what guarantees that no listener call starts
 * after {@code cancel()} has returned. A failure cancels every shard.
 */
final class ScanControl {
    /** One call to {@link ConnectScanner#submit}, or the part of it one shard scans. */
    record Submission(InetAddress host, PortSet ports, Completion completion) {
    }

    /** Counts the shards still scanning parts of one submission; the last one completes the host. */
    static final class Completion {
        private final AtomicInteger parts;

        Completion(int parts) {
            this.parts = new AtomicInteger(parts);
        }

        /** Records that one part is done; returns whether it was the last. */
        boolean partDone() {
            return parts.decrementAndGet() == 0;
        }
    }

    /** Engine statistics for tests and diagnostics (in-flight and ceiling figures summed over the shards). */
    record Stats(long shortages, long selfConnects, int maxInFlight, int launchCeiling) {
    }

    private final PortScanListener listener;
    private final List<Runnable> wakeups;
    private final List<ConcurrentLinkedQueue<Submission>> inboxes = new ArrayList<>();
    private final Object submitLock = new Object();
    private final Object deliveryLock = new Object();
    private final AtomicLong portsSubmitted = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final LongAdder probesSent = new LongAdder();
    private final LongAdder shortages = new LongAdder();
    private final LongAdder selfConnects = new LongAdder();
    private final AtomicIntegerArray maxInFlight;
    private final AtomicIntegerArray launchCeiling;
    private volatile boolean inputClosed;
    private volatile boolean cancelled;
    private volatile long resultsReported;

    /** A control for {@code wakeups.size()} shards; wake-up {@code i} interrupts the wait of shard {@code i}. */
    ScanControl(PortScanListener listener, List<Runnable> wakeups) {
        this.listener = listener;
        this.wakeups = List.copyOf(wakeups);
        for (int i = 0; i < wakeups.size(); i++) {
            inboxes.add(new ConcurrentLinkedQueue<>());
        }
        this.maxInFlight = new AtomicIntegerArray(wakeups.size());
        this.launchCeiling = new AtomicIntegerArray(wakeups.size());
    }

    int shards() {
        return inboxes.size();
    }

    // --- callers' side ---

    /** Queues {@code parts[i]} for shard {@code i} (null: nothing for that shard), completing the host once. */
    void submit(InetAddress host, PortSet ports, PortSet[] parts) {
        int shardsInvolved = 0;
        for (PortSet p : parts) {
            shardsInvolved += p == null ? 0 : 1;
        }
        synchronized (submitLock) {
            if (inputClosed) {
                throw new IllegalStateException("input is closed: no more submissions");
            }
            if (cancelled) {
                return;
            }
            portsSubmitted.addAndGet(ports.size());
            Completion completion = new Completion(shardsInvolved);
            for (int i = 0; i < parts.length; i++) {
                if (parts[i] != null) {
                    inboxes.get(i).add(new Submission(host, parts[i], completion));
                }
            }
        }
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != null) {
                wakeups.get(i).run();
            }
        }
    }

    void closeInput() {
        synchronized (submitLock) {
            inputClosed = true;
        }
        wakeAll();
    }

    void cancel() {
        synchronized (deliveryLock) {
            cancelled = true;
        }
        wakeAll();
    }

    long probesSent() {
        return probesSent.sum();
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
        int inFlight = 0;
        int ceiling = 0;
        for (int i = 0; i < shards(); i++) {
            inFlight += maxInFlight.get(i);
            ceiling += launchCeiling.get(i);
        }
        return new Stats(shortages.sum(), selfConnects.sum(), inFlight, ceiling);
    }

    // --- engine side (engine threads; shard i only touches index i) ---

    boolean cancelled() {
        return cancelled;
    }

    /** Whether shard {@code shard} has seen every submission it will ever get. */
    boolean inputExhausted(int shard) {
        return inputClosed && inboxes.get(shard).isEmpty();
    }

    Submission nextSubmission(int shard) {
        return inboxes.get(shard).poll();
    }

    /**
     * Hands {@code results} to the listener in order, under one acquisition of the delivery gate (engines
     * collect a loop turn's results, so that several engine threads do not contend on the gate per result),
     * then clears the list.
     */
    void deliver(List<PortProbeResult> results) {
        if (results.isEmpty()) {
            return;
        }
        synchronized (deliveryLock) {
            for (PortProbeResult r : results) {
                if (cancelled) {
                    break;
                }
                resultsReported++;
                listener.onResult(r);
            }
        }
        results.clear();
    }

    /** A shard finished its part of {@code s} (its results delivered): the host completes when every part has. */
    void deliverHostComplete(Submission s) {
        if (!s.completion().partDone()) {
            return;
        }
        synchronized (deliveryLock) {
            if (!cancelled) {
                listener.onHostComplete(s.host());
            }
        }
    }

    void countSent() {
        probesSent.increment();
    }

    /** A probe counted as sent that its queue could not send after all ({@link ConnectIo#flush}). */
    void countUnsent() {
        probesSent.decrement();
    }

    void countShortage() {
        shortages.increment();
    }

    void countSelfConnect() {
        selfConnects.increment();
    }

    void observeInFlight(int shard, int n) {
        if (n > maxInFlight.get(shard)) {
            maxInFlight.set(shard, n);
        }
    }

    void launchCeiling(int shard, int ceiling) {
        launchCeiling.set(shard, ceiling);
    }

    /** Records why the scan stopped early (the first reason wins) and stops every shard. */
    void fail(Throwable t) {
        failure.compareAndSet(null, t);
        cancelled = true;
        wakeAll();
    }

    private void wakeAll() {
        for (Runnable w : wakeups) {
            w.run();
        }
    }
}
