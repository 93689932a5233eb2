package io.netsweep.mcpserver;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A loopback HTTP server answering like Ollama's documented API, without credentials (an AI exposure), at a
 * version no shipped advisory names, so that the exposure is its only finding.
 */
final class FakeOllama implements AutoCloseable {
    private static final Map<String, String> ROUTES = Map.of(
            "/", "Ollama is running",
            "/api/version", "{\"version\":\"0.17.1\"}",
            "/api/tags", "{\"models\":[{\"name\":\"llama3.2:3b\",\"model\":\"llama3.2:3b\",\"size\":2019393189,"
                    + "\"details\":{\"format\":\"gguf\",\"family\":\"llama\"}}]}");

    private final HttpServer server;

    private FakeOllama(HttpServer server) {
        this.server = server;
    }

    static FakeOllama start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        s.createContext("/", ex -> {
            String body = ROUTES.get(ex.getRequestURI().getPath());
            byte[] bytes = (body == null ? "404 page not found" : body).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", body != null && body.startsWith("{")
                    ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
            ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        s.start();
        return new FakeOllama(s);
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
