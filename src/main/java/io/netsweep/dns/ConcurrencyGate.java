package io.netsweep.dns;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs at most {@code limit} asynchronous tasks at once; the rest wait in a FIFO queue. Submitting never
 * blocks: a task either starts on the submitting thread or later on the thread that completed the task
 * before it. Thread-safe.
 */
final class ConcurrencyGate {
    /** A task that has not been started, and what to do if it never will be. */
    record Task(Supplier<CompletableFuture<?>> start, Runnable abandon) {}

    private final int limit;
    private final Object lock = new Object();
    // guarded by lock
    private final ArrayDeque<Task> waiting = new ArrayDeque<>();
    private int running;
    private boolean closed;

    ConcurrencyGate(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
    }

    /** Starts {@code task} now or queues it; after {@link #close} the task is abandoned at once. */
    void submit(Task task) {
        boolean startNow;
        boolean abandon;
        synchronized (lock) {
            abandon = closed;
            startNow = !closed && running < limit;
            if (startNow) {
                running++;
            } else if (!closed) {
                waiting.add(task);
            }
        }
        if (abandon) {
            task.abandon().run();
        } else if (startNow) {
            run(task);
        }
    }

    /** Abandons every waiting task; running ones go on. Idempotent. */
    void close() {
        List<Task> abandoned;
        synchronized (lock) {
            closed = true;
            abandoned = List.copyOf(waiting);
            waiting.clear();
        }
        abandoned.forEach(t -> t.abandon().run());
    }

    /** Runs {@code first} and, as long as tasks finish synchronously, the next ones, in a loop not recursion. */
    private void run(Task first) {
        Task task = first;
        while (task != null) {
            CompletableFuture<?> done;
            try {
                done = task.start().get();
            } catch (RuntimeException e) {
                done = CompletableFuture.failedFuture(e); // the slot is freed all the same
            }
            if (!done.isDone()) {
                done.whenComplete((ignored, error) -> release());
                return;
            }
            task = nextOrRelease();
        }
    }

    private void release() {
        Task next = nextOrRelease();
        if (next != null) {
            run(next);
        }
    }

    /** The next waiting task, which inherits the caller's slot, or null after giving the slot back. */
    private Task nextOrRelease() {
        synchronized (lock) {
            Task next = closed ? null : waiting.poll();
            if (next == null) {
                running--;
            }
            return next;
        }
    }
}
