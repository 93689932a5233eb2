package io.netsweep.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads Server-Sent Events (the HTML standard's {@code text/event-stream}) from a body as they arrive: an
 * event is its {@code event} name (default {@code message}) and its {@code data} lines joined with LF. Each
 * event is capped; comments and other fields are skipped. Not thread-safe.
 */
final class SseEvents {
    static final int MAX_EVENT = 1024 * 1024;

    /** One event. */
    record Event(String name, String data) {}

    private final InputStream in;

    SseEvents(InputStream in) {
        this.in = in;
    }

    /** The next event, or empty when the stream ended. */
    Optional<Event> next() throws IOException {
        String name = "message";
        StringBuilder data = null;
        int size = 0;
        while (true) {
            Optional<String> read = line();
            if (read.isEmpty()) {
                return Optional.empty();
            }
            String line = read.get();
            size += line.length();
            if (size > MAX_EVENT) {
                throw new IOException("event too large");
            }
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new Event(name, data.toString()));
                }
                name = "message";
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> name = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                default -> { } // id, retry, comments: nothing discovery needs
            }
        }
    }

    private Optional<String> line() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return out.size() == 0 ? Optional.empty() : Optional.of(out.toString(StandardCharsets.UTF_8));
            }
            if (b == '\n') {
                byte[] bytes = out.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return Optional.of(new String(bytes, 0, end, StandardCharsets.UTF_8));
            }
            if (out.size() >= MAX_EVENT) {
                throw new IOException("line too long");
            }
            out.write(b);
        }
    }
}
