package io.netsweep.web.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small HTTP/1.1 server (RFC 9112) that answers every request itself: malformed requests, limits
 * and unsupported framing get the application's own error answers ({@link ErrorResponder}), never a
 * page of the server's. Each connection runs on its own virtual thread with plain blocking I/O;
 * requests on one connection are served in order.
 *
 * <p>Lifecycle: construct, {@link #start()}, {@link #close()}. Thread-safe.
 */
public final class HttpServer implements AutoCloseable {
    private static final int BACKLOG = 128;
    private static final Duration ACCEPT_RETRY = Duration.ofMillis(100);

    private final InetSocketAddress bind;
    private final HttpLimits limits;
    private final Handler handler;
    private final ErrorResponder errors;
    private final Map<Connection, Thread> connections = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private ServerSocket listener; // guarded by lifecycle
    private Thread acceptor; // guarded by lifecycle
    private boolean closed; // guarded by lifecycle

    public HttpServer(InetSocketAddress bind, HttpLimits limits, Handler handler, ErrorResponder errors) {
        this.bind = Objects.requireNonNull(bind, "bind");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    /**
     * Binds and starts accepting.
     *
     * @throws IOException           when the address cannot be bound
     * @throws IllegalStateException when already started or closed
     */
    public void start() throws IOException {
        synchronized (lifecycle) {
            if (listener != null || closed) {
                throw new IllegalStateException("a server starts once");
            }
            ServerSocket s = new ServerSocket();
            try {
                s.bind(bind, BACKLOG);
            } catch (IOException e) {
                s.close();
                throw e;
            }
            listener = s;
            acceptor = Thread.ofVirtual().name("http-accept-" + s.getLocalPort()).start(() -> accept(s));
        }
    }

    /** The bound address; its port is the real one when bound to port 0. */
    public InetSocketAddress address() {
        synchronized (lifecycle) {
            if (listener == null) {
                throw new IllegalStateException("not started");
            }
            return (InetSocketAddress) listener.getLocalSocketAddress();
        }
    }

    /** Connections open right now. */
    public int openConnections() {
        return connections.size();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            Socket socket;
            try {
                socket = s.accept();
            } catch (IOException e) {
                if (s.isClosed()) {
                    return;
                }
                // Out of file descriptors, say: pause rather than spin, and try again.
                java.util.concurrent.locks.LockSupport.parkNanos(ACCEPT_RETRY.toNanos());
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
            } catch (IOException ignored) {
                // only a latency hint
            }
            Connection c = new Connection(socket, handler, errors, limits, connections.size() >= limits.maxConnections());
            Thread t = Thread.ofVirtual().name("http-" + socket.getPort()).unstarted(() -> {
                try {
                    c.run();
                } finally {
                    connections.remove(c);
                }
            });
            connections.put(c, t);
            boolean stopping;
            synchronized (lifecycle) {
                stopping = closed;
            }
            if (stopping) {
                connections.remove(c);
                c.abort();
                return;
            }
            t.start();
        }
    }

    /**
     * Stops accepting, closes every connection (a blocked read or write ends at once) and waits up to
     * {@code wait} for their threads to finish. Idempotent.
     */
    public void close(Duration wait) {
        ServerSocket s;
        Thread a;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            s = listener;
            a = acceptor;
        }
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            a.join(wait);
            connections.keySet().forEach(Connection::abort);
            for (Thread t : connections.values()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #close(Duration)} waiting up to two seconds. */
    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
