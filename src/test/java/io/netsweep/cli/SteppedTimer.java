package io.netsweep.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WatchTimer} the test drives: in {@link Mode#STEPPED} a wait lasts until the test calls {@link #step()}
 * (so the test acts between two rounds, and no schedule passes on the wall clock); in {@link Mode#INSTANT} a
 * wait ends at once (a webhook's backoff). Either way it records each wait asked for. Its time stands still,
 * so a round never looks longer than the schedule. Thread-safe.
 */
final class SteppedTimer implements WatchTimer {
    enum Mode { STEPPED, INSTANT }

    /** Longest a test waits for the watch to reach its next wait. */
    static final Duration DEADLINE = Duration.ofSeconds(120);

    private final Mode mode;
    private final Semaphore steps = new Semaphore(0);
    private final LinkedBlockingQueue<Duration> reached = new LinkedBlockingQueue<>();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    SteppedTimer(Mode mode) {
        this.mode = mode;
    }

    @Override
    public long nanoTime() {
        return 0;
    }

    @Override
    public boolean await(Duration duration, CountDownLatch stop) throws InterruptedException {
        waits.add(duration);
        if (mode == Mode.INSTANT) {
            return stop.getCount() != 0;
        }
        reached.add(duration);
        while (!steps.tryAcquire(10, TimeUnit.MILLISECONDS)) {
            if (stop.getCount() == 0) {
                return false;
            }
        }
        return true;
    }

    /** Waits until the watch waits for its next round (its round reported); returns the wait it asked for. */
    Duration awaitWaiting() throws InterruptedException {
        Duration d = reached.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (d == null) {
            throw new AssertionError("the watch did not reach its next wait within " + DEADLINE);
        }
        return d;
    }

    /** Ends the wait: the next round starts. */
    void step() {
        steps.release();
    }

    /** Every wait asked for, in order. */
    List<Duration> waits() {
        return List.copyOf(waits);
    }
}
