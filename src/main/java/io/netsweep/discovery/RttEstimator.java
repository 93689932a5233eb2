package io.netsweep.discovery;

import java.time.Duration;

/**
 * Learns the probe timeout from measured round trips, as TCP (RFC 6298) and nmap do:
 * {@code srtt + 4 * rttvar}, kept between a floor and a ceiling; before the first sample, the
 * initial timeout (also kept between them). Thread-safe (samples come from receiver threads).
 */
final class RttEstimator {
    private final long initialNanos;
    private final long minNanos;
    private final long maxNanos;
    private long srtt = -1;
    private long rttvar;

    RttEstimator(Duration initial, Duration min, Duration max) {
        if (min.compareTo(max) > 0 || min.isNegative()) {
            throw new IllegalArgumentException("timeout floor must be between 0 and the ceiling");
        }
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.initialNanos = clamp(initial.toNanos());
    }

    /** Adds one measured round trip. */
    synchronized void sample(long rttNanos) {
        long r = Math.max(0, rttNanos);
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
    }

    /** How long to wait for an answer to a probe sent now. */
    synchronized long timeoutNanos() {
        return srtt < 0 ? initialNanos : clamp(srtt + 4 * rttvar);
    }

    private long clamp(long nanos) {
        return Math.min(maxNanos, Math.max(minNanos, nanos));
    }
}
