package io.netsweep.identify;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP answer, as far as it was read. Untrusted: header values are already stripped of control
 * characters, the body is not (parsers and {@link Untrusted} clean what they keep).
 *
 * @param status    the status code
 * @param headers   header values by lower-case name; repeated headers joined with {@code ", "}
 * @param body      the body decoded as UTF-8 (malformed bytes replaced), at most the configured size
 * @param truncated the server had more to send than was read
 */
record HttpReply(int status, Map<String, String> headers, String body, boolean truncated) implements Exchange {
    HttpReply {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
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
