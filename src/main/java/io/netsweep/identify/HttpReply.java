package io.netsweep.identify;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP answer, as far as it was read. Untrusted: header values are already stripped of control
 * characters, the body is not (parsers and {@link Untrusted} clean what they keep).
 *
 * <p>Public so that a caller that already fetched {@code GET /} itself (service detection) can hand the
 * answer to {@link ServiceIdentifier#identifyFrom}; build one with {@link #of}. Immutable.
 *
 * @param status    the status code
 * @param headers   header values by lower-case name; repeated headers joined with {@code ", "}
 * @param body      the body decoded as UTF-8 (malformed bytes replaced), at most the configured size
 * @param truncated the server had more to send than was read
 */
public record HttpReply(int status, Map<String, String> headers, String body, boolean truncated) implements Exchange {
    public HttpReply {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /**
     * An answer from raw parts: header names are lower-cased, repeated headers joined with {@code ", "},
     * values cleaned of control characters and capped as the identification's own reader does; the body
     * is decoded as UTF-8 with malformed bytes replaced.
     *
     * @param headers header lines' names and values in the order received
     */
    public static HttpReply of(int status, List<Map.Entry<String, String>> headers, byte[] body, boolean truncated) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            String value = Untrusted.clean(header.getValue(), Untrusted.MAX_HEADER_VALUE);
            byName.merge(name, value, (a, b) -> Untrusted.clean(a + ", " + b, Untrusted.MAX_HEADER_VALUE));
        }
        return new HttpReply(status, byName, new String(body, StandardCharsets.UTF_8), truncated);
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    boolean success() {
        return status >= 200 && status < 300;
    }

    boolean redirect() {
        return status >= 300 && status < 400;
    }
}
