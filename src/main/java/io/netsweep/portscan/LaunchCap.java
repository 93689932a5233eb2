package io.netsweep.portscan;

import java.time.Duration;

/**
 * The engine-wide limit on sockets in flight: at most {@code min(concurrency, fd budget)}, lowered when the
 * machine runs short (EMFILE, ENFILE, ENOBUFS, EADDRNOTAVAIL) and raised again one step per finished probe once
 * shortages stop. After a shortage, sending pauses for a back-off that doubles while shortages repeat.
 * A shortage with nothing of ours in flight that persists for {@link #STALL_LIMIT} means the scan cannot
 * proceed; {@link #stalled} then reports it.
 *
 * <p>Not thread-safe: owned by the engine thread. Times are {@link io.netsweep.timing.MonotonicClock} values.
 */
final class LaunchCap {
    static final Duration STALL_LIMIT = Duration.ofSeconds(10);
    private static final long MIN_BACKOFF = Duration.ofMillis(1).toNanos();
    private static final long MAX_BACKOFF = Duration.ofMillis(200).toNanos();
    private static final long QUIET_BEFORE_GROWTH = Duration.ofMillis(100).toNanos();

    private final int ceiling;
    private int limit;
    private long backoff = MIN_BACKOFF;
    private boolean pausing;
    private long resumeAt;
    private boolean shortageSeen;
    private long lastShortage;
    private boolean idleShortage;
    private long idleShortageSince;
    private boolean stalled;

    LaunchCap(int ceiling) {
        if (ceiling < 1) {
            throw new IllegalArgumentException("ceiling must be at least 1");
        }
        this.ceiling = ceiling;
        this.limit = ceiling;
    }

    int limit() {
        return limit;
    }

    int ceiling() {
        return ceiling;
    }

    /** Whether sending is paused after a shortage. */
    boolean paused(long now) {
        if (pausing && now - resumeAt >= 0) {
            pausing = false;
        }
        return pausing;
    }

    long nanosUntilResume(long now) {
        return paused(now) ? resumeAt - now : 0;
    }

    /** A socket could not be created or connected for want of local resources while {@code inFlight} were out. */
    void onShortage(int inFlight, long now) {
        limit = Math.max(1, Math.min(limit, inFlight) - Math.max(1, inFlight / 10));
        pausing = true;
        resumeAt = now + backoff;
        backoff = Math.min(MAX_BACKOFF, backoff * 2);
        shortageSeen = true;
        lastShortage = now;
        if (inFlight > 0) {
            idleShortage = false;
        } else if (!idleShortage) {
            idleShortage = true;
            idleShortageSince = now;
        } else if (now - idleShortageSince > STALL_LIMIT.toNanos()) {
            stalled = true;
        }
    }

    /** A connect attempt went out: the shortage, if any, is over. */
    void onLaunched() {
        backoff = MIN_BACKOFF;
        idleShortage = false;
    }

    /** A probe finished and freed its socket: grow back towards the ceiling once shortages have stopped. */
    void onProbeDone(long now) {
        if (limit < ceiling && (!shortageSeen || now - lastShortage > QUIET_BEFORE_GROWTH)) {
            limit++;
        }
    }

    /** Whether shortages persisted with nothing in flight for longer than {@link #STALL_LIMIT}. */
    boolean stalled() {
        return stalled;
    }
}
