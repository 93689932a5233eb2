package io.netsweep.web;

import java.time.Duration;

/**
 * Monotonic time and waiting on it, for pacing the live event streams; injected so tests can step
 * it instead of sleeping. Implementations must be thread-safe.
 */
interface MonotonicClock {
    /** {@link System#nanoTime()} and {@link Thread#sleep(Duration)}. */
    MonotonicClock SYSTEM = new MonotonicClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration);
        }
    };

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanoTime();

    /** Returns once {@code duration} has passed on this clock. */
    void sleep(Duration duration) throws InterruptedException;
}
