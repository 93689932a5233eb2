package io.netsweep.scan;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Time as a scan sees it: wall-clock instants for what events report ({@link #instant()}), a monotonic
 * count for elapsed time and rates ({@link #nanoTime()}), and the wait between two progress reports
 * ({@link #sleep}). {@link #system()} is the real one; a test passes its own so that it steps progress
 * and elapsed time itself instead of sleeping. Implementations are thread-safe.
 */
public interface ScanClock extends InstantSource {

    /** Monotonic nanoseconds, meaningful only as differences ({@code a - b}). */
    long nanoTime();

    /** Blocks for {@code duration} of this clock's monotonic time. */
    void sleep(Duration duration) throws InterruptedException;

    /** The system's clocks: {@link InstantSource#system()}, {@link System#nanoTime()}, {@link Thread#sleep}. */
    static ScanClock system() {
        return new ScanClock() {
            @Override
            public Instant instant() {
                return Instant.now();
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration);
            }
        };
    }
}
