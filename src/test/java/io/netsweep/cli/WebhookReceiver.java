package io.netsweep.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The receiving side of a webhook, for real: the JDK's HTTP server on a loopback port of its own, recording
 * every request and answering each as the test says (a status, or a stall until {@link #close}). Thread-safe.
 */
final class WebhookReceiver implements AutoCloseable {
    /** An answer that comes only when the test {@link #release}s stalled requests (200 then). */
    static final int STALL = -1;

    /** One request as it arrived. */
    record Request(String method, String path, String contentType, String userAgent, String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Request> arrivals = new LinkedBlockingQueue<>();

    /** @param answer the status for the n-th request (from 1), or {@link #STALL} */
    WebhookReceiver(IntFunction<Integer> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, answer));
        server.start();
    }

    private void handle(HttpExchange exchange, IntFunction<Integer> answer) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            Request r = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("User-Agent"),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
            int n;
            synchronized (this) {
                requests.add(r);
                n = requests.size();
            }
            arrivals.add(r);
            int status = answer.apply(n);
            if (status == STALL) {
                released.await();
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The URL to post to, with a path and query as a real hook's would have. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/netsweep?token=s3cret";
    }

    /** The next request to arrive (in order of arrival). */
    Request next(Duration deadline) throws InterruptedException {
        Request r = arrivals.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no request within " + deadline);
        }
        return r;
    }

    /** Every request so far. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Answers the stalled requests, and those that will stall, with 200. */
    void release() {
        released.countDown();
    }

    /** Lets stalled requests go and stops. */
    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
