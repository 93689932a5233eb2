package io.netsweep.discovery;

/**
 * Paces probes with a token bucket holding at most 10 ms of tokens, so sends are spread evenly
 * instead of bursting. A rate of 0 means no limit. Confined to the sender thread.
 */
final class RateLimiter {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    RateLimiter(double ratePerSecond, long nowNanos) {
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
            throw new IllegalArgumentException("rate must not be negative");
        }
        this.perNano = ratePerSecond / 1e9;
        this.burst = Math.max(1.0, ratePerSecond / 100);
        this.tokens = 1.0;
        this.last = nowNanos;
    }

    private void refill(long now) {
        if (perNano > 0 && now > last) {
            tokens = Math.min(burst, tokens + (now - last) * perNano);
        }
        last = Math.max(last, now);
    }

    /** Whether a send may go now; the caller then pays with {@link #consume}. */
    boolean ready(long now) {
        if (perNano == 0) {
            return true;
        }
        refill(now);
        return tokens >= 1.0;
    }

    /** Pays for {@code probes} probes (several for a TCP ping); may leave a debt. */
    void consume(int probes) {
        if (perNano > 0) {
            tokens -= probes;
        }
    }

    /** Nanoseconds until {@link #ready} turns true (0 if it is). */
    long nanosUntilReady(long now) {
        if (perNano == 0) {
            return 0;
        }
        refill(now);
        return tokens >= 1.0 ? 0 : (long) Math.ceil((1.0 - tokens) / perNano);
    }
}
