package io.netsweep.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP services that no catalogue application names go to AI/ML identification with the answer to GET /
 * already fetched: AI products keep their names, versions and models; plain web servers stay what they are.
 */
class AiHandoffTest {
    private final ServiceDetector detector = new ServiceDetector(DetectOptions.defaults());
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        detector.close();
        servers.forEach(s -> s.stop(0));
    }

    /** A fake answering each path with {@code status body}, Server header {@code server} (or none). */
    private HttpServer fake(String server, Map<String, String> routes) throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", exchange -> {
            try (exchange) {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                        + exchange.getRequestHeaders().getFirst("User-Agent"));
                String route = routes.get(exchange.getRequestURI().getPath());
                if (server != null) {
                    exchange.getResponseHeaders().set("Server", server);
                }
                byte[] body = (route == null ? "404 page not found" : route).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", route != null && route.startsWith("{")
                        ? "application/json" : "text/plain");
                exchange.sendResponseHeaders(route == null ? 404 : 200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        http.start();
        servers.add(http);
        return http;
    }

    private ServiceReport detect(HttpServer server) throws Exception {
        return detector.detect(server.getAddress().getAddress(), server.getAddress().getPort())
                .toCompletableFuture().get(60, TimeUnit.SECONDS).orElseThrow();
    }

    @Test
    void ollamaIsNamedByAiIdentificationWithItsModels() throws Exception {
        HttpServer ollama = fake(null, Map.of(
                "/", "Ollama is running",
                "/api/version", "{\"version\":\"0.5.7\"}",
                "/api/tags", "{\"models\":[{\"name\":\"llama3.2:3b\"},{\"name\":\"qwen2.5-coder:7b\"}]}"));
        ServiceReport report = detect(ollama);
        assertThat(report.service()).isEqualTo("http");
        assertThat(report.product()).contains("Ollama");
        assertThat(report.version()).contains("0.5.7");
        ServiceIdentity ai = report.ai().orElseThrow();
        assertThat(ai.category()).isEqualTo("llm-server");
        assertThat(ai.auth()).isEqualTo(AuthState.NONE);
        assertThat(ai.models()).containsExactly("llama3.2:3b", "qwen2.5-coder:7b");
        // GET / was asked once, by the engine, and handed over: identification did not ask it again.
        assertThat(requests.stream().filter(r -> r.startsWith("GET / ")).count()).isEqualTo(1);
        assertThat(requests).allSatisfy(r -> assertThat(r).startsWith("GET ").contains(" netsweep/"));
    }

    @Test
    void aiProductBehindAWebServerKeepsTheServerAsExtraInfo() throws Exception {
        HttpServer ollama = fake("nginx/1.22.1", Map.of(
                "/", "Ollama is running",
                "/api/version", "{\"version\":\"0.5.7\"}",
                "/api/tags", "{\"models\":[]}"));
        ServiceReport report = detect(ollama);
        assertThat(report.product()).contains("Ollama");
        assertThat(report.extraInfo()).contains("served by nginx 1.22.1");
    }

    @Test
    void plainWebServerStaysAWebServer() throws Exception {
        HttpServer nginx = fake("nginx/1.22.1", Map.of("/", "<html><body>Welcome to nginx!</body></html>"));
        ServiceReport report = detect(nginx);
        assertThat(report.product()).contains("nginx");
        assertThat(report.version()).contains("1.22.1");
        assertThat(report.ai()).isEmpty();
    }

    @Test
    void catalogueApplicationIsNotHandedOver() throws Exception {
        HttpServer etcd = fake(null, Map.of("/version", "{\"etcdserver\":\"3.5.9\",\"etcdcluster\":\"3.5.0\"}"));
        ServiceReport report = detect(etcd);
        assertThat(report.product()).contains("etcd");
        assertThat(report.version()).contains("3.5.9");
        assertThat(report.ai()).isEmpty();
        assertThat(requests).noneMatch(r -> r.contains("/v1/models") || r.contains("/api/tags"));
    }
}
