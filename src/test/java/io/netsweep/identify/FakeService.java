package io.netsweep.identify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * An in-process HTTP (or HTTPS) server on a loopback port that answers like one product, and records
 * every request it receives (method, target, User-Agent) so tests can check the prober was polite.
 */
final class FakeService implements AutoCloseable {
    /** One request as the server saw it. */
    record Seen(String method, String target, String userAgent) {}

    /** Writes the answer to one request. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Handler> routes;
    private final Handler fallback;

    private FakeService(Builder builder) throws IOException {
        this.name = builder.name;
        this.routes = Map.copyOf(builder.routes);
        this.fallback = builder.fallback;
        InetSocketAddress bind = new InetSocketAddress(builder.address, builder.port);
        if (builder.tls != null) {
            HttpsServer https = HttpsServer.create(bind, 50);
            https.setHttpsConfigurator(new HttpsConfigurator(builder.tls));
            server = https;
        } else {
            server = HttpServer.create(bind, 50);
        }
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    static Builder builder(String name) {
        return new Builder(name);
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        seen.add(new Seen(exchange.getRequestMethod(), target,
                String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent"))));
        try (exchange) {
            Handler handler = "GET".equals(exchange.getRequestMethod())
                    ? routes.getOrDefault(exchange.getRequestURI().getRawPath(), fallback)
                    : Reply.status(405);
            handler.handle(exchange);
        }
    }

    String name() {
        return name;
    }

    int port() {
        return server.getAddress().getPort();
    }

    InetAddress address() {
        return server.getAddress().getAddress();
    }

    List<Seen> requests() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return name + " on " + port();
    }

    static final class Builder {
        private final String name;
        private final Map<String, Handler> routes = new LinkedHashMap<>();
        private Handler fallback = Reply.text(404, "text/plain", "404 Not Found");
        private SSLContext tls;
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port;

        private Builder(String name) {
            this.name = name;
        }

        Builder route(String path, Handler handler) {
            routes.put(path, handler);
            return this;
        }

        Builder fallback(Handler handler) {
            this.fallback = handler;
            return this;
        }

        Builder tls(SSLContext context) {
            this.tls = context;
            return this;
        }

        Builder bind(InetAddress bindAddress, int bindPort) {
            this.address = bindAddress;
            this.port = bindPort;
            return this;
        }

        FakeService start() throws IOException {
            return new FakeService(this);
        }
    }

    /** A canned answer. */
    record Reply(int status, String contentType, String body, Map<String, String> headers) implements Handler {
        static Reply json(String body) {
            return new Reply(200, "application/json", body, Map.of());
        }

        static Reply json(int status, String body) {
            return new Reply(status, "application/json", body, Map.of());
        }

        static Reply html(String body) {
            return new Reply(200, "text/html; charset=utf-8", body, Map.of());
        }

        static Reply text(int status, String contentType, String body) {
            return new Reply(status, contentType, body, Map.of());
        }

        static Reply status(int status) {
            return new Reply(status, null, "", Map.of());
        }

        static Reply redirect(String location) {
            return new Reply(302, "text/html", "", Map.of("Location", location));
        }

        Reply header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, contentType, body, more);
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
