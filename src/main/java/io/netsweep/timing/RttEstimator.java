package io.netsweep.timing;

import java.time.Duration;

/**
 * Learns a probe timeout from measured round trips, as TCP's retransmission timer does (RFC 6298) and nmap
 * does: the first sample R sets SRTT = R and RTTVAR = R/2; each later sample R' sets
 * RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'| and then SRTT = 7/8 SRTT + 1/8 R'. The timeout is SRTT + 4 RTTVAR kept
 * between a floor and a ceiling; before the first sample it is the initial timeout, kept between them too.
 * Integer nanoseconds throughout, saturating: no sample, however large, overflows.
 *
 * <p>Not thread-safe: the owner confines it to one thread or guards it with its own lock.
 */
public final class RttEstimator {
    /** Samples are capped here, so that 7 SRTT + R and 4 RTTVAR cannot overflow (about 36 years). */
    private static final long MAX_SAMPLE = Long.MAX_VALUE / 16;

    private final long initialNanos;
    private final long minNanos;
    private final long maxNanos;
    private boolean sampled;
    private long srtt;
    private long rttvar;

    /**
     * @throws IllegalArgumentException if the floor is negative or above the ceiling
     */
    public RttEstimator(Duration initialTimeout, Duration minTimeout, Duration maxTimeout) {
        if (minTimeout.isNegative() || minTimeout.compareTo(maxTimeout) > 0) {
            throw new IllegalArgumentException("timeout floor must be between 0 and the ceiling");
        }
        this.minNanos = saturatedNanos(minTimeout);
        this.maxNanos = saturatedNanos(maxTimeout);
        this.initialNanos = clamp(saturatedNanos(initialTimeout));
    }

    /** Feeds one measured round trip; a negative one (a clock that went back) is ignored. */
    public void sample(long rttNanos) {
        if (rttNanos < 0) {
            return;
        }
        long r = Math.min(rttNanos, MAX_SAMPLE);
        if (!sampled) {
            srtt = r;
            rttvar = r / 2;
            sampled = true;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
    }

    /** Whether any round trip has been measured. */
    public boolean hasSamples() {
        return sampled;
    }

    /** The smoothed round-trip time (0 before any sample). */
    public long srttNanos() {
        return srtt;
    }

    /** The round-trip time's variation (0 before any sample). */
    public long rttvarNanos() {
        return rttvar;
    }

    /** How long to wait for the answer to a probe sent now. */
    public long timeoutNanos() {
        return sampled ? clamp(srtt + 4 * rttvar) : initialNanos;
    }

    private long clamp(long nanos) {
        return Math.max(minNanos, Math.min(maxNanos, nanos));
    }

    private static long saturatedNanos(Duration d) {
        return d.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }
}
