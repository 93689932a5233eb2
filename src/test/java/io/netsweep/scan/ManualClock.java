package io.netsweep.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScanClock} that moves only when the test says: {@link #advance} moves both the instant and
 * the monotonic count and wakes the sleepers whose time has come. Lets a test step a scan's progress
 * reports one by one, with exact elapsed times, and without sleeping. Thread-safe.
 */
final class ManualClock implements ScanClock {
    private final Instant origin;
    private long nanos;
    private int sleepers;

    ManualClock(Instant origin) {
        this.origin = origin;
    }

    @Override
    public synchronized Instant instant() {
        return origin.plusNanos(nanos);
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized void sleep(Duration duration) throws InterruptedException {
        long until = nanos + duration.toNanos();
        sleepers++;
        notifyAll();
        try {
            while (nanos < until) {
                wait();
            }
        } finally {
            sleepers--;
        }
    }

    synchronized void advance(Duration duration) {
        nanos += duration.toNanos();
        notifyAll();
    }

    /** Waits until some thread sleeps on this clock; false if none did within {@code timeout} (real time). */
    synchronized boolean awaitSleeper(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sleepers == 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
