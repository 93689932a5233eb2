package io.netsweep.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Delivers one hook's alerts in order, on a thread of its own, so that no hook ever delays a scan: a round
 * only {@link #offer}s its alert and goes on. If the previous alert is still being delivered, that is said in
 * one line and the new one waits behind it; past {@link #MAX_WAITING} waiting alerts the oldest is dropped,
 * also in one line. A failed delivery is one line on stderr, never fatal.
 *
 * <p>Thread-safe: the watch offers from its thread, Ctrl-C closes from the signal's.
 */
final class AlertQueue {
    /** Most alerts waiting behind the one being delivered. */
    static final int MAX_WAITING = 16;

    private final AlertHook hook;
    private final Diagnostics diagnostics;
    private final Deque<Alert> waiting = new ArrayDeque<>(); // guarded by this
    private Alert current; // guarded by this
    private boolean closed; // guarded by this
    private int failures; // guarded by this
    private final Thread worker;

    AlertQueue(AlertHook hook, Diagnostics diagnostics) {
        this.hook = Objects.requireNonNull(hook, "hook");
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
        this.worker = Thread.ofPlatform().daemon().name("netsweep-alert").start(this::run);
    }

    /** Queues {@code alert}; returns at once. */
    void offer(Alert alert) {
        String notice = null;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (current != null) {
                notice = hook.name() + ": the alert of scan " + current.scanId() + " is still being delivered;"
                        + " scan " + alert.scanId() + "'s waits behind it";
            }
            if (waiting.size() >= MAX_WAITING) {
                Alert dropped = waiting.removeFirst();
                notice = hook.name() + ": " + MAX_WAITING + " alerts waiting; the alert of scan " + dropped.scanId()
                        + " is dropped";
            }
            waiting.addLast(alert);
            notifyAll();
        }
        if (notice != null) {
            diagnostics.notice(notice);
        }
    }

    /**
     * Waits until every alert offered is delivered (or has failed), or the queue is closed.
     *
     * @return true when it went idle, false when it was closed first
     */
    synchronized boolean awaitIdle() throws InterruptedException {
        while (!closed && (current != null || !waiting.isEmpty())) {
            wait();
        }
        return !closed;
    }

    /** How many deliveries failed so far. */
    synchronized int failures() {
        return failures;
    }

    /** Stops now: the delivery under way is abandoned (its command stopped), waiting alerts dropped. Idempotent. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            waiting.clear();
            notifyAll();
        }
        worker.interrupt();
        hook.close();
    }

    private void run() {
        while (true) {
            Alert alert;
            synchronized (this) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // close() interrupts after setting closed; checked below
                    }
                }
                if (closed) {
                    return;
                }
                alert = waiting.removeFirst();
                current = alert;
            }
            AlertHook.Delivery d;
            try {
                d = hook.deliver(alert);
            } catch (InterruptedException e) {
                return; // closed
            } catch (RuntimeException e) {
                d = new AlertHook.Delivery.Failed("failed: " + e);
            }
            boolean report;
            synchronized (this) {
                report = !closed && d instanceof AlertHook.Delivery.Failed;
                if (report) {
                    failures++;
                }
            }
            if (report && d instanceof AlertHook.Delivery.Failed(String why)) {
                // said before the queue counts as idle, so the line is out when the watch ends
                diagnostics.error(hook.name() + " for scan " + alert.scanId() + ": " + why);
            }
            synchronized (this) {
                current = null;
                notifyAll();
            }
        }
    }
}
