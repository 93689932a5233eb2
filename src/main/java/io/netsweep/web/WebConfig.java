package io.netsweep.web;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * How the local web UI server listens and behaves. Immutable.
 *
 * @param bind             address to listen on; loopback unless the person asked otherwise
 * @param port             TCP port; 0 picks a free one
 * @param token            secret every API call must present (see {@link #newToken()}); base64url, at least 16 characters
 * @param maxFinishedScans most finished scans kept for the list and for replay (fewer when their results pass the
 *                         memory budget); older ones are dropped first
 * @param batchInterval    how long events are gathered into one message of the live stream
 */
public record WebConfig(InetAddress bind, int port, String token, int maxFinishedScans, Duration batchInterval) {
    public static final int DEFAULT_PORT = 7777;
    public static final int DEFAULT_MAX_FINISHED_SCANS = 20;
    public static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofMillis(100);

    public WebConfig {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
        }
        Objects.requireNonNull(token, "token");
        if (token.length() < 16 || !token.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("token must be at least 16 base64url characters");
        }
        if (maxFinishedScans < 1) {
            throw new IllegalArgumentException("maxFinishedScans must be at least 1");
        }
        Objects.requireNonNull(batchInterval, "batchInterval");
        if (batchInterval.toMillis() < 10 || batchInterval.toMillis() > 5_000) {
            throw new IllegalArgumentException("batchInterval must be 10 ms to 5 s");
        }
    }

    /** Loopback, the given port, a fresh token and the default limits. */
    public static WebConfig loopback(int port) {
        return new WebConfig(InetAddress.getLoopbackAddress(), port, newToken(), DEFAULT_MAX_FINISHED_SCANS,
                DEFAULT_BATCH_INTERVAL);
    }

    /** 32 random bytes from {@link SecureRandom}, base64url without padding (43 characters). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        // The token is a secret: keep it out of logs and exception messages.
        return "WebConfig[bind=" + bind.getHostAddress() + ", port=" + port + ", token=(hidden), maxFinishedScans="
                + maxFinishedScans + ", batchInterval=" + batchInterval + "]";
    }
}
