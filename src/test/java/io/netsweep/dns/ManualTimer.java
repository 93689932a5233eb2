package io.netsweep.dns;

import io.netsweep.timing.MonotonicClock;
import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A clock and a timer whose time moves only when the test says: {@link #advance} runs, in order and on the
 * calling thread, every task that falls due, each at its own instant. A resolver built on it retries, times out
 * and finds servers silent exactly when the test has moved time past those points, however loaded the machine
 * is, while its queries and answers still cross real sockets. Only one-shot {@code schedule(Runnable, ...)} is
 * supported, which is all the resolver uses.
 *
 * <p>Thread-safe; tasks run outside the lock, so they may schedule more.
 */
final class ManualTimer extends AbstractExecutorService implements ScheduledExecutorService, MonotonicClock {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;
    private boolean shutdown;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** Time since this timer was made. */
    synchronized Duration elapsed() {
        return Duration.ofNanos(now);
    }

    /** Moves time forward by {@code step}, running every task that falls due on the way, at its own instant. */
    void advance(Duration step) {
        long until;
        synchronized (this) {
            until = now + step.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due - until > 0) {
                    now = until;
                    return;
                }
                queue.poll();
                now = Math.max(now, next.due);
            }
            next.run();
        }
    }

    /**
     * When the earliest task waiting is due, as time since this timer was made: nothing scheduled happens before
     * it. Empty when nothing waits.
     */
    synchronized java.util.Optional<Duration> nextDue() {
        return java.util.Optional.ofNullable(queue.peek()).map(t -> Duration.ofNanos(t.due));
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (shutdown) {
            throw new RejectedExecutionException("timer shut down");
        }
        Task task = new Task(command, now + Math.max(0, unit.toNanos(delay)), sequence++);
        queue.add(task);
        return task;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("only one-shot runnables");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("only one-shot runnables");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("only one-shot runnables");
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> dropped = queue.stream().map(t -> t.command).toList();
        queue.clear();
        return dropped;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public synchronized boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    private synchronized boolean remove(Task task) {
        return queue.remove(task);
    }

    private final class Task implements ScheduledFuture<Void>, Comparable<Delayed> {
        private final Runnable command;
        private final long due;
        private final long order;
        private volatile boolean cancelled;
        private volatile boolean done;

        Task(Runnable command, long due, long order) {
            this.command = command;
            this.due = due;
            this.order = order;
        }

        void run() {
            if (!cancelled) {
                done = true;
                command.run();
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task o = (Task) other;
            int byDue = Long.compare(due, o.due);
            return byDue != 0 ? byDue : Long.compare(order, o.order);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done || cancelled) {
                return false;
            }
            cancelled = true;
            remove(this);
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Void get() {
            throw new UnsupportedOperationException("nothing to wait for");
        }

        @Override
        public Void get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("nothing to wait for");
        }
    }
}
