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
    private static final Pattern REQUEST_LINE = Pattern.compile("(?m)^([A-Z]+) (\\S+) HTTP/1\\.[01]\r?$");
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]*)\"");

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final List<ByteArrayOutputStream> sent = new ArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public RecordingProxy(InetSocketAddress upstream) throws IOException {
        this(upstream, null);
    }

    /** With {@code tls}, clients speak TLS to the proxy (which records what they sent inside it); the server stays plain. */
    public RecordingProxy(InetSocketAddress upstream, SSLContext tls) throws IOException {
        this.upstream = upstream;
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
            Socket server = new Socket();
            try {
                server.connect(upstream, 5000);
            } catch (IOException e) {
                closeQuietly(client);
                continue;
            }
            open.add(server);
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            synchronized (sent) {
                sent.add(record);
            }
            Thread.ofVirtual().start(() -> relay(client, server, record));
            Thread.ofVirtual().start(() -> relay(server, client, null));
        }
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

    /** The HTTP methods and paths of every request seen, as {@code POST /mcp}. */
    public List<String> requestLines() {
        List<String> lines = new ArrayList<>();
        for (String c : connections()) {
            Matcher m = REQUEST_LINE.matcher(c);
            while (m.find()) {
                lines.add(m.group(1) + " " + m.group(2));
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
