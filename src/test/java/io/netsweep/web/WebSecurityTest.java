package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server's gatekeeping over real HTTP: token, Host, Origin and the headers of every response. */
class WebSecurityTest {
    private ScriptedScanner scanner;
    private WebConfig config;
    private WebServer server;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        scanner = (ScriptedScanner) WebTestSupport.scanner(Duration.ofMillis(5));
        config = WebTestSupport.config(20);
        server = new WebServer(config, scanner, WebTestSupport.requests());
        server.start();
        api = new ApiClient(server.port(), config.token());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pageAddressIsLoopbackAndCarriesTheToken() {
        assertThat(server.pageUri().toString())
                .isEqualTo("http://127.0.0.1:" + server.port() + "/?token=" + config.token());
    }

    @Test
    void newTokensAre32RandomBytesInBase64Url() {
        String a = WebConfig.newToken();
        assertThat(a).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(WebConfig.newToken()).isNotEqualTo(a);
        assertThat(config.toString()).doesNotContain(config.token());
    }

    @Test
    void apiWithoutTokenIsUnauthorized() throws Exception {
        HttpResponse<String> r = api.send(api.request("/api/scans").GET().build());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(ApiClient.json(r).get("error").asText()).contains("token");
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void apiWithWrongTokenIsUnauthorized() throws Exception {
        String sameLength = config.token().substring(1) + (config.token().endsWith("A") ? "B" : "A");
        for (String wrong : List.of("nope", sameLength, config.token() + "x")) {
            HttpResponse<String> r = api.send(api.request("/api/scans").header("X-Netsweep-Token", wrong).build());
            assertThat(r.statusCode()).as(wrong).isEqualTo(401);
            r = api.send(api.request("/api/scans").header("Authorization", "Bearer " + wrong).build());
            assertThat(r.statusCode()).as(wrong).isEqualTo(401);
        }
    }

    @Test
    void tokenIsAcceptedInEitherHeader() throws Exception {
        assertThat(api.send(api.request("/api/scans").header("X-Netsweep-Token", config.token()).build())
                .statusCode()).isEqualTo(200);
        assertThat(api.send(api.request("/api/scans").header("Authorization", "Bearer " + config.token()).build())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void tokenInTheQueryOpensOnlyTheEventStream() throws Exception {
        assertThat(api.send(api.request("/api/scans?token=" + config.token()).build()).statusCode()).isEqualTo(401);
        String id = api.start("127.0.0.1-3");
        assertThat(api.send(api.request("/api/scans/" + id + "?token=" + config.token()).build()).statusCode())
                .isEqualTo(401);
        assertThat(api.send(api.request("/api/scans/" + id + "/export?token=" + config.token()).build())
                .statusCode()).isEqualTo(401);
        assertThat(api.stream(api.events(id).build(), Duration.ofSeconds(10)))
                .extracting(ApiClient.Frame::event).contains("batch", "end");
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example:%d", "attacker.localhost.evil.example:%d", "127.0.0.1:%d1", "localhost",
            "127.0.0.2:%d", "0.0.0.0:%d"})
    void foreignHostHeaderIsRefusedEvenWithTheToken(String hostPattern) throws Exception {
        String host = hostPattern.formatted(server.port());
        for (String path : List.of("/", "/app.js", "/api/scans")) {
            WebTestSupport.RawResponse r = WebTestSupport.raw(server.port(), "GET " + path + " HTTP/1.1\r\nHost: "
                    + host + "\r\nX-Netsweep-Token: " + config.token() + "\r\nConnection: close\r\n\r\n");
            assertThat(r.status()).as(host + path).isEqualTo(421);
            assertThat(r.body()).contains("\"error\"").doesNotContain("<script");
        }
    }

    @Test
    void requestWithoutHostHeaderIsRefused() throws Exception {
        WebTestSupport.RawResponse r = WebTestSupport.raw(server.port(), "GET / HTTP/1.0\r\n\r\n");
        assertThat(r.status()).isEqualTo(421);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:%d", "localhost:%d", "LOCALHOST:%d", "[::1]:%d"})
    void ownHostNamesAreAccepted(String hostPattern) throws Exception {
        WebTestSupport.RawResponse r = WebTestSupport.raw(server.port(), "GET / HTTP/1.1\r\nHost: "
                + hostPattern.formatted(server.port()) + "\r\nConnection: close\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("<title>netsweep</title>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example", "null", "http://127.0.0.1:1", "https://127.0.0.1:%d",
            "http://localhost.evil.example:%d"})
    void postFromForeignOriginIsForbiddenAndStartsNothing(String originPattern) throws Exception {
        HttpResponse<String> r = api.send(api.authed("/api/scans").header("Origin", originPattern.formatted(server.port()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"targets\":\"127.0.0.1\"}")).build());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(ApiClient.json(r).get("error").asText()).contains("Origin");
        assertThat(scanner.sessions()).isEmpty();
        assertThat(ApiClient.json(api.get("/api/scans")).get("scans")).isEmpty();
    }

    @Test
    void postWithoutOriginIsForbidden() throws Exception {
        HttpResponse<String> r = api.send(api.authed("/api/scans").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"targets\":\"127.0.0.1\"}")).build());
        assertThat(r.statusCode()).isEqualTo(403);
        String id = api.start("127.0.0.1-40");
        r = api.send(api.authed("/api/scans/" + id + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(scanner.sessions()).hasSize(1);
        assertThat(scanner.sessions().getFirst().cancelAsked()).isFalse();
    }

    @Test
    void postFromLocalhostOriginIsAllowed() throws Exception {
        HttpResponse<String> r = api.send(api.authed("/api/validate")
                .header("Origin", "http://localhost:" + server.port()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"targets\":\"127.0.0.1\"}")).build());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void everyResponseCarriesTheSecurityHeadersAndNoCors() throws Exception {
        String id = api.start("127.0.0.1-2");
        api.awaitEnd(id);
        List<HttpResponse<String>> responses = List.of(
                api.send(api.request("/").build()),
                api.send(api.request("/app.js").build()),
                api.send(api.request("/style.css").build()),
                api.send(api.request("/nothing-here").build()),
                api.get("/api/scans"),
                api.get("/api/scans/" + id),
                api.get("/api/scans/" + id + "/export?format=csv"),
                api.get("/api/scans/999"),
                api.send(api.request("/api/scans").build()),
                api.send(api.request("/api/scans").header("Origin", "http://evil.example")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build()),
                api.post("/api/scans", "{"));
        for (HttpResponse<String> r : responses) {
            String what = r.request().method() + " " + r.uri() + " -> " + r.statusCode();
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(what).contains(Http.CSP);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(what).contains("no-referrer");
            assertThat(r.headers().firstValue("Cache-Control")).as(what).contains("no-store");
            assertThat(r.headers().map().keySet()).as(what).noneMatch(h -> h.toLowerCase().startsWith("access-control"));
        }
        var stream = api.http.send(api.events(id).build(), HttpResponse.BodyHandlers.ofLines());
        stream.body().close();
        assertThat(stream.headers().firstValue("Content-Security-Policy")).contains(Http.CSP);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/event-stream"));
    }

    @Test
    void serverBoundToAnotherLoopbackAddressAnswersToIt() throws Exception {
        WebConfig other = new WebConfig(InetAddress.ofLiteral("127.0.0.2"), 0, WebConfig.newToken(), 20,
                WebConfig.DEFAULT_BATCH_INTERVAL);
        try (WebServer s = new WebServer(other, scanner, WebTestSupport.requests())) {
            s.start();
            assertThat(s.pageUri().toString()).startsWith("http://127.0.0.2:" + s.port() + "/?token=");
            try (Socket socket = new Socket(InetAddress.ofLiteral("127.0.0.2"), s.port())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.2:" + s.port()
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                        .isEqualTo("HTTP/1.1 200");
            }
        }
    }

    @Test
    void pageIsServedWithoutTokenButHoldsNoData() throws Exception {
        api.start("127.0.0.1-3");
        HttpResponse<String> page = api.send(api.request("/").build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).doesNotContain("127.0.0.1").doesNotContain(config.token());
    }
}
