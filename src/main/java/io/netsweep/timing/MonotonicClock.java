package io.netsweep.timing;

import java.util.concurrent.locks.LockSupport;

/**
 * The one monotonic nanosecond clock of the engines: round-trip times, deadlines and pacing read it, and their
 * threads wait through it, so a test can drive time. Values are meaningful only as differences ({@code a - b},
 * never {@code a < b}): they may be negative and may wrap.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface MonotonicClock {

    /** Now, in nanoseconds from an arbitrary origin. */
    long nanoTime();

    /**
     * Waits up to {@code nanos} on the calling thread, or less: until {@link LockSupport#unpark}, an interrupt, or
     * for no reason at all, as {@link LockSupport#parkNanos(long)} does. Callers re-check their condition and the
     * time afterwards. A simulated clock advances its time instead of waiting.
     */
    default void parkNanos(long nanos) {
        if (nanos > 0) {
            LockSupport.parkNanos(nanos);
        }
    }

    /** {@link System#nanoTime()}. */
    static MonotonicClock system() {
        return System::nanoTime;
    }
}
