package io.netsweep.service;

import io.netsweep.identify.IdentifyOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits for service detection of one port, and how many ports are probed at once. Immutable.
 *
 * @param portDeadline     everything for one port (connects, TLS handshakes, every probe, AI identification)
 *                         ends by this long after its probing started: a port that never answers costs this
 *                         once, not once per probe
 * @param bannerWait       how long to wait for a greeting on a port whose number suggests a service that speaks
 *                         first (SSH, FTP, SMTP, ...)
 * @param quickBannerWait  how long to wait for a greeting on any other port before sending a probe
 * @param exchangeWait     how long to wait for the answer to one probe
 * @param maxExchanges     most probes sent to one port (a banner wait and a TLS handshake count as one each)
 * @param maxBytes         most bytes read from one port over all its connections
 * @param maxConcurrent    most ports being probed at once, across all callers of one {@link ServiceDetector}
 * @param identify         limits of the AI/ML identification that HTTP(S) ports are handed to
 */
public record DetectOptions(
        Duration portDeadline, Duration bannerWait, Duration quickBannerWait, Duration exchangeWait,
        int maxExchanges, int maxBytes, int maxConcurrent, IdentifyOptions identify) {
    public static final Duration DEFAULT_PORT_DEADLINE = Duration.ofSeconds(6);
    public static final Duration DEFAULT_BANNER_WAIT = Duration.ofMillis(2500);
    public static final Duration DEFAULT_QUICK_BANNER_WAIT = Duration.ofMillis(400);
    public static final Duration DEFAULT_EXCHANGE_WAIT = Duration.ofMillis(2500);
    public static final int DEFAULT_MAX_EXCHANGES = 8;
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_CONCURRENT = 32;

    public static final Duration MAX_DEADLINE = Duration.ofMinutes(2);
    static final int MIN_BYTES = 1024;
    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_EXCHANGES = 32;
    public static final int MAX_CONCURRENT = 4096;

    public DetectOptions {
        positive(portDeadline, "portDeadline");
        if (portDeadline.compareTo(MAX_DEADLINE) > 0) {
            throw new IllegalArgumentException("portDeadline must be at most " + MAX_DEADLINE + ": " + portDeadline);
        }
        positive(bannerWait, "bannerWait");
        positive(quickBannerWait, "quickBannerWait");
        positive(exchangeWait, "exchangeWait");
        if (maxExchanges < 1 || maxExchanges > MAX_EXCHANGES) {
            throw new IllegalArgumentException("maxExchanges must be in [1, " + MAX_EXCHANGES + "]: " + maxExchanges);
        }
        if (maxBytes < MIN_BYTES || maxBytes > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "maxBytes must be in [" + MIN_BYTES + ", " + MAX_BYTES + "]: " + maxBytes);
        }
        if (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT) {
            throw new IllegalArgumentException(
                    "maxConcurrent must be in [1, " + MAX_CONCURRENT + "]: " + maxConcurrent);
        }
        Objects.requireNonNull(identify, "identify");
    }

    /** 6 s per port, 2.5 s (0.4 s) banner waits, 2.5 s per answer, 8 probes, 64 KiB, 32 ports at once. */
    public static DetectOptions defaults() {
        return new DetectOptions(DEFAULT_PORT_DEADLINE, DEFAULT_BANNER_WAIT, DEFAULT_QUICK_BANNER_WAIT,
                DEFAULT_EXCHANGE_WAIT, DEFAULT_MAX_EXCHANGES, DEFAULT_MAX_BYTES, DEFAULT_MAX_CONCURRENT,
                IdentifyOptions.defaults());
    }

    /** These options with another per-port deadline (and waits no longer than it). */
    public DetectOptions withPortDeadline(Duration deadline) {
        return new DetectOptions(deadline, min(bannerWait, deadline), min(quickBannerWait, deadline),
                min(exchangeWait, deadline), maxExchanges, maxBytes, maxConcurrent, identify);
    }

    /** These options with another bound on ports probed at once. */
    public DetectOptions withMaxConcurrent(int concurrent) {
        return new DetectOptions(portDeadline, bannerWait, quickBannerWait, exchangeWait, maxExchanges, maxBytes,
                concurrent, identify);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
