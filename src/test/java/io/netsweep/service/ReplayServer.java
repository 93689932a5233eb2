package io.netsweep.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A loopback listener that plays a recorded daemon back: on each connection it sends what the daemon said
 * unprompted, then answers each request with the recorded answer to the hello it matches (an HTTP GET by
 * path, anything else by the recorded bytes it starts with; several pipelined hellos are answered in turn),
 * and stays silent to anything it does not know, as a real server waiting for more would. With a TLS
 * context, every connection is a TLS server socket first. Records every byte it received.
 */
final class ReplayServer implements AutoCloseable {
    private static final byte[] NOT_FOUND =
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Recorded recording;
    private final SSLContext tls;
    private final ServerSocket server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<byte[]> received = new CopyOnWriteArrayList<>();

    ReplayServer(Recorded recording, InetAddress address, SSLContext tls) throws IOException {
        this.recording = recording;
        this.tls = tls;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(address, recording.port()), 50);
        executor.execute(this::acceptLoop);
    }

    InetAddress address() {
        return server.getInetAddress();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every connection's bytes as received, in the order connections ended. */
    List<byte[]> received() {
        return List.copyOf(received);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                executor.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket accepted) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (Socket plain = accepted) {
            Socket socket = plain;
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
                ssl.setUseClientMode(false);
                ssl.setSoTimeout(10_000);
                ssl.startHandshake();
                socket = ssl;
            }
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (recording.unprompted().length > 0) {
                out.write(recording.unprompted());
                out.flush();
            }
            byte[] buffer = new byte[8192];
            int consumed = 0;
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                got.write(buffer, 0, n);
                byte[] all = got.toByteArray();
                while (consumed < all.length) {
                    int used = answer(all, consumed, out);
                    if (used == HUNG_UP) {
                        return;
                    }
                    if (used <= 0) {
                        break;
                    }
                    consumed += used;
                }
            }
        } catch (SocketTimeoutException e) {
            // the prober went quiet: a real daemon would hang up too
        } catch (IOException e) {
            // the prober hung up, or the handshake failed: expected for probes of other protocols
        } finally {
            received.add(got.toByteArray());
        }
    }

    /** Answered, and the connection ends there (as the recorded HTTP/1.0 exchanges did). */
    private static final int HUNG_UP = -1;

    /**
     * Answers the request at {@code from}; returns how many bytes it used, 0 if it needs more or knows none,
     * or {@link #HUNG_UP}.
     */
    private int answer(byte[] all, int from, OutputStream out) throws IOException {
        String text = new String(all, from, all.length - from, StandardCharsets.ISO_8859_1);
        boolean http = recording.exchanges().stream().anyMatch(e -> e.hello().startsWith("GET "));
        if (http && text.startsWith("GET ")) {
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return 0;
            }
            String path = text.substring(4, text.indexOf(' ', 4));
            byte[] reply = recording.exchanges().stream().filter(e -> e.hello().equals("GET " + path))
                    .map(Recorded.Exchange::received).findFirst().orElse(NOT_FOUND);
            out.write(reply);
            out.flush();
            return HUNG_UP;
        }
        Recorded.Exchange best = null;
        int bestShared = 0;
        for (Recorded.Exchange e : recording.exchanges()) {
            int shared = 0;
            while (shared < e.sent().length && from + shared < all.length && e.sent()[shared] == all[from + shared]) {
                shared++;
            }
            boolean whole = shared == e.sent().length && shared > 0;
            if (whole || shared >= 4 && shared > bestShared) {
                if (whole) {
                    out.write(e.received());
                    out.flush();
                    return shared;
                }
                best = e;
                bestShared = shared;
            }
        }
        if (best == null) {
            List<Recorded.Exchange> sameStart = recording.exchanges().stream()
                    .filter(e -> e.sent().length > 0 && e.sent()[0] == all[from]).toList();
            if (sameStart.size() == 1 && all.length - from >= 8) {
                best = sameStart.getFirst();
            }
        }
        if (best != null && all.length - from >= Math.min(8, best.sent().length)) {
            // the same hello with a different detail (an attribute list, a credit count): answer it as recorded
            out.write(best.received());
            out.flush();
            return all.length - from;
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
        executor.shutdownNow();
    }
}
