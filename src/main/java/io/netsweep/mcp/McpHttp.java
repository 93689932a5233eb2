package io.netsweep.mcp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 to one MCP endpoint over a plain socket or TLS, under one deadline and a byte budget for everything
 * read. A connection whose answer was read to its framed end is kept for the next request: on a slow path each
 * new connection costs a round trip (two with TLS) out of the one deadline that the whole discovery has, and a
 * Streamable HTTP discovery sends five or six requests. Close it to close the connection kept. Only what MCP
 * discovery needs: {@code GET} (the legacy transport's event stream, OAuth metadata), {@code POST} of a JSON-RPC message, {@code DELETE} of a session. Paths are checked
 * against a strict character set, so nothing a server says can add a header or a second request. Not
 * thread-safe; used by the one thread discovering one endpoint.
 */
final class McpHttp implements AutoCloseable {
    static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._~/?=&%:+,;@!$'()*-]*");
    private static final int MAX_HEAD = 16 * 1024;

    private final InetSocketAddress target;
    private final boolean tls;
    private final String userAgent;
    private final Supplier<SSLSocketFactory> tlsFactory;
    private final long deadline;
    private final Budget budget;
    private Connection idle; // a connection whose last answer was read to its end, or null

    /** What is left of the bytes every answer of one discovery may take together. */
    static final class Budget {
        private long left;

        Budget(long bytes) {
            this.left = bytes;
        }

        void take(int n) throws IOException {
            left -= n;
            if (left < 0) {
                throw new IOException("answer budget spent");
            }
        }
    }

    /**
     * One connection: its TCP socket (closed at once, with no TLS close_notify to wait on), the socket requests
     * are written to (the TLS one, or the same), and the buffered stream its answers are read from.
     */
    private record Connection(Socket tcp, Socket channel, InputStream in) {
        void close() {
            try {
                tcp.close();
            } catch (IOException ignored) {
                // nothing more to read from it either way
            }
        }
    }

    /**
     * An answer whose body is read as it arrives. Closing it keeps the connection for the next request when the
     * body was framed (a length, chunks or none), is read to its end (a length-framed rest is read here), and
     * the server did not ask to close; otherwise it closes the connection.
     */
    final class Response implements AutoCloseable {
        private static final long DRAIN_LIMIT = 64 * 1024;
        final int status;
        final Map<String, String> headers;
        final InputStream body;
        private final Connection connection;
        private final boolean keep;
        private boolean closed;

        Response(int status, Map<String, String> headers, InputStream body, Connection connection, boolean keep) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.connection = connection;
            this.keep = keep;
        }

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        boolean eventStream() {
            return header("content-type").map(t -> t.toLowerCase(Locale.ROOT).startsWith("text/event-stream"))
                    .orElse(false);
        }

        /** The whole body as text, at most {@code max} bytes (more is an error). */
        String text(int max) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = body.read(buffer)) > 0) {
                if (out.size() + n > max) {
                    throw new IOException("answer too large");
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (keep && readToEnd()) {
                if (idle != null) {
                    idle.close();
                }
                idle = connection;
            } else {
                connection.close();
            }
        }

        /**
         * True when nothing of this answer is left on the connection. Reads a short rest that the server framed
         * (a length, or chunks of anything but an event stream, which may stay open for as long as it likes).
         */
        private boolean readToEnd() {
            try {
                return switch (body) {
                    case Limited l -> l.left <= DRAIN_LIMIT && l.skip(l.left) >= 0 && l.left == 0;
                    case Chunked c -> c.done || !eventStream() && c.skip(DRAIN_LIMIT) >= 0 && c.read() < 0;
                    default -> body == EMPTY;
                };
            } catch (IOException e) {
                return false;
            }
        }
    }

    private static final InputStream EMPTY = InputStream.nullInputStream();

    McpHttp(InetSocketAddress target, boolean tls, String userAgent, Supplier<SSLSocketFactory> tlsFactory,
            long deadline, Budget budget) {
        this.target = target;
        this.tls = tls;
        this.userAgent = userAgent;
        this.tlsFactory = tlsFactory;
        this.deadline = deadline;
        this.budget = budget;
    }

    long deadline() {
        return deadline;
    }

    InetSocketAddress target() {
        return target;
    }

    /**
     * Sends one request and reads the answer's head; the body is left to the caller.
     *
     * @param headers extra headers (names and values from netsweep or checked by the caller)
     * @param body    the request body, or null for none
     */
    Response exchange(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        if (!SAFE_PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("unsafe path: " + path);
        }
        Connection kept = idle;
        idle = null;
        if (kept != null) {
            try {
                return exchange(kept, method, path, headers, body);
            } catch (Reused e) {
                // the server had closed the kept connection before reading this request: send it again, once
            }
        }
        return exchange(connect(), method, path, headers, body);
    }

    /** The kept connection was found closed before any of the answer arrived. */
    private static final class Reused extends IOException {
        Reused(Throwable cause) {
            super("kept connection closed by the server", cause);
        }
    }

    private Connection connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(target, millisLeft());
            Socket channel = socket;
            if (tls) {
                SSLSocket ssl = (SSLSocket) tlsFactory.get().createSocket(socket, literal(), target.getPort(), true);
                ssl.setUseClientMode(true);
                ssl.setSoTimeout(millisLeft());
                ssl.startHandshake();
                channel = ssl;
            }
            return new Connection(socket, channel,
                    new BufferedInputStream(new Deadlined(channel, channel.getInputStream()), 8192));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Response exchange(Connection connection, String method, String path, Map<String, String> headers,
                              byte[] body) throws IOException {
        boolean answered = false;
        try {
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host()).append("\r\n")
                    .append("User-Agent: ").append(userAgent).append("\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("Accept-Encoding: identity\r\n\r\n");
            OutputStream out = connection.channel().getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = connection.in();
            int status = -1;
            boolean http11 = false;
            Map<String, String> byName = new LinkedHashMap<>();
            int headBytes = 0;
            while (true) {
                String line = line(in);
                answered = true;
                headBytes += line.length() + 2;
                if (headBytes > MAX_HEAD) {
                    throw new IOException("answer head too large");
                }
                if (status < 0) {
                    String[] parts = line.split(" ", 3);
                    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                        throw new IOException("not HTTP");
                    }
                    status = Integer.parseInt(parts[1]);
                    http11 = parts[0].equals("HTTP/1.1");
                    continue;
                }
                if (line.isEmpty()) {
                    if (status >= 100 && status < 200) {
                        status = -1; // an interim answer: the real one follows
                        continue;
                    }
                    break;
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    String value = Text.clean(line.substring(colon + 1), 1024);
                    byName.merge(name, value, (a, b) -> a + ", " + b);
                }
            }
            InputStream bodyIn;
            String transfer = byName.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
            if (method.equals("HEAD") || status == 204 || status == 304) {
                bodyIn = EMPTY;
            } else if (transfer.contains("chunked")) {
                bodyIn = new Chunked(in);
            } else if (byName.containsKey("content-length")) {
                bodyIn = new Limited(in, Long.parseLong(byName.get("content-length").strip()));
            } else {
                bodyIn = in;
            }
            boolean keep = http11 && !byName.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("close");
            return new Response(status, Map.copyOf(byName), bodyIn, connection, keep);
        } catch (IOException | RuntimeException e) {
            connection.close();
            if (e instanceof NumberFormatException) {
                throw new IOException("malformed answer", e);
            }
            if (!answered && e instanceof IOException io && !(e instanceof SocketTimeoutException)) {
                throw new Reused(io);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (idle != null) {
            idle.close();
            idle = null;
        }
    }

    private int millisLeft() throws SocketTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
    }

    private String host() {
        return target.getAddress() instanceof Inet6Address ? "[" + literal() + "]:" + target.getPort()
                : literal() + ":" + target.getPort();
    }

    private String literal() {
        String literal = target.getAddress().getHostAddress();
        int zone = literal.indexOf('%');
        return zone < 0 ? literal : literal.substring(0, zone);
    }

    /** One line without its CR LF (or LF), ISO-8859-1; null-free; at most the head's size. */
    static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (sb.isEmpty()) {
                    throw new IOException("connection closed");
                }
                return sb.toString();
            }
            if (b == '\n') {
                int end = sb.length();
                return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
            }
            if (sb.length() >= MAX_HEAD) {
                throw new IOException("line too long");
            }
            sb.append((char) b);
        }
    }

    /** Reads under the deadline (each read waits only for what is left of it) and the byte budget. */
    private final class Deadlined extends InputStream {
        private final Socket socket;
        private final InputStream in;

        Deadlined(Socket socket, InputStream in) {
            this.socket = socket;
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            socket.setSoTimeout(millisLeft());
            int n = in.read(b, off, len);
            if (n > 0) {
                budget.take(n);
            }
            return n;
        }
    }

    private static final class Limited extends InputStream {
        private final InputStream in;
        private long left;

        Limited(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** HTTP/1.1 chunked framing removed as the bytes arrive (an event stream never ends its last chunk). */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                int ext = size.indexOf(';');
                try {
                    left = Long.parseLong((ext < 0 ? size : size.substring(0, ext)).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunk", e);
                }
                if (left == 0) {
                    while (!line(in).isEmpty()) {
                        // trailer fields: read past them, to the blank line that ends the answer
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("connection closed inside a chunk");
            }
            left -= n;
            if (left == 0) {
                line(in); // the CR LF after the chunk
            }
            return n;
        }
    }
}
