package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code GET /} said, reduced to what fingerprints ask about it: its status, a coarse kind and a
 * lower-case haystack of its body and telling headers (Server, WWW-Authenticate, Location).
 */
record Root(int status, Kind kind, String haystack, Optional<String> location) {

    enum Kind {
        /** 2xx with an HTML page. */
        HTML,
        /** 2xx with a JSON document. */
        JSON,
        /** 2xx with anything else. */
        TEXT,
        /** 3xx with a Location. */
        REDIRECT,
        /** 4xx or 5xx with an empty body (axum, evhtp, Actix defaults). */
        EMPTY_ERROR,
        /** FastAPI/Starlette's {@code {"detail":"Not Found"}}. */
        FASTAPI_NOT_FOUND,
        /** Go net/http's {@code 404 page not found}. */
        GO_NOT_FOUND,
        /** Any other error answer. */
        OTHER_ERROR
    }

    static Root of(HttpReply reply, Optional<JsonNode> json) {
        String body = reply.body();
        String trimmed = body.strip();
        Optional<String> location = reply.header("location");
        Kind kind;
        if (reply.redirect() && location.isPresent()) {
            kind = Kind.REDIRECT;
        } else if (reply.status() >= 400) {
            if (trimmed.isEmpty()) {
                kind = Kind.EMPTY_ERROR;
            } else if (json.filter(n -> SafeJson.onlyTextField(n, "detail")).isPresent()) {
                kind = Kind.FASTAPI_NOT_FOUND;
            } else if (trimmed.equals("404 page not found")) {
                kind = Kind.GO_NOT_FOUND;
            } else {
                kind = Kind.OTHER_ERROR;
            }
        } else if (reply.header("content-type").orElse("").toLowerCase(Locale.ROOT).contains("html")
                || trimmed.startsWith("<")) {
            kind = Kind.HTML;
        } else if (json.isPresent()) {
            kind = Kind.JSON;
        } else {
            kind = Kind.TEXT;
        }
        String haystack = (body + "\n" + reply.header("server").orElse("") + "\n"
                + reply.header("www-authenticate").orElse("") + "\n" + location.orElse(""))
                .toLowerCase(Locale.ROOT);
        return new Root(reply.status(), kind, haystack, location);
    }

    /** Whether the body or telling headers contain any of the lower-case {@code needles}. */
    boolean mentions(String... needles) {
        for (String needle : needles) {
            if (haystack.contains(needle)) {
                return true;
            }
        }
        return false;
    }
}
