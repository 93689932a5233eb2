package io.netsweep.identify;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits for the identification probes sent to one open port. Immutable.
 *
 * @param timeout            deadline of each request: connect, TLS handshake, sending it and reading the answer
 * @param maxResponseBytes   most body bytes read from one answer; reading stops there and the connection is closed
 * @param maxRequestsPerPort most requests sent to one port, counting a plain-HTTP attempt made before falling back
 *                           to TLS
 * @param maxConcurrent      most ports being identified at once, across all callers of one {@link ServiceIdentifier}
 */
public record IdentifyOptions(Duration timeout, int maxResponseBytes, int maxRequestsPerPort, int maxConcurrent) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_REQUESTS_PER_PORT = 6;
    public static final int DEFAULT_MAX_CONCURRENT = 16;

    static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
    static final int MIN_RESPONSE_BYTES = 1024;
    static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
    static final int MAX_REQUESTS_PER_PORT = 32;
    static final int MAX_CONCURRENT = 4096;

    public IdentifyOptions {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be in (0, " + MAX_TIMEOUT + "]: " + timeout);
        }
        if (maxResponseBytes < MIN_RESPONSE_BYTES || maxResponseBytes > MAX_RESPONSE_BYTES) {
            throw new IllegalArgumentException(
                    "maxResponseBytes must be in [" + MIN_RESPONSE_BYTES + ", " + MAX_RESPONSE_BYTES + "]: "
                            + maxResponseBytes);
        }
        if (maxRequestsPerPort < 1 || maxRequestsPerPort > MAX_REQUESTS_PER_PORT) {
            throw new IllegalArgumentException(
                    "maxRequestsPerPort must be in [1, " + MAX_REQUESTS_PER_PORT + "]: " + maxRequestsPerPort);
        }
        if (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT) {
            throw new IllegalArgumentException(
                    "maxConcurrent must be in [1, " + MAX_CONCURRENT + "]: " + maxConcurrent);
        }
    }

    /** 3 s per request, 64 KiB per answer, at most 6 requests per port, 16 ports at once. */
    public static IdentifyOptions defaults() {
        return new IdentifyOptions(
                DEFAULT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_REQUESTS_PER_PORT, DEFAULT_MAX_CONCURRENT);
    }
}
