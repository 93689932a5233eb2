package io.netsweep.portscan;

/**
 * Limits the probe send rate to {@code ratePerSecond}, allowing a small burst (10 ms worth, at least one probe)
 * after idle time. A rate of 0 means no limit. The first probe leaves at once.
 *
 * <p>Implemented as the generic cell rate algorithm, the exact integer form of a token bucket: a theoretical
 * arrival time advances one interval per probe, and a probe may leave once the clock is within the burst
 * tolerance of it.
 *
 * <p>Not thread-safe: owned by the engine thread. Times are {@link NanoClock} values.
 */
final class TokenBucket {
    private static final double BURST_SECONDS = 0.010;

    private final long intervalNanos;
    private final long toleranceNanos;
    private long theoreticalArrival;

    TokenBucket(double ratePerSecond, long nowNanos) {
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
            throw new IllegalArgumentException("rate must not be negative");
        }
        if (ratePerSecond == 0) {
            this.intervalNanos = 0;
            this.toleranceNanos = 0;
        } else {
            this.intervalNanos = Math.max(1, Math.round(1e9 / ratePerSecond));
            long burst = Math.max(1, (long) (ratePerSecond * BURST_SECONDS));
            this.toleranceNanos = (burst - 1) * intervalNanos;
        }
        this.theoreticalArrival = nowNanos;
    }

    boolean unlimited() {
        return intervalNanos == 0;
    }

    /** Takes a token if one is available. */
    boolean tryAcquire(long nowNanos) {
        if (unlimited()) {
            return true;
        }
        if (nanosUntilAvailable(nowNanos) > 0) {
            return false;
        }
        long base = nowNanos - theoreticalArrival > 0 ? nowNanos : theoreticalArrival;
        theoreticalArrival = base + intervalNanos;
        return true;
    }

    /** Nanoseconds until {@link #tryAcquire} can succeed; 0 if it can now. */
    long nanosUntilAvailable(long nowNanos) {
        if (unlimited()) {
            return 0;
        }
        return Math.max(0, theoreticalArrival - toleranceNanos - nowNanos);
    }
}
