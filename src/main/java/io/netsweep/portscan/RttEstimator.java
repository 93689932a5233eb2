package io.netsweep.portscan;

import java.time.Duration;

/**
 * Smoothed round-trip time and its variation, as RFC 6298 computes them for TCP's retransmission timer:
 * the first sample R sets SRTT = R and RTTVAR = R/2; each later sample R' sets
 * RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'| and then SRTT = 7/8 SRTT + 1/8 R'. The probe timeout is
 * SRTT + 4 RTTVAR clamped to [minTimeout, maxTimeout]; before any sample it is the initial timeout, clamped too.
 *
 * <p>Not thread-safe: owned by the engine thread.
 */
final class RttEstimator {
    private static final double ALPHA = 1.0 / 8;
    private static final double BETA = 1.0 / 4;
    private static final int K = 4;

    private final long initialNanos;
    private final long minNanos;
    private final long maxNanos;
    private boolean sampled;
    private double srtt;
    private double rttvar;

    RttEstimator(Duration initialTimeout, Duration minTimeout, Duration maxTimeout) {
        if (minTimeout.compareTo(maxTimeout) > 0 || minTimeout.isNegative()) {
            throw new IllegalArgumentException("timeout floor must be between 0 and the ceiling");
        }
        this.initialNanos = initialTimeout.toNanos();
        this.minNanos = minTimeout.toNanos();
        this.maxNanos = maxTimeout.toNanos();
    }

    /** Feeds one measured round trip; negative samples (a clock bug) are ignored. */
    void sample(long rttNanos) {
        if (rttNanos < 0) {
            return;
        }
        if (!sampled) {
            srtt = rttNanos;
            rttvar = rttNanos / 2.0;
            sampled = true;
        } else {
            rttvar = (1 - BETA) * rttvar + BETA * Math.abs(srtt - rttNanos);
            srtt = (1 - ALPHA) * srtt + ALPHA * rttNanos;
        }
    }

    boolean hasSamples() {
        return sampled;
    }

    long srttNanos() {
        return Math.round(srtt);
    }

    long rttvarNanos() {
        return Math.round(rttvar);
    }

    /** The probe timeout: SRTT + 4 RTTVAR once sampled, else the initial timeout; always within the clamps. */
    long timeoutNanos() {
        long raw = sampled ? Math.round(srtt + K * rttvar) : initialNanos;
        return clamp(raw);
    }

    private long clamp(long nanos) {
        return Math.max(minNanos, Math.min(maxNanos, nanos));
    }
}
