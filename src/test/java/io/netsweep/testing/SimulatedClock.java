package io.netsweep.testing;

import io.netsweep.timing.MonotonicClock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock whose time moves only when a thread waits on it: {@link #parkNanos} advances the time by the wait at
 * once instead of sleeping. A component driven by it runs as fast as it can compute, and every instant it sees
 * is exact, so a test can assert when something happened without a wall clock. Suits components whose waits
 * are the only thing that should let time pass (the thread that waits is the one that makes progress).
 *
 * <p>Thread-safe.
 */
public final class SimulatedClock implements MonotonicClock {
    private final AtomicLong now;

    /** Starts at {@code startNanos}: anything in the long range, as {@link System#nanoTime()} may be. */
    public SimulatedClock(long startNanos) {
        now = new AtomicLong(startNanos);
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void parkNanos(long nanos) {
        if (nanos > 0) {
            now.addAndGet(nanos);
        }
        Thread.yield(); // let other threads (a reporter) run, as a real wait would
    }
}
