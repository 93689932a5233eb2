package io.netsweep.web.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of one request, read straight from the connection and never past its end, so the next
 * request on a kept-alive connection starts where this body stops. Not thread-safe: it belongs to
 * the thread answering the request.
 */
abstract sealed class RequestBody extends InputStream permits RequestBody.Empty, RequestBody.Fixed, RequestBody.Chunked {
    /** Something to do before the first byte of the body is read. */
    @FunctionalInterface
    interface Hook {
        void run() throws IOException;
    }

    private Hook beforeFirstRead = () -> { };
    private boolean started;

    /** Whether every byte of the body has been read, so the connection is at the next request. */
    abstract boolean complete();

    abstract int readBody(byte[] b, int off, int len) throws IOException;

    /** Runs {@code hook} before the first byte is read: where {@code 100 Continue} is sent. */
    final void beforeFirstRead(Hook hook) {
        beforeFirstRead = hook;
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!started) {
            started = true;
            if (!complete()) {
                beforeFirstRead.run();
            }
        }
        return readBody(b, off, len);
    }

    /** No body at all. */
    static final class Empty extends RequestBody {
        @Override
        boolean complete() {
            return true;
        }

        @Override
        int readBody(byte[] b, int off, int len) {
            return -1;
        }
    }

    /** A body of a declared {@code Content-Length}. */
    static final class Fixed extends RequestBody {
        private final InputStream in;
        private long remaining;

        Fixed(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        boolean complete() {
            return remaining == 0;
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("the client closed the connection inside the request body");
            }
            remaining -= n;
            return n;
        }
    }

    /**
     * A {@code Transfer-Encoding: chunked} body (RFC 9112 section 7.1): chunk sizes in hex, extensions
     * ignored, trailers read and dropped. Malformed framing and bodies over the limit are
     * {@link BadRequestBodyException}s.
     */
    static final class Chunked extends RequestBody {
        private static final int MAX_LINE = 4096;
        private static final int MAX_TRAILER_BYTES = 8192;

        private final InputStream in;
        private final long maxBody;
        private long total;
        private long chunkLeft;
        private boolean done;

        Chunked(InputStream in, long maxBody) {
            this.in = in;
            this.maxBody = maxBody;
        }

        @Override
        boolean complete() {
            return done;
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                chunkLeft = chunkSize();
                if (chunkLeft == 0) {
                    trailers();
                    done = true;
                    return -1;
                }
                if (total + chunkLeft > maxBody) {
                    throw new BadRequestBodyException(413, "request body larger than " + Framing.size(maxBody));
                }
                total += chunkLeft;
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("the client closed the connection inside the request body");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                String end = line();
                if (!end.isEmpty()) {
                    throw malformed();
                }
            }
            return n;
        }

        private long chunkSize() throws IOException {
            String line = line();
            int semicolon = line.indexOf(';');
            String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
            if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(Syntax::isHex)) {
                throw malformed();
            }
            return Long.parseLong(hex, 16);
        }

        private void trailers() throws IOException {
            int bytes = 0;
            for (String line = line(); !line.isEmpty(); line = line()) {
                bytes += line.length() + 2;
                if (bytes > MAX_TRAILER_BYTES || line.indexOf(':') <= 0) {
                    throw malformed();
                }
            }
        }

        /** One CRLF-terminated line of framing, without the CRLF. */
        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new EOFException("the client closed the connection inside the request body");
                }
                if (c == '\r') {
                    if (in.read() != '\n') {
                        throw malformed();
                    }
                    return sb.toString();
                }
                if (c == '\n' || c == 0 || sb.length() >= MAX_LINE) {
                    throw malformed();
                }
                sb.append((char) c);
            }
        }

        private static BadRequestBodyException malformed() {
            return new BadRequestBodyException(400, "malformed chunked request body");
        }
    }
}
