package io.netsweep.service;

import io.netsweep.identify.HttpReply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.x answer parsed from the bytes a probe read (bounded by the port's budget): status, headers as
 * received and the body with chunked framing removed. Untrusted and uncleaned; immutable.
 *
 * @param status    the status code
 * @param head      the status line and header lines as received, up to the blank line
 * @param headers   header names and values in order
 * @param body      the body (de-chunked), as far as it was read
 * @param truncated the body was cut short of what the framing announced
 */
record HttpAnswer(int status, String head, List<Map.Entry<String, String>> headers, byte[] body, boolean truncated) {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d\\.\\d (\\d{3})(?: [^\\r\\n]*)?");
    private static final int MAX_HEADERS = 100;

    HttpAnswer {
        headers = List.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The first header of that name (any case). */
    Optional<String> header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    /** What catalogue patterns read: the head as received, a blank line, then the de-chunked body. */
    String text() {
        return head + "\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1);
    }

    /** The same answer in the form AI/ML identification reads. */
    HttpReply toReply() {
        return HttpReply.of(status, headers, body, truncated);
    }

    /** Parses {@code bytes}; empty if they do not start with an HTTP/1.x status line and a complete head. */
    static Optional<HttpAnswer> parse(byte[] bytes) {
        int offset = 0;
        for (int interim = 0; interim < 3; interim++) {
            int headEnd = headEnd(bytes, offset);
            if (headEnd < 0) {
                return Optional.empty();
            }
            String head = new String(bytes, offset, headEnd - offset, StandardCharsets.ISO_8859_1).stripTrailing();
            String[] lines = head.split("\r?\n");
            Matcher status = STATUS_LINE.matcher(lines[0]);
            if (!status.matches()) {
                return Optional.empty();
            }
            int code = Integer.parseInt(status.group(1));
            int bodyStart = skipBlankLine(bytes, headEnd);
            if (code >= 100 && code < 200 && code != 101) {
                offset = bodyStart;
                continue;
            }
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (int i = 1; i < lines.length && headers.size() < MAX_HEADERS; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.add(new AbstractMap.SimpleImmutableEntry<>(
                            lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
                }
            }
            return Optional.of(body(code, head, headers, bytes, bodyStart));
        }
        return Optional.empty();
    }

    /** How complete an HTTP answer is from its framing; anything that is not HTTP ends at a pause. */
    static final Framing FRAMING = (buffer, length) -> {
        if (length < 5) {
            return startsLikeHttp(buffer, length) ? Framing.State.INCOMPLETE : Framing.State.UNKNOWN;
        }
        if (!startsLikeHttp(buffer, length)) {
            return Framing.State.UNKNOWN;
        }
        byte[] bytes = java.util.Arrays.copyOf(buffer, length);
        int headEnd = headEnd(bytes, 0);
        if (headEnd < 0) {
            return Framing.State.INCOMPLETE;
        }
        Optional<HttpAnswer> answer = parse(bytes);
        if (answer.isEmpty()) {
            return Framing.State.UNKNOWN;
        }
        HttpAnswer a = answer.get();
        boolean chunked = a.header("transfer-encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false);
        if (a.status() == 204 || a.status() == 304) {
            return Framing.State.COMPLETE;
        }
        if (a.header("content-type").map(t -> t.toLowerCase(Locale.ROOT).startsWith("text/event-stream")).orElse(false)
                && new String(a.body(), java.nio.charset.StandardCharsets.ISO_8859_1).contains("\n\n")) {
            // An event stream does not end: its first whole event is the answer (an MCP HTTP+SSE endpoint's).
            return Framing.State.COMPLETE;
        }
        if (chunked || a.header("content-length").isPresent()) {
            return a.truncated() ? Framing.State.INCOMPLETE : Framing.State.COMPLETE;
        }
        return Framing.State.UNKNOWN;
    };

    private static boolean startsLikeHttp(byte[] buffer, int length) {
        byte[] http = {'H', 'T', 'T', 'P', '/'};
        for (int i = 0; i < Math.min(length, http.length); i++) {
            if (buffer[i] != http[i]) {
                return false;
            }
        }
        return true;
    }

    private static HttpAnswer body(int code, String head, List<Map.Entry<String, String>> headers, byte[] bytes, int start) {
        String te = headers.stream().filter(h -> h.getKey().equalsIgnoreCase("transfer-encoding"))
                .map(Map.Entry::getValue).findFirst().orElse("").toLowerCase(Locale.ROOT);
        Optional<String> cl = headers.stream().filter(h -> h.getKey().equalsIgnoreCase("content-length"))
                .map(Map.Entry::getValue).findFirst();
        int available = bytes.length - start;
        if (code == 204 || code == 304) {
            return new HttpAnswer(code, head, headers, new byte[0], false);
        }
        if (te.contains("chunked")) {
            return dechunk(code, head, headers, bytes, start);
        }
        if (cl.isPresent()) {
            try {
                long length = Long.parseLong(cl.get().split(",")[0].trim());
                if (length >= 0) {
                    int keep = (int) Math.min(length, available);
                    return new HttpAnswer(code, head, headers, java.util.Arrays.copyOfRange(bytes, start, start + keep),
                            keep < length);
                }
            } catch (NumberFormatException e) {
                // an unreadable length: read what came, as for a body ended by closing
            }
        }
        return new HttpAnswer(code, head, headers, java.util.Arrays.copyOfRange(bytes, start, bytes.length), false);
    }

    private static HttpAnswer dechunk(int code, String head, List<Map.Entry<String, String>> headers, byte[] bytes, int start) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int i = start;
        while (true) {
            int lineEnd = indexOf(bytes, (byte) '\n', i);
            if (lineEnd < 0) {
                return new HttpAnswer(code, head, headers, body.toByteArray(), true);
            }
            String sizeLine = new String(bytes, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";", 2)[0].trim();
            long size;
            try {
                size = Long.parseLong(sizeLine, 16);
            } catch (NumberFormatException e) {
                return new HttpAnswer(code, head, headers, body.toByteArray(), true);
            }
            if (size == 0) {
                return new HttpAnswer(code, head, headers, body.toByteArray(), false);
            }
            int dataStart = lineEnd + 1;
            if (size < 0 || size > bytes.length - dataStart) {
                body.write(bytes, dataStart, Math.max(0, bytes.length - dataStart));
                return new HttpAnswer(code, head, headers, body.toByteArray(), true);
            }
            body.write(bytes, dataStart, (int) size);
            i = dataStart + (int) size;
            if (i < bytes.length && bytes[i] == '\r') {
                i++;
            }
            if (i < bytes.length && bytes[i] == '\n') {
                i++;
            }
        }
    }

    /** Index just past the header lines (before the blank line), or -1 if the head is not complete. */
    private static int headEnd(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\n' && bytes[i + 1] == '\n') {
                return i + 1;
            }
            if (bytes[i] == '\n' && bytes[i + 1] == '\r' && i + 2 < bytes.length && bytes[i + 2] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int skipBlankLine(byte[] bytes, int at) {
        int i = at;
        if (i < bytes.length && bytes[i] == '\r') {
            i++;
        }
        if (i < bytes.length && bytes[i] == '\n') {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
