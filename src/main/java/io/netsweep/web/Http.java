package io.netsweep.web;

import io.netsweep.web.http.BadRequestBodyException;
import io.netsweep.web.http.Exchange;
import io.netsweep.web.http.ResponseHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Small helpers for an {@link Exchange}: headers every response carries, bodies in and out. Stateless. */
final class Http {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final String JSON = "application/json; charset=utf-8";

    private Http() {}

    /** The headers of every response, whatever it is. No CORS headers: no other origin may read anything. */
    static void secure(ResponseHeaders h) {
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Cross-Origin-Resource-Policy", "same-origin");
        h.set("Cache-Control", "no-store");
    }

    static void send(Exchange ex, int status, String contentType, byte[] body) throws IOException {
        ResponseHeaders h = ex.responseHeaders();
        secure(h);
        h.set("Content-Type", contentType);
        ex.send(status, body);
    }

    /** The answer to a request refused before it reached a route: the same JSON and headers as any error. */
    static byte[] error(ResponseHeaders h, String json) {
        secure(h);
        h.set("Content-Type", JSON);
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static void sendJson(Exchange ex, int status, String json) throws IOException {
        send(ex, status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the whole request body, refusing more than {@code limit} bytes without reading them all.
     *
     * @throws HttpProblem 413 when the body is larger than {@code limit}, 400 when its framing is malformed
     */
    static byte[] readBody(Exchange ex, int limit) throws IOException, HttpProblem {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            InputStream in = ex.requestBody();
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (buf.size() + n > limit) {
                    throw tooLarge(limit);
                }
                buf.write(chunk, 0, n);
            }
        } catch (BadRequestBodyException bad) {
            throw new HttpProblem(bad.status(), bad.getMessage());
        }
        return buf.toByteArray();
    }

    /** The query parameters; a repeated name keeps its first value. */
    static Map<String, String> query(Exchange ex) {
        Map<String, String> params = new HashMap<>();
        String raw = ex.query().orElse("");
        if (raw.isEmpty()) {
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
