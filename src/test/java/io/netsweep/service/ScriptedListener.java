package io.netsweep.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A loopback TCP listener that runs a script on each connection (optionally inside TLS), counts connections
 * and those open at once, and keeps every byte it received per connection.
 */
final class ScriptedListener implements AutoCloseable {
    /** What the listener does with one accepted connection. */
    @FunctionalInterface
    interface Script {
        void serve(Socket socket, InputStream in) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    ScriptedListener(Script script) throws IOException {
        this(InetAddress.getLoopbackAddress(), 0, null, script);
    }

    ScriptedListener(InetAddress address, int port, SSLContext tls, Script script) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(address, port), 100);
        executor.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket accepted = server.accept();
                    connections.incrementAndGet();
                    sockets.add(accepted);
                    executor.execute(() -> run(accepted, tls, script));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void run(Socket accepted, SSLContext tls, Script script) {
        mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        RecordingStream recording = null;
        try (Socket plain = accepted) {
            Socket socket = plain;
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
                ssl.setUseClientMode(false);
                socket = ssl;
            }
            socket.setSoTimeout(30_000);
            recording = new RecordingStream(socket.getInputStream());
            script.serve(socket, recording);
        } catch (IOException e) {
            // the prober hung up: expected
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.decrementAndGet();
            received.add(recording == null ? new byte[0] : recording.bytes());
        }
    }

    InetAddress address() {
        return server.getInetAddress();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    int mostOpenAtOnce() {
        return mostOpen.get();
    }

    /** Bytes received per finished connection (all of them once {@link #close()} returned). */
    List<byte[]> received() {
        return List.copyOf(received);
    }

    /** Reads until the peer closes (or the read times out), keeping what came. */
    static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
            // keep reading: the recording stream keeps the bytes
        }
    }

    /** Stops listening, closes every connection and waits until each has been recorded. */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IOException("connections of " + server + " did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps a copy of everything read through it. */
    private static final class RecordingStream extends InputStream {
        private final InputStream in;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        RecordingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                synchronized (copy) {
                    copy.write(b);
                }
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                synchronized (copy) {
                    copy.write(b, off, n);
                }
            }
            return n;
        }

        byte[] bytes() {
            synchronized (copy) {
                return copy.toByteArray();
            }
        }
    }
}
