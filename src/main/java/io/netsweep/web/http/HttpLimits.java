package io.netsweep.web.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What one connection may cost the server. A request over a limit is answered with the matching
 * status (414, 431, 413) and its connection is closed; nothing is buffered past a limit. Immutable.
 *
 * @param maxRequestLine  bytes in the request line (longer: 414)
 * @param maxHeaderBytes  bytes in all header lines together (more: 431)
 * @param maxHeaders      header lines (more: 431)
 * @param maxBody         bytes of a request body, declared or chunked (more: 413)
 * @param idleTimeout     how long a kept-alive connection may wait for its next request before it is closed quietly
 * @param readTimeout     how long one read of a request (head or body) may block before the client is given up (408)
 * @param maxConnections  connections served at once; one more is answered 503 and closed
 */
public record HttpLimits(int maxRequestLine, int maxHeaderBytes, int maxHeaders, long maxBody, Duration idleTimeout,
                         Duration readTimeout, int maxConnections) {

    public HttpLimits {
        if (maxRequestLine < 64 || maxHeaderBytes < 256 || maxHeaders < 1 || maxBody < 0 || maxConnections < 1) {
            throw new IllegalArgumentException("limits too small to serve a request");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (idleTimeout.toMillis() < 1 || readTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeouts must be at least 1 ms");
        }
    }

    /**
     * Enough for a browser on loopback: an 8 KiB request line, 32 KiB and 100 lines of headers, the
     * given body limit, 30 s of keep-alive, 10 s per read and 256 connections.
     */
    public static HttpLimits defaults(long maxBody) {
        return new HttpLimits(8 * 1024, 32 * 1024, 100, maxBody, Duration.ofSeconds(30), Duration.ofSeconds(10), 256);
    }
}
