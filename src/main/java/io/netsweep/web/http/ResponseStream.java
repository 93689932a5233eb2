package io.netsweep.web.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The body of a streamed answer: chunked (RFC 9112 section 7.1), or written as it is when the
 * connection's end marks the body's end (HTTP/1.0), or dropped (HEAD). Buffers up to 8 KiB into one
 * chunk; {@link #flush()} sends the chunk at once. {@link #close()} writes the last chunk and is
 * idempotent. Not thread-safe: one writer.
 */
final class ResponseStream extends OutputStream {
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    private final OutputStream out;
    private final boolean chunked;
    private final boolean discard;
    private final byte[] buffer = new byte[8192];
    private int buffered;
    private boolean closed;

    ResponseStream(OutputStream out, boolean chunked, boolean discard) {
        this.out = out;
        this.chunked = chunked;
        this.discard = discard;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("the answer is complete");
        }
        if (discard) {
            return;
        }
        while (len > 0) {
            if (buffered == buffer.length) {
                sendBuffered();
            }
            int n = Math.min(len, buffer.length - buffered);
            System.arraycopy(b, off, buffer, buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        if (closed || discard) {
            return;
        }
        sendBuffered();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (!discard) {
                sendBuffered();
                if (chunked) {
                    out.write(LAST_CHUNK);
                }
            }
            out.flush();
        } finally {
            closed = true;
        }
    }

    private void sendBuffered() throws IOException {
        if (buffered == 0) {
            return;
        }
        if (chunked) {
            out.write(Integer.toHexString(buffered).getBytes(StandardCharsets.US_ASCII));
            out.write(CRLF);
            out.write(buffer, 0, buffered);
            out.write(CRLF);
        } else {
            out.write(buffer, 0, buffered);
        }
        buffered = 0;
    }
}
