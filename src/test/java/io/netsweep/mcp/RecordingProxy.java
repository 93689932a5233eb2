package io.netsweep.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A TCP relay on loopback in front of a real server that keeps every byte clients sent through it, so a test
 * can say what the server was asked: the HTTP request lines and the JSON-RPC methods of every body. Bytes
 * pass unchanged both ways (or, with TLS, the proxy ends the client's TLS and relays what was inside). One virtual
 * thread per direction per connection; {@link #close} ends them all.
 */
public final class RecordingProxy implements AutoCloseable {
    private static final Pattern REQUEST_LINE = Pattern.compile("([A-Z]+) (\\S+) HTTP/1\\.[01]");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]*)\"");

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final Duration connectCost;
    private final List<ByteArrayOutputStream> sent = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public RecordingProxy(InetSocketAddress upstream) throws IOException {
        this(upstream, null, Duration.ZERO);
    }

    /** With {@code tls}, clients speak TLS to the proxy (which records what they sent inside it); the server stays plain. */
    public RecordingProxy(InetSocketAddress upstream, SSLContext tls) throws IOException {
        this(upstream, tls, Duration.ZERO);
    }

    /**
     * A proxy that holds each new connection for {@code connectCost} before relaying anything on it: a path where
     * opening a connection is slow (a long round trip, a loaded server), while requests on an open one are not.
     */
    public RecordingProxy(InetSocketAddress upstream, Duration connectCost) throws IOException {
        this(upstream, null, connectCost);
    }

    private RecordingProxy(InetSocketAddress upstream, SSLContext tls, Duration connectCost) throws IOException {
        this.upstream = upstream;
        this.connectCost = connectCost;
        this.listener = tls == null ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(client);
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            synchronized (sent) {
                sent.add(record);
            }
            Thread.ofVirtual().start(() -> open(client, record));
        }
    }

    private void open(Socket client, ByteArrayOutputStream record) {
        Socket server = new Socket();
        try {
            if (connectCost.isPositive()) {
                Thread.sleep(connectCost); // the slow path this proxy stands for, not a wait for anything
            }
            server.connect(upstream, 5000);
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
            return;
        }
        open.add(server);
        Thread.ofVirtual().start(() -> relay(client, server, record));
        Thread.ofVirtual().start(() -> relay(server, client, null));
    }

    private void relay(Socket from, Socket to, ByteArrayOutputStream record) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (record != null) {
                    synchronized (record) {
                        record.write(buffer, 0, n);
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: the other follows
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Everything clients sent, one string per connection (ISO-8859-1, byte for byte). */
    public List<String> connections() {
        List<String> all = new ArrayList<>();
        synchronized (sent) {
            for (ByteArrayOutputStream r : sent) {
                synchronized (r) {
                    all.add(r.toString(StandardCharsets.ISO_8859_1));
                }
            }
        }
        return all;
    }

    /**
     * The HTTP methods and paths of every request seen, as {@code POST /mcp}, in order per connection: each
     * request's head is read and its {@code Content-Length} body skipped, so requests that follow one another on
     * a kept-alive connection are each seen (a body need not end its line).
     */
    public List<String> requestLines() {
        List<String> lines = new ArrayList<>();
        for (String c : connections()) {
            int at = 0;
            while (at < c.length()) {
                int headEnd = c.indexOf("\r\n\r\n", at);
                if (headEnd < 0) {
                    break;
                }
                String head = c.substring(at, headEnd);
                Matcher m = REQUEST_LINE.matcher(head.lines().findFirst().orElse(""));
                if (!m.matches()) {
                    break;
                }
                lines.add(m.group(1) + " " + m.group(2));
                Matcher length = CONTENT_LENGTH.matcher(head);
                at = headEnd + 4 + (length.find() ? Integer.parseInt(length.group(1)) : 0);
            }
        }
        return lines;
    }

    /** Every JSON-RPC method named in what clients sent. */
    public Set<String> rpcMethods() {
        Set<String> methods = new TreeSet<>();
        for (String c : connections()) {
            Matcher m = METHOD.matcher(c);
            while (m.find()) {
                methods.add(m.group(1));
            }
        }
        return methods;
    }

    @Override
    public void close() {
        closeQuietly(listener);
        open.forEach(RecordingProxy::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
