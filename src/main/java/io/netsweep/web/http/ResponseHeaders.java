package io.netsweep.web.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The headers of one response, one value per name (names compared without case), written in the
 * order they were first set. The framing headers ({@code Content-Length}, {@code Transfer-Encoding},
 * {@code Connection}) belong to the server and cannot be set here. Values must be visible ASCII and
 * spaces: a CR or LF from anywhere cannot start a header or a body of its own. Not thread-safe: it
 * belongs to the one thread answering the request.
 */
public final class ResponseHeaders {
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection");

    private final Map<String, Map.Entry<String, String>> byLowerName = new LinkedHashMap<>();

    /**
     * Sets {@code name} to {@code value}, replacing an earlier value.
     *
     * @throws IllegalArgumentException when the name is not a token, is a framing header, or the value has
     *                                  control characters or non-ASCII text
     */
    public ResponseHeaders set(String name, String value) {
        if (!Syntax.isToken(name)) {
            throw new IllegalArgumentException("not a header name: " + name);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (FRAMING.contains(lower)) {
            throw new IllegalArgumentException(name + " is set by the server");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                throw new IllegalArgumentException("header " + name + " has a character that cannot be sent");
            }
        }
        byLowerName.put(lower, Map.entry(name, value));
        return this;
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(byLowerName.get(name.toLowerCase(Locale.ROOT))).map(Map.Entry::getValue);
    }

    void clear() {
        byLowerName.clear();
    }

    void writeTo(StringBuilder head) {
        for (Map.Entry<String, String> e : byLowerName.values()) {
            head.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        }
    }
}
