package io.netsweep.identify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one HTTP/1.x answer from a {@link DeadlineReader}: status line, headers (bounded in size and
 * count), and a body framed by chunked encoding, Content-Length or connection close, keeping at most
 * {@code maxBody} bytes. Anything that does not start like HTTP is classified, not thrown.
 */
final class ResponseReader {
    static final int HEAD_LIMIT = 16 * 1024;
    private static final int MAX_HEADERS = 100;
    private static final int MAX_INTERIM_RESPONSES = 3;
    private static final int CHUNK_LINE_LIMIT = 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d\\.\\d (\\d{3})(?: .*)?");
    private static final byte TLS_ALERT = 0x15;
    private static final byte TLS_HANDSHAKE = 0x16;

    private final DeadlineReader in;
    private final int maxBody;

    ResponseReader(DeadlineReader in, int maxBody) {
        this.in = in;
        this.maxBody = maxBody;
    }

    Exchange read() throws IOException {
        for (int interim = 0; ; interim++) {
            byte[] head = readHead();
            if (head.length == 0) {
                return ProbeFailure.of(ProbeFailure.Kind.CLOSED_SILENTLY);
            }
            if (head[0] == TLS_ALERT || head[0] == TLS_HANDSHAKE) {
                return ProbeFailure.of(ProbeFailure.Kind.TLS_RECORD);
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r?\n");
            Matcher status = STATUS_LINE.matcher(lines[0]);
            if (!status.matches() || !endsWithBlankLine(head)) {
                return ProbeFailure.of(ProbeFailure.Kind.NOT_HTTP);
            }
            int code = Integer.parseInt(status.group(1));
            Map<String, String> headers = parseHeaders(lines);
            if (code >= 100 && code < 200 && interim < MAX_INTERIM_RESPONSES) {
                continue;
            }
            return readBody(code, headers);
        }
    }

    /** Bytes up to and including the blank line ending the head, or whatever came before EOF or the limit. */
    private byte[] readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int newlines = 0;
        while (head.size() < HEAD_LIMIT) {
            int b;
            try {
                b = in.read();
            } catch (IOException e) {
                // A reset before the first byte is the same signal as a silent close; after it, a broken answer.
                if (head.size() == 0 && !(e instanceof SocketTimeoutException)) {
                    return new byte[0];
                }
                throw e;
            }
            if (b < 0) {
                break;
            }
            head.write(b);
            if (head.size() <= 5 && !startsLikeHttp(head.toByteArray())) {
                break;
            }
            if (b == '\n') {
                if (++newlines == 2) {
                    break;
                }
            } else if (b != '\r') {
                newlines = 0;
            }
        }
        return head.toByteArray();
    }

    private static boolean startsLikeHttp(byte[] prefix) {
        byte[] http = "HTTP/".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < prefix.length && i < http.length; i++) {
            if (prefix[i] != http[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWithBlankLine(byte[] head) {
        int n = head.length;
        return (n >= 2 && head[n - 1] == '\n' && head[n - 2] == '\n')
                || (n >= 4 && head[n - 1] == '\n' && head[n - 2] == '\r' && head[n - 3] == '\n');
    }

    private static Map<String, String> parseHeaders(String[] lines) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length && headers.size() < MAX_HEADERS; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = Untrusted.clean(lines[i].substring(colon + 1), Untrusted.MAX_HEADER_VALUE);
            headers.merge(name, value, (a, b) -> Untrusted.clean(a + ", " + b, Untrusted.MAX_HEADER_VALUE));
        }
        return headers;
    }

    private HttpReply readBody(int code, Map<String, String> headers) throws IOException {
        if (code == 204 || code == 304 || (code >= 100 && code < 200)) {
            return new HttpReply(code, headers, "", false);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(Math.min(maxBody, 8192));
        boolean truncated;
        String transferEncoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (transferEncoding.contains("chunked")) {
            truncated = readChunked(body);
        } else {
            OptionalLong length = contentLength(headers.get("content-length"));
            truncated = length.isPresent() ? readFixed(body, length.getAsLong()) : readToEnd(body);
        }
        return new HttpReply(code, headers, body.toString(StandardCharsets.UTF_8), truncated);
    }

    private static OptionalLong contentLength(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(value.split(",")[0].trim());
            return n >= 0 ? OptionalLong.of(n) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Returns whether the body was cut short of its declared length. */
    private boolean readFixed(ByteArrayOutputStream body, long length) throws IOException {
        long keep = Math.min(length, maxBody);
        copy(body, keep);
        return length > maxBody || body.size() < keep;
    }

    private boolean readToEnd(ByteArrayOutputStream body) throws IOException {
        copy(body, maxBody);
        return body.size() >= maxBody || in.budgetSpent();
    }

    private boolean readChunked(ByteArrayOutputStream body) throws IOException {
        while (true) {
            String line = readLine();
            if (line == null) {
                return true;
            }
            long size;
            try {
                size = Long.parseLong(line.split(";", 2)[0].trim(), 16);
            } catch (NumberFormatException e) {
                return true;
            }
            if (size < 0) {
                return true;
            }
            if (size == 0) {
                return false;
            }
            long room = maxBody - body.size();
            if (size > room) {
                copy(body, room);
                return true;
            }
            if (copy(body, size) < size || readLine() == null) {
                return true;
            }
        }
    }

    /** Copies up to {@code count} bytes into {@code body}; returns how many arrived before EOF or the budget. */
    private long copy(ByteArrayOutputStream body, long count) throws IOException {
        byte[] chunk = new byte[4096];
        long copied = 0;
        while (copied < count) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, count - copied));
            if (n < 0) {
                break;
            }
            body.write(chunk, 0, n);
            copied += n;
        }
        return copied;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (line.length() < CHUNK_LINE_LIMIT) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                return line.toString().strip();
            }
            line.append((char) b);
        }
        return null;
    }
}
