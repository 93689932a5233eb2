package io.netsweep.web.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The request line and headers of one request (RFC 9112), checked strictly: anything a careful
 * server would have to guess about is refused rather than guessed. Immutable.
 *
 * @param method  the method token, as sent (methods are case-sensitive)
 * @param path    the {@code absolute-path} of the target, raw: never decoded, so {@code %2F} stays {@code %2F}
 * @param query   the raw query, if the target had one
 * @param http10  whether the request said {@code HTTP/1.0} (its connection closes after the answer)
 * @param headers every header line by name (names without case), values with surrounding whitespace removed
 */
record RequestHead(String method, String path, Optional<String> query, boolean http10,
                   Map<String, List<String>> headers) {

    RequestHead {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = java.util.Collections.unmodifiableMap(copy);
    }

    List<String> all(String name) {
        return headers.getOrDefault(name, List.of());
    }

    Optional<String> first(String name) {
        return all(name).stream().findFirst();
    }

    /** Empty lines a client may send before a request line (RFC 9112 section 2.2). */
    private static final int MAX_LEADING_EMPTY_LINES = 4;

    /**
     * Reads one request head from {@code in}, which is left at the first byte of the body.
     *
     * @return empty when the connection ended before a request began
     * @throws RequestRejected when the head is malformed or over a limit
     * @throws IOException     when reading fails (a timeout, a reset); nothing can be answered
     */
    static Optional<RequestHead> read(InputStream in, HttpLimits limits) throws IOException, RequestRejected {
        String line = "";
        for (int i = 0; line.isEmpty(); i++) {
            if (i > MAX_LEADING_EMPTY_LINES) {
                throw new RequestRejected(400, "malformed request line");
            }
            Optional<String> next = line(in, limits.maxRequestLine(), 414, "request line too long", i == 0);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            line = next.get();
        }
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !Syntax.isToken(parts[0])) {
            throw new RequestRejected(400, "malformed request line");
        }
        boolean http10 = switch (parts[2]) {
            case "HTTP/1.1" -> false;
            case "HTTP/1.0" -> true;
            default -> throw parts[2].matches("HTTP/[0-9]\\.[0-9]")
                    ? new RequestRejected(505, "only HTTP/1.1 and HTTP/1.0 are served")
                    : new RequestRejected(400, "malformed request line");
        };
        String target = parts[1];
        if (!target.startsWith("/")) {
            throw new RequestRejected(400, "the request target must be a path starting with /");
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        Optional<String> query = q < 0 ? Optional.empty() : Optional.of(target.substring(q + 1));
        if (!Syntax.isPathOrQuery(path, false) || !query.map(s -> Syntax.isPathOrQuery(s, true)).orElse(true)) {
            throw new RequestRejected(400, "malformed request target");
        }
        return Optional.of(new RequestHead(parts[0], path, query, http10, headers(in, limits)));
    }

    private static Map<String, List<String>> headers(InputStream in, HttpLimits limits)
            throws IOException, RequestRejected {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int budget = limits.maxHeaderBytes();
        int count = 0;
        while (true) {
            String line = line(in, budget, 431, "request headers too large", false)
                    .orElseThrow(() -> new RequestRejected(400, "request ended inside its headers"));
            if (line.isEmpty()) {
                return headers;
            }
            budget -= line.length() + 2;
            if (++count > limits.maxHeaders()) {
                throw new RequestRejected(431, "too many request headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !Syntax.isToken(line.substring(0, colon))) {
                // Also refuses obsolete line folding and whitespace before the colon (RFC 9112 section 5).
                throw new RequestRejected(400, "malformed request header");
            }
            String value = line.substring(colon + 1).strip();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new RequestRejected(400, "control character in a request header");
                }
            }
            headers.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>()).add(value);
        }
    }

    /**
     * One line without its CRLF (a bare LF is taken as a line end too; a bare CR is refused), decoded
     * as ISO-8859-1 so every byte maps to one character and nothing is lost or guessed.
     *
     * @param atStart the connection may end here without that being an error
     * @return empty when the stream ended before the first byte of the line and {@code atStart}
     */
    private static Optional<String> line(InputStream in, int max, int overStatus, String overMessage, boolean atStart)
            throws IOException, RequestRejected {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (atStart && buf.size() == 0) {
                    return Optional.empty();
                }
                throw new RequestRejected(400, "request ended inside its head");
            }
            if (b == '\n') {
                return Optional.of(buf.toString(StandardCharsets.ISO_8859_1));
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new RequestRejected(400, "a CR not followed by LF in the request head");
                }
                return Optional.of(buf.toString(StandardCharsets.ISO_8859_1));
            }
            if (b == 0) {
                throw new RequestRejected(400, "NUL in the request head");
            }
            if (buf.size() >= max) {
                throw new RequestRejected(overStatus, overMessage);
            }
            buf.write(b);
        }
    }

    @Override
    public String toString() {
        return method + " " + path + (query.isPresent() ? "?…" : "") + (http10 ? " HTTP/1.0" : " HTTP/1.1");
    }
}
