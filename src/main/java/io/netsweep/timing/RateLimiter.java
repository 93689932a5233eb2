package io.netsweep.timing;

/**
 * Paces probes to at most {@code ratePerSecond}: the first probe may leave at once, the next ones one interval
 * apart, and idle time saves up a burst of at most 10 ms worth of probes (at least one), so sends are spread
 * evenly instead of bunched. A rate of 0, or one above 10^9 per second (an interval below a nanosecond), means
 * no limit.
 *
 * <p>The state is the generic cell rate algorithm's, held as a backlog: how far the theoretical send time of the
 * next probe lies ahead of the last time seen, in whole nanoseconds. Every step saturates instead of
 * overflowing, so any rate works, however large or small (a tiny rate's interval is capped at
 * {@link Long#MAX_VALUE} nanoseconds, some 292 years), with clock values anywhere in the {@code long} range,
 * wrapping included. A probe may cost several permits (a TCP ping pays one per port) and may leave a debt.
 *
 * <p>Not thread-safe: owned by the sending thread. Times are {@link MonotonicClock} values.
 */
public final class RateLimiter {
    private static final double NANOS_PER_SECOND = 1e9;
    private static final double BURST_SECONDS = 0.010;

    private final long intervalNanos;
    private final long toleranceNanos;
    private long backlogNanos;
    private long last;

    /**
     * A limiter whose first probe may leave at {@code nowNanos}.
     *
     * @throws IllegalArgumentException if the rate is negative or not a number
     */
    public RateLimiter(double ratePerSecond, long nowNanos) {
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
            throw new IllegalArgumentException("rate must not be negative");
        }
        if (isUnlimited(ratePerSecond)) {
            intervalNanos = 0;
            toleranceNanos = 0;
        } else {
            double interval = NANOS_PER_SECOND / ratePerSecond;
            // (long) of a double saturates: an interval beyond Long.MAX_VALUE (or infinite) becomes Long.MAX_VALUE.
            intervalNanos = Math.max(1, (long) Math.rint(interval));
            double burst = Math.max(1, Math.floor(ratePerSecond * BURST_SECONDS));
            toleranceNanos = (long) ((burst - 1) * intervalNanos); // under 10 ms: burst * interval ~ 10 ms
        }
        backlogNanos = toleranceNanos; // one probe's worth of room: the first leaves at once, then the pace holds
        last = nowNanos;
    }

    /** Whether a limiter at {@code ratePerSecond} would limit nothing: 0, or more than one probe a nanosecond. */
    public static boolean isUnlimited(double ratePerSecond) {
        return ratePerSecond == 0 || ratePerSecond > NANOS_PER_SECOND;
    }

    /** Whether this limiter limits nothing. */
    public boolean unlimited() {
        return intervalNanos == 0;
    }

    /** Whether a probe may go at {@code nowNanos}; the caller then pays with {@link #consume}. */
    public boolean ready(long nowNanos) {
        if (unlimited()) {
            return true;
        }
        advance(nowNanos);
        return backlogNanos <= toleranceNanos;
    }

    /** Pays for a probe that went: {@code permits} intervals (several for a TCP ping); may leave a debt. */
    public void consume(int permits) {
        if (unlimited() || permits <= 0) {
            return;
        }
        long cost = permits > Long.MAX_VALUE / intervalNanos ? Long.MAX_VALUE : permits * intervalNanos;
        backlogNanos = backlogNanos > Long.MAX_VALUE - cost ? Long.MAX_VALUE : backlogNanos + cost;
    }

    /** {@link #ready} and, if so, {@link #consume} one permit. */
    public boolean tryAcquire(long nowNanos) {
        if (!ready(nowNanos)) {
            return false;
        }
        consume(1);
        return true;
    }

    /** Nanoseconds from {@code nowNanos} until {@link #ready} turns true: 0 if it is, at most {@link Long#MAX_VALUE}. */
    public long nanosUntilReady(long nowNanos) {
        if (unlimited()) {
            return 0;
        }
        advance(nowNanos);
        return Math.max(0, backlogNanos - toleranceNanos);
    }

    /** Lets the backlog drain by the time passed since the last call (none if the clock went back). */
    private void advance(long nowNanos) {
        long elapsed = nowNanos - last; // a difference of monotonic times: right even across a wrap
        if (elapsed > 0) {
            backlogNanos = Math.max(0, backlogNanos - elapsed);
            last = nowNanos;
        }
    }
}
