package io.netsweep.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How {@code watch} lets time pass: the wait for the next round, and a webhook's backoff between attempts.
 * {@link #system()} waits on the wall clock; a test passes one that it steps itself, so that no test sleeps
 * through a schedule. Implementations are thread-safe.
 */
interface WatchTimer {

    /** Monotonic nanoseconds, meaningful only as differences. */
    long nanoTime();

    /**
     * Waits for {@code duration} to pass, or less if {@code stop} is counted down first.
     *
     * @return true when the time passed, false when {@code stop} ended the wait
     */
    boolean await(Duration duration, CountDownLatch stop) throws InterruptedException;

    /** {@link System#nanoTime()}, and waits on the latch itself. */
    static WatchTimer system() {
        return new WatchTimer() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public boolean await(Duration duration, CountDownLatch stop) throws InterruptedException {
                return !stop.await(duration.toNanos(), TimeUnit.NANOSECONDS);
            }
        };
    }
}
