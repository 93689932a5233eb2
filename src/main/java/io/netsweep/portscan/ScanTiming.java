package io.netsweep.portscan;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing knobs of a scan, resolved from a template ({@code -T0} .. {@code -T5}) and explicit
 * overrides. Probe timeouts adapt to measured round-trip times between {@code minTimeout} and
 * {@code maxTimeout}, starting from {@code initialTimeout}.
 *
 * @param concurrency    most probes in flight at once (also capped by the fd limit)
 * @param initialTimeout timeout before any round trip has been measured
 * @param minTimeout     floor of the adaptive timeout
 * @param maxTimeout     ceiling of the adaptive timeout
 * @param retries        retransmissions of an unanswered probe
 * @param ratePerSecond  most probes sent per second; 0 (or a rate above 10^9) means no limit
 * @param adaptive       whether timeouts learn from round-trip times ({@code --timeout} fixes them)
 *
 * <p>Every knob is bounded, so no arithmetic downstream (token buckets, window sizes, retry counts,
 * deadlines) can overflow and no value can make a scan wait without end: see the {@code MAX_} and
 * {@code MIN_} constants.
 */
public record ScanTiming(
        int concurrency, Duration initialTimeout, Duration minTimeout, Duration maxTimeout, int retries,
        double ratePerSecond, boolean adaptive) {

    /** Most probes in flight a scan may ask for; the fd limit caps it far lower in practice. */
    public static final int MAX_CONCURRENCY = 1_000_000;
    /** Most retransmissions of one probe: beyond this a silent port only costs time. */
    public static final int MAX_RETRIES = 100;
    /** Longest probe timeout: beyond this an answer is not coming. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    /**
     * Highest rate limit, probes per second: some twenty times what a connect scan reaches on loopback
     * here (about 53k/s); above it a limit is no limit, and the pacing arithmetic stays far from overflow.
     */
    public static final double MAX_RATE = 1_000_000;
    /** Lowest rate limit, one probe every five minutes ({@code -T0}): slower would never end in practice. */
    public static final double MIN_RATE = 1.0 / 300;

    public ScanTiming {
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency must be 1 to " + MAX_CONCURRENCY);
        }
        Objects.requireNonNull(initialTimeout, "initialTimeout");
        Objects.requireNonNull(minTimeout, "minTimeout");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        if (minTimeout.isNegative() || minTimeout.compareTo(maxTimeout) > 0) {
            throw new IllegalArgumentException("timeout floor must be between 0 and the ceiling");
        }
        if (maxTimeout.compareTo(MAX_TIMEOUT) > 0 || initialTimeout.isNegative()
                || initialTimeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeouts must be 0 to " + MAX_TIMEOUT.toMinutes() + " minutes");
        }
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new IllegalArgumentException("retries must be 0 to " + MAX_RETRIES);
        }
        if (!(ratePerSecond == 0 || (ratePerSecond >= MIN_RATE && ratePerSecond <= MAX_RATE))) {
            // also NaN and the infinities, which compare false
            throw new IllegalArgumentException("rate must be 0 (no limit) or one probe per 300 s to "
                    + (long) MAX_RATE + " per second");
        }
    }

    /** Timing template {@code -T<level>}, as nmap names them: paranoid, sneaky, polite, normal, aggressive, insane. */
    public static ScanTiming template(int level) {
        return switch (level) {
            case 0 -> new ScanTiming(1, ms(5000), ms(100), ms(10000), 10, 1.0 / 300, true);
            case 1 -> new ScanTiming(1, ms(5000), ms(100), ms(10000), 10, 1.0 / 15, true);
            case 2 -> new ScanTiming(64, ms(1000), ms(100), ms(10000), 10, 2.5, true);
            case 3 -> new ScanTiming(1024, ms(1000), ms(100), ms(10000), 3, 0, true);
            case 4 -> new ScanTiming(4096, ms(1000), ms(100), ms(1250), 2, 0, true);
            case 5 -> new ScanTiming(8192, ms(250), ms(50), ms(300), 1, 0, true);
            default -> throw new IllegalArgumentException("timing template must be 0 to 5, not " + level);
        };
    }

    /** The default, {@code -T4}: what a person scanning a LAN or loopback wants. */
    public static ScanTiming defaults() {
        return template(4);
    }

    public ScanTiming withConcurrency(int c) {
        return new ScanTiming(c, initialTimeout, minTimeout, maxTimeout, retries, ratePerSecond, adaptive);
    }

    /** A fixed per-probe timeout: no adaptation. */
    public ScanTiming withFixedTimeout(Duration t) {
        return new ScanTiming(concurrency, t, t, t, retries, ratePerSecond, false);
    }

    public ScanTiming withRetries(int r) {
        return new ScanTiming(concurrency, initialTimeout, minTimeout, maxTimeout, r, ratePerSecond, adaptive);
    }

    public ScanTiming withRate(double perSecond) {
        return new ScanTiming(concurrency, initialTimeout, minTimeout, maxTimeout, retries, perSecond, adaptive);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
