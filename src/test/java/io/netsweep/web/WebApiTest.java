package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON API over real HTTP against the server on port 0. */
class WebApiTest {
    private ScriptedScanner scanner;
    private WebServer server;
    private ApiClient api;

    private void start(Duration perHost, int maxFinished) throws Exception {
        scanner = (ScriptedScanner) WebTestSupport.scanner(perHost);
        WebConfig config = WebTestSupport.config(maxFinished);
        server = new WebServer(config, scanner, WebTestSupport.requests());
        server.start();
        api = new ApiClient(server.port(), config.token());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void scanRunsToItsEndAndReportsItsCounts() throws Exception {
        start(Duration.ofMillis(2), 20);
        HttpResponse<String> r = api.post("/api/scans", "{\"targets\":\"127.0.0.1-8\",\"preset\":\"simple\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        String id = ApiClient.json(r).get("id").asText();
        assertThat(r.headers().firstValue("Location")).contains("/api/scans/" + id);

        JsonNode status = api.awaitEnd(id);
        assertThat(status.get("state").asText()).isEqualTo("finished");
        // Hosts .4 and .8 are down; the six others have 22, 80 and 443 open.
        assertThat(status.get("counts").get("hostsUp").asLong()).isEqualTo(6);
        assertThat(status.get("counts").get("openPorts").asLong()).isEqualTo(18);
        assertThat(status.get("summary").get("hostsUp").asLong()).isEqualTo(6);
        assertThat(status.get("targets").asText()).isEqualTo("127.0.0.1-8");

        JsonNode list = ApiClient.json(api.get("/api/scans")).get("scans");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asText()).isEqualTo(id);
        assertThat(list.get(0).get("state").asText()).isEqualTo("finished");
        assertThat(list.get(0).get("counts").get("openPorts").asLong()).isEqualTo(18);
    }

    @Test
    void formFieldsReachTheScanRequest() throws Exception {
        start(Duration.ofMillis(1), 20);
        api.post("/api/scans", "{\"targets\":\"127.0.0.1\",\"preset\":\"custom\",\"ports\":\"22,8000-8002\","
                + "\"timeoutMs\":750,\"concurrency\":16,\"reverseDns\":false,\"identify\":true}");
        var request = scanner.sessions().getFirst();
        var sessionRequest = request.request();
        assertThat(sessionRequest.ports().toString()).isEqualTo("22,8000-8002");
        assertThat(sessionRequest.timing().concurrency()).isEqualTo(16);
        assertThat(sessionRequest.timing().initialTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(sessionRequest.dnsMode()).isEqualTo(io.netsweep.scan.DnsMode.OFF);
        assertThat(sessionRequest.identify()).isTrue();
    }

    @Test
    void cancelStopsTheScanAndKeepsItsPartialResults() throws Exception {
        start(Duration.ofMillis(40), 20);
        String id = api.start("127.0.0.1-200");
        api.awaitStatus(id, s -> s.get("counts").get("hostsUp").asLong() >= 3, Duration.ofSeconds(10));

        HttpResponse<String> r = api.send(api.authed("/api/scans/" + id + "/cancel")
                .header("Origin", api.base).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(ApiClient.json(r).get("state").asText()).isIn("cancelling", "cancelled");

        JsonNode status = api.awaitEnd(id);
        assertThat(status.get("state").asText()).isEqualTo("cancelled");
        long up = status.get("counts").get("hostsUp").asLong();
        assertThat(up).isBetween(3L, 149L);

        List<String> lines = api.get("/api/scans/" + id + "/export?format=jsonl").body().lines().toList();
        assertThat(lines.stream().filter(l -> l.contains("\"type\":\"host\"")).count()).isEqualTo(up);
        assertThat(lines.getLast()).contains("\"type\":\"cancelled\"");
        // Cancelling again is harmless.
        assertThat(api.post("/api/scans/" + id + "/cancel", "").statusCode()).isEqualTo(202);
    }

    @Test
    void finishedScansBeyondTheCapAreDroppedOldestFirst() throws Exception {
        start(Duration.ofMillis(1), 2);
        String first = api.start("127.0.0.1");
        api.awaitEnd(first);
        String second = api.start("127.0.0.2");
        api.awaitEnd(second);
        String third = api.start("127.0.0.3");
        api.awaitEnd(third);

        assertThat(api.get("/api/scans/" + first).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/scans/" + second).statusCode()).isEqualTo(200);
        JsonNode list = ApiClient.json(api.get("/api/scans")).get("scans");
        assertThat(list).extracting(n -> n.get("id").asText()).containsExactly(third, second);
    }

    @Test
    void runningScansAreNeverDroppedAndTooManyAreRefused() throws Exception {
        start(Duration.ofMillis(200), 1);
        for (int i = 0; i < WebServer.MAX_RUNNING_SCANS; i++) {
            api.start("127.0.0.1-50");
        }
        HttpResponse<String> r = api.post("/api/scans", "{\"targets\":\"127.0.0.1\"}");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(ApiClient.json(r).get("error").asText()).contains("running");
        assertThat(ApiClient.json(api.get("/api/scans")).get("scans")).hasSize(WebServer.MAX_RUNNING_SCANS);
        assertThat(scanner.sessions()).hasSize(WebServer.MAX_RUNNING_SCANS);
    }

    @Test
    void validateAnswersWithTheCountOrTheFactorysMessage() throws Exception {
        start(Duration.ofMillis(1), 20);
        JsonNode ok = ApiClient.json(api.post("/api/validate", "{\"targets\":\"127.0.0.1-10, 127.0.1.1\"}"));
        assertThat(ok.get("ok").asBoolean()).isTrue();
        assertThat(ok.get("count").asLong()).isEqualTo(11);
        assertThat(ok.get("ports").asLong()).isEqualTo(3);

        HttpResponse<String> r = api.post("/api/validate", "{\"targets\":\"127.0.0.9-3\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(r).get("ok").asBoolean()).isFalse();
        assertThat(ApiClient.json(r).get("error").asText()).isEqualTo("'127.0.0.9-3': range is reversed");
        assertThat(scanner.sessions()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON            | {"targets":                                   | 400 | malformed JSON
            not an object             | ["127.0.0.1"]                                 | 400 | expected a JSON object
            empty body                |                                               | 400 | empty request body
            trailing data             | {"targets":"127.0.0.1"} {}                    | 400 | unexpected data after the JSON object
            number as string          | {"targets":"127.0.0.1","timeoutMs":"500"}     | 400 | field 'timeoutMs' has the wrong type
            fraction for an integer   | {"targets":"127.0.0.1","concurrency":1.5}     | 400 | field 'concurrency' has the wrong type
            string for a boolean      | {"targets":"127.0.0.1","identify":"yes"}      | 400 | field 'identify' has the wrong type
            number for a string       | {"targets":127}                               | 400 | field 'targets' has the wrong type
            unknown field             | {"targets":"127.0.0.1","rm":"-rf"}            | 400 | unknown field 'rm'
            negative timeout          | {"targets":"127.0.0.1","timeoutMs":-5}        | 400 | timeout must be at least 1 ms
            huge number               | {"targets":"127.0.0.1","concurrency":99999999999999999999} | 400 | too large
            missing targets           | {"preset":"simple"}                           | 400 | targets: enter at least one
            bad range                 | {"targets":"127.0.0.300"}                     | 400 | octet 300 is above 255
            bad ports                 | {"targets":"127.0.0.1","preset":"custom","ports":"80-70000"} | 400 | outside 1-65535
            unknown preset            | {"targets":"127.0.0.1","preset":"everything"} | 400 | unknown preset
            """)
    void malformedStartRequestsGetACleanErrorAndStartNothing(String what, String body, int status, String message)
            throws Exception {
        start(Duration.ofMillis(1), 20);
        HttpResponse<String> r = api.post("/api/scans", body == null ? "" : body);
        assertThat(r.statusCode()).as(what).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode error = ApiClient.json(r);
        assertThat(error.get("error").asText()).as(what).contains(message);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("com.fasterxml");
        assertThat(scanner.sessions()).isEmpty();
        assertThat(ApiClient.json(api.get("/api/scans")).get("scans")).isEmpty();
    }

    @Test
    void bodyOver64KiBIsRefusedWithoutStartingAScan() throws Exception {
        start(Duration.ofMillis(1), 20);
        String huge = "{\"targets\":\"" + "127.0.0.1,".repeat(7000) + "127.0.0.1\"}";
        assertThat(huge.length()).isGreaterThan(64 * 1024);
        HttpResponse<String> r = api.post("/api/scans", huge);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(ApiClient.json(r).get("error").asText()).contains("64 KiB");

        // Without Content-Length (chunked), the limit still holds.
        r = api.send(api.authed("/api/scans").header("Origin", api.base).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge.getBytes())))
                .build());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(scanner.sessions()).isEmpty();
    }

    @Test
    void startWithoutJsonContentTypeIsRefused() throws Exception {
        start(Duration.ofMillis(1), 20);
        HttpResponse<String> r = api.send(api.authed("/api/scans").header("Origin", api.base)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"targets\":\"127.0.0.1\"}"))
                .build());
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(scanner.sessions()).isEmpty();
    }

    @Test
    void unknownIdsPathsAndMethodsGetCleanErrors() throws Exception {
        start(Duration.ofMillis(1), 20);
        assertThat(api.get("/api/scans/12345").statusCode()).isEqualTo(404);
        assertThat(ApiClient.json(api.get("/api/scans/12345")).get("error").asText()).contains("12345");
        assertThat(api.get("/api/scans/12345/events").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/scans/../../etc/passwd").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/scans/abc").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/nothing").statusCode()).isEqualTo(404);
        assertThat(api.send(api.request("/../pom.xml").build()).statusCode()).isEqualTo(404);

        HttpResponse<String> r = api.send(api.authed("/api/scans").DELETE().build());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValueSatisfying(a -> assertThat(a).contains("GET", "POST"));
        assertThat(api.get("/api/validate").statusCode()).isEqualTo(405);
        String id = api.start("127.0.0.1");
        assertThat(api.get("/api/scans/" + id + "/cancel").statusCode()).isEqualTo(405);
        assertThat(api.post("/api/scans/" + id + "/events", "{}").statusCode()).isEqualTo(405);
        assertThat(api.get("/api/scans/" + id + "/export?format=xml").statusCode()).isEqualTo(400);
        assertThat(api.send(api.request("/").DELETE().build()).statusCode()).isEqualTo(405);
    }

    @Test
    void engineThatCannotStartGivesACleanErrorAndNoListedScan() throws Exception {
        WebConfig config = WebTestSupport.config(20);
        server = new WebServer(config, (request, listener) -> {
            throw new IllegalStateException("no sockets left");
        }, WebTestSupport.requests());
        server.start();
        api = new ApiClient(server.port(), config.token());
        HttpResponse<String> r = api.post("/api/scans", "{\"targets\":\"127.0.0.1\"}");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("no sockets left");
        assertThat(ApiClient.json(api.get("/api/scans")).get("scans")).isEmpty();
    }

    @Test
    void closeCancelsRunningScansEndsStreamsAndIsIdempotent() throws Exception {
        start(Duration.ofMillis(100), 20);
        String id = api.start("127.0.0.1-250");
        var reader = Thread.ofVirtual().start(() -> {
            try {
                api.stream(api.events(id).build(), Duration.ofSeconds(30));
            } catch (Exception ignored) {
                // the server going away may end the stream either way
            }
        });
        api.awaitStatus(id, s -> s.get("counts").get("hostsUp").asLong() >= 1, Duration.ofSeconds(10));
        int port = server.port();

        server.close();
        server.close();

        assertThat(scanner.sessions().getFirst().outcome()).hasValueSatisfying(o -> assertThat(o)
                .isInstanceOf(io.netsweep.scan.ScanEvent.Cancelled.class));
        assertThat(reader.join(Duration.ofSeconds(5))).isTrue();
        assertThat(server.openStreams()).isZero();
        assertThatThrownBy(() -> new ApiClient(port, "x").send(new ApiClient(port, "x").request("/").build()))
                .isInstanceOf(ConnectException.class);
    }
}
