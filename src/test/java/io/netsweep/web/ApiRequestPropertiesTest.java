package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsweep.web.http.RawHttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The web API's request parsing under random input: every valid form survives the trip through JSON, every
 * body is either a form or one clean 400, and every request line and header block the server can be sent is
 * answered by netsweep itself without a scan being started unless the request was a whole, authorised POST.
 */
class ApiRequestPropertiesTest {
    private static final ApiJson JSON = new ApiJson();
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH");
    private static final List<String> PATHS = List.of("/", "/api", "/api/scans", "/api/validate", "/api/scans/1",
            "/api/scans/1/cancel", "/api/scans/1/events", "/api/scans/1/export?format=csv", "/app.js", "/index.html");

    private static ScriptedScanner scanner;
    private static WebConfig config;
    private static WebServer server;

    @BeforeContainer
    static void start() throws Exception {
        scanner = (ScriptedScanner) WebTestSupport.scanner(Duration.ofMillis(1));
        config = WebTestSupport.config(20);
        server = new WebServer(config, scanner, WebTestSupport.requests());
        server.start();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Property(tries = 300)
    void everyValidFormSurvivesTheTripThroughJson(@ForAll("forms") ScanForm form) throws Exception {
        ObjectNode body = JSON.object().put("targets", form.targets()).put("exclude", form.exclude())
                .put("preset", form.preset()).put("ports", form.ports())
                .put("reverseDns", form.reverseDns()).put("identify", form.identify());
        form.timeoutMs().ifPresent(t -> body.put("timeoutMs", t));
        form.concurrency().ifPresent(c -> body.put("concurrency", c));

        assertThat(JSON.parseForm(body.toString().getBytes(StandardCharsets.UTF_8))).isEqualTo(form);
    }

    @Property(tries = 1000)
    void anyBodyIsAFormOrOneClean400(@ForAll("bodies") byte[] body) {
        Throwable thrown = catchThrowable(() -> JSON.parseForm(body));

        if (thrown != null) {
            assertThat(thrown).isInstanceOf(HttpProblem.class);
            HttpProblem problem = (HttpProblem) thrown;
            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.getMessage()).isNotBlank().doesNotContainPattern("\\p{Cntrl}")
                    .hasSizeLessThanOrEqualTo(300);
        }
    }

    @Property(tries = 150)
    void everyRequestIsAnsweredByNetsweepAndOnlyAWholeAuthorisedPostStartsAScan(
            @ForAll("methods") String method, @ForAll("paths") String path, @ForAll boolean withToken,
            @ForAll boolean withOrigin, @ForAll("bodies") byte[] body) throws Exception {
        int before = scanner.sessions().size();
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(server.port()).append("\r\n")
                .append("Content-Type: application/json\r\nConnection: close\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        if (withToken) {
            head.append("X-Netsweep-Token: ").append(config.token()).append("\r\n");
        }
        if (withOrigin) {
            head.append("Origin: http://127.0.0.1:").append(server.port()).append("\r\n");
        }
        head.append("\r\n");

        RawHttpClient.Response response;
        try (RawHttpClient client = new RawHttpClient(server.port())) {
            client.send(head.toString()).send(body);
            response = client.read(method.equals("HEAD"));
        }

        assertThat(response.header("content-security-policy")).contains(Http.CSP);
        assertThat(response.header("x-content-type-options")).contains("nosniff");
        boolean started = scanner.sessions().size() > before;
        boolean mayStart = withToken && withOrigin && method.equals("POST") && path.equals("/api/scans");
        assertThat(!started || mayStart).as("a scan started by %s %s", method, path).isTrue();
        if (started) {
            assertThat(response.status()).isEqualTo(201);
        }
        if (response.status() >= 400 && !method.equals("HEAD")) {
            assertThat(response.header("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            JsonNode error = ApiClient.JSON.readTree(response.text());
            assertThat(error.get("error").asText()).isNotBlank().doesNotContainPattern("\\p{Cntrl}");
            assertThat(response.text()).doesNotContain("Exception");
        }
    }

    @Property(tries = 40)
    void aWholeFormStartsAScanExactlyWhenTokenAndOriginAreRight(
            @ForAll boolean withToken, @ForAll boolean withOrigin, @ForAll("ports") int port) throws Exception {
        // The scans of earlier tries end within milliseconds, but a loaded machine may still be running a few:
        // four at once and a fifth is refused (429), which is not what this property is about.
        for (ScriptedScanner.Session s : scanner.sessions()) {
            assertThat(s.await(Duration.ofSeconds(30))).as("an earlier try's scan ended (a hang guard)").isTrue();
        }
        int before = scanner.sessions().size();
        byte[] body = ("{\"targets\":\"127.0.0.1\",\"preset\":\"custom\",\"ports\":\"" + port + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST /api/scans HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n")
                .append("Content-Type: application/json\r\nConnection: close\r\nContent-Length: ")
                .append(body.length).append("\r\n");
        if (withToken) {
            head.append("X-Netsweep-Token: ").append(config.token()).append("\r\n");
        }
        if (withOrigin) {
            head.append("Origin: http://127.0.0.1:").append(server.port()).append("\r\n");
        }
        RawHttpClient.Response response;
        try (RawHttpClient client = new RawHttpClient(server.port())) {
            response = client.send(head.append("\r\n").toString()).send(body).read();
        }

        boolean started = scanner.sessions().size() > before;
        assertThat(started).isEqualTo(withToken && withOrigin);
        assertThat(response.status()).isEqualTo(!withToken ? 401 : !withOrigin ? 403 : 201);
    }

    @Provide
    Arbitrary<Integer> ports() {
        return Arbitraries.integers().between(1, 65535);
    }

    @Provide
    Arbitrary<ScanForm> forms() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(200);
        Arbitrary<String> targets = Arbitraries.strings().ofMinLength(1).ofMaxLength(200)
                .filter(s -> !s.isBlank());
        Arbitrary<OptionalInt> positive = Arbitraries.integers().between(1, Integer.MAX_VALUE)
                .map(OptionalInt::of).injectNull(0.3).map(o -> o == null ? OptionalInt.empty() : o);
        return Combinators.combine(targets, text, text, text, positive, positive, Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as(ScanForm::new);
    }

    /** Bytes near a valid form (so the parser gets past its first character) and bytes of no shape at all. */
    @Provide
    Arbitrary<byte[]> bodies() {
        String valid = "{\"targets\":\"127.0.0.1\",\"preset\":\"custom\",\"ports\":\"22\",\"timeoutMs\":100}";
        Arbitrary<byte[]> mutated = Combinators.combine(
                        Arbitraries.integers().between(0, valid.length()), Arbitraries.integers().between(0, 8),
                        Arbitraries.strings().ofMaxLength(6))
                .as((at, cut, insert) -> (valid.substring(0, at) + insert
                        + valid.substring(Math.min(valid.length(), at + cut))).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.oneOf(mutated, raw);
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of(METHODS);
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.oneOf(Arbitraries.of(PATHS),
                Arbitraries.strings().withChars("/%?#&=.abcAPI09-_~").ofMinLength(1).ofMaxLength(40).map(s -> "/" + s));
    }
}
