package io.netsweep.web.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;

/**
 * One client connection: reads requests one after another (kept alive, pipelining allowed), hands
 * each to the handler and makes sure each gets exactly one answer, the server's own when the
 * handler gave none. Runs on its own virtual thread; {@link #abort()} may be called from any thread.
 */
final class Connection implements Runnable {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    /** How long a closing connection keeps reading what the client still sends, so it sees the answer. */
    private static final int LINGER_MILLIS = 2_000;
    private static final int LINGER_BYTES = 1 << 20;

    private final Socket socket;
    private final Handler handler;
    private final ErrorResponder errors;
    private final HttpLimits limits;
    private final boolean overloaded;
    private volatile boolean aborted;

    Connection(Socket socket, Handler handler, ErrorResponder errors, HttpLimits limits, boolean overloaded) {
        this.socket = socket;
        this.handler = handler;
        this.errors = errors;
        this.limits = limits;
        this.overloaded = overloaded;
    }

    @Override
    public void run() {
        try {
            BufferedInputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            if (overloaded) {
                reject(out, 503, "too many connections; try again");
            } else {
                while (!aborted && serveOne(in, out)) {
                    // next request on the same connection
                }
            }
        } catch (IOException clientGone) {
            // A reset, a timeout while answering, or the server closing: nothing more can be said.
        } finally {
            close();
        }
    }

    /** Closes the socket at once, which ends whatever this connection is blocked in. */
    void abort() {
        aborted = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Serves one request; whether the connection stays open for another. */
    private boolean serveOne(BufferedInputStream in, OutputStream out) throws IOException {
        if (!awaitRequest(in)) {
            return false;
        }
        socket.setSoTimeout(Math.toIntExact(limits.readTimeout().toMillis()));
        RequestHead head;
        RequestBody body;
        try {
            Optional<RequestHead> read = RequestHead.read(in, limits);
            if (read.isEmpty()) {
                return false;
            }
            head = read.get();
            body = Framing.body(head, in, limits);
        } catch (RequestRejected r) {
            reject(out, r.status(), r.getMessage());
            return false;
        } catch (SocketTimeoutException slow) {
            reject(out, 408, "the request did not arrive in time");
            return false;
        }
        Exchange ex = new Exchange(head, body, out, aborted);
        try {
            handler.handle(ex);
            if (ex.started()) {
                ex.finish();
            } else {
                ex.sendError(500, "internal error", errors);
            }
        } catch (BadRequestBodyException bad) {
            answerIfSilent(ex, bad.status(), bad.getMessage());
            return false;
        } catch (SocketTimeoutException slow) {
            answerIfSilent(ex, 408, "the request did not arrive in time");
            return false;
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.WARNING, "handler failed on " + head, bug);
            answerIfSilent(ex, 500, "internal error");
            return false;
        }
        return !ex.closeAfter();
    }

    /** Waits up to the idle timeout for the first byte of a request; false when the client left or stayed silent. */
    private boolean awaitRequest(BufferedInputStream in) throws IOException {
        socket.setSoTimeout(Math.toIntExact(limits.idleTimeout().toMillis()));
        in.mark(1);
        try {
            if (in.read() < 0) {
                return false;
            }
        } catch (SocketTimeoutException idle) {
            return false;
        }
        in.reset();
        return true;
    }

    private void answerIfSilent(Exchange ex, int status, String message) throws IOException {
        if (!ex.started()) {
            ex.sendError(status, message, errors);
        }
    }

    /** Answers a request that never reached the handler, and ends the connection. */
    private void reject(OutputStream out, int status, String message) throws IOException {
        ResponseHeaders headers = new ResponseHeaders();
        byte[] body = errors.respond(status, message, headers);
        out.write(Exchange.head(status, headers, "Content-Length: " + body.length + "\r\n", true));
        out.write(body);
        out.flush();
    }

    /**
     * Ends the connection after its last answer: sends FIN, then reads and drops what the client may
     * still be sending (the rest of a refused body) for a little while before closing. Closing with
     * unread data would send a reset, and a reset can destroy the answer before the client reads it.
     */
    private void close() {
        try {
            if (!aborted && !socket.isClosed()) {
                socket.shutdownOutput();
                socket.setSoTimeout(LINGER_MILLIS);
                InputStream in = socket.getInputStream();
                byte[] sink = new byte[8192];
                int total = 0;
                for (int n; total < LINGER_BYTES && (n = in.read(sink)) >= 0; ) {
                    total += n;
                }
            }
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
