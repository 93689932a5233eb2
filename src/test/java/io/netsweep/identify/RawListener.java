package io.netsweep.identify;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback TCP listener that is not an HTTP server: it runs {@code behaviour} for each connection. */
final class RawListener implements AutoCloseable {
    @FunctionalInterface
    interface Behaviour {
        void serve(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger connections = new AtomicInteger();

    RawListener(Behaviour behaviour) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        executor.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    executor.execute(() -> {
                        try (socket) {
                            socket.setSoTimeout(5000);
                            behaviour.serve(socket);
                        } catch (IOException e) {
                            // the prober hung up: expected
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        executor.shutdownNow();
    }
}
