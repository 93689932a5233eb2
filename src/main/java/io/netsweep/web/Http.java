package io.netsweep.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Small helpers for {@link HttpExchange}: headers every response carries, bodies in and out. Stateless. */
final class Http {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final String JSON = "application/json; charset=utf-8";

    private Http() {}

    /** The headers of every response, whatever it is. No CORS headers: no other origin may read anything. */
    static void secure(Headers h) {
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
        h.set("Cache-Control", "no-store");
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        Headers h = ex.getResponseHeaders();
        secure(h);
        h.set("Content-Type", contentType);
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void sendJson(HttpExchange ex, int status, String json) throws IOException {
        send(ex, status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the whole request body, refusing more than {@code limit} bytes without reading them all.
     *
     * @throws HttpProblem 413 when the body is larger than {@code limit}
     */
    static byte[] readBody(HttpExchange ex, int limit) throws IOException, HttpProblem {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > limit) {
                    throw tooLarge(limit);
                }
            } catch (NumberFormatException e) {
                throw new HttpProblem(400, "bad Content-Length");
            }
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (InputStream in = ex.getRequestBody()) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (buf.size() + n > limit) {
                    throw tooLarge(limit);
                }
                buf.write(chunk, 0, n);
            }
        }
        return buf.toByteArray();
    }

    /** The query parameters; a repeated name keeps its first value. */
    static Map<String, String> query(HttpExchange ex) {
        Map<String, String> params = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformedEscape) {
                // A broken %-escape makes the parameter absent; whoever needs it reports that.
            }
        }
        return params;
    }

    /** Drops control characters and caps the length of text headed for a person. */
    static String oneLine(String text, int max) {
        String clean = text.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() <= max ? clean : clean.substring(0, max) + "…";
    }

    private static HttpProblem tooLarge(int limit) {
        return new HttpProblem(413, "request body larger than " + (limit / 1024) + " KiB");
    }
}
