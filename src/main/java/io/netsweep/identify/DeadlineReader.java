package io.netsweep.identify;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Reads from a socket under a deadline and a byte budget. Every read first sets the socket timeout to
 * the time left, so a peer that drips one byte at a time still cannot hold a probe past its deadline;
 * once {@code rawLimit} bytes came in, the reader reports end of stream and reads nothing more.
 * Not thread-safe: one probe, one thread.
 */
final class DeadlineReader {
    private final Socket socket;
    private final InputStream in;
    private final long deadlineNanos;
    private final long rawLimit;
    private final byte[] buffer = new byte[4096];
    private int position;
    private int limit;
    private long rawRead;
    private boolean eof;

    DeadlineReader(Socket socket, long deadlineNanos, long rawLimit) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.deadlineNanos = deadlineNanos;
        this.rawLimit = rawLimit;
    }

    /** The next byte, or -1 at end of stream or once the byte budget is spent. */
    int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    /** Up to {@code length} bytes into {@code target}; -1 at end of stream or once the byte budget is spent. */
    int read(byte[] target, int offset, int length) throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /** Whether reading stopped because the byte budget was spent rather than because the peer finished. */
    boolean budgetSpent() {
        return !eof && rawRead >= rawLimit && position == limit;
    }

    private boolean fill() throws IOException {
        if (eof || rawRead >= rawLimit) {
            return false;
        }
        socket.setSoTimeout(millisLeft(deadlineNanos));
        int want = (int) Math.min(buffer.length, rawLimit - rawRead);
        int n = in.read(buffer, 0, want);
        if (n < 0) {
            eof = true;
            return false;
        }
        position = 0;
        limit = n;
        rawRead += n;
        return n > 0;
    }

    /** Milliseconds to the deadline, at least 1; throws once it passed (0 would mean "wait forever"). */
    static int millisLeft(long deadlineNanos) throws SocketTimeoutException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("probe deadline passed");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
    }
}
