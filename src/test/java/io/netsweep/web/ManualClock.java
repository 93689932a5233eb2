package io.netsweep.web;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A monotonic clock that moves only when the test says so: {@link #sleep} returns once the test has
 * {@link #advance advanced} the clock far enough, and {@link #awaitSleepers} tells the test when a
 * thread has gone to sleep on it. Thread-safe.
 */
final class ManualClock implements MonotonicClock {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long now = 1_000_000_000L;
    private int sleepers;

    @Override
    public long nanoTime() {
        lock.lock();
        try {
            return now;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        lock.lock();
        try {
            long until = now + duration.toNanos();
            sleepers++;
            changed.signalAll();
            try {
                while (now < until) {
                    changed.await();
                }
            } finally {
                sleepers--;
            }
        } finally {
            lock.unlock();
        }
    }

    void advance(Duration by) {
        lock.lock();
        try {
            now += by.toNanos();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits (real time, up to {@code timeout}) until {@code n} threads sleep on this clock. */
    boolean awaitSleepers(int n, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (sleepers < n) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    int sleepers() {
        lock.lock();
        try {
            return sleepers;
        } finally {
            lock.unlock();
        }
    }
}
