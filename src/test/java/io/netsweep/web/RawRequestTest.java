package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netsweep.web.http.RawHttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests sent byte for byte on raw sockets, as no HTTP library would send them: malformed targets,
 * impossible lengths, broken chunked bodies, bodies the server does not read. Every one is answered
 * by netsweep itself: its JSON error, its security headers, and a connection that says it closes
 * and does.
 */
class RawRequestTest {
    private ScriptedScanner scanner;
    private WebConfig config;
    private WebServer server;

    @BeforeEach
    void start() throws Exception {
        scanner = (ScriptedScanner) WebTestSupport.scanner(Duration.ofMillis(1));
        config = WebTestSupport.config(20);
        server = new WebServer(config, scanner, WebTestSupport.requests());
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String host() {
        return "Host: 127.0.0.1:" + server.port() + "\r\n";
    }

    private String apiHeaders() {
        return host() + "X-Netsweep-Token: " + config.token() + "\r\nOrigin: http://127.0.0.1:" + server.port()
                + "\r\nContent-Type: application/json\r\n";
    }

    /** The answer is netsweep's JSON error with every security header, and the connection ends. */
    private static JsonNode assertNetsweepError(RawHttpClient c, RawHttpClient.Response r, int status, String what)
            throws Exception {
        assertThat(r.status()).as(what).isEqualTo(status);
        assertThat(r.header("content-type")).as(what).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.header("content-security-policy")).as(what).contains(Http.CSP);
        assertThat(r.header("x-content-type-options")).as(what).contains("nosniff");
        assertThat(r.header("referrer-policy")).as(what).contains("no-referrer");
        assertThat(r.header("cache-control")).as(what).contains("no-store");
        assertThat(r.text()).as(what).doesNotContain("Exception").doesNotContain("<h1>");
        JsonNode error = ApiClient.JSON.readTree(r.text());
        assertThat(error.get("error").asText()).as(what).isNotBlank();
        assertThat(r.header("connection")).as(what).contains("close");
        assertThat(c.closedByServer()).as(what).isTrue();
        return error;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            percent and no hex digits | /%zz
            lone percent              | /%
            backslash                 | /api\\scans
            backslash alone           | /\\
            backslash before dots     | /..\\..\\pom.xml
            """)
    void malformedTargetsGetNetsweepsOwnError(String what, String target) throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("GET " + target + " HTTP/1.1\r\n" + host() + "\r\n");
            JsonNode error = assertNetsweepError(c, c.read(), 400, what);
            assertThat(error.get("error").asText()).isEqualTo("malformed request target");
        }
    }

    @Test
    void twentyDigitContentLengthIsRefusedAsTooLarge() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /api/scans HTTP/1.1\r\n" + apiHeaders() + "Content-Length: 12345678901234567890\r\n\r\n{}");
            JsonNode error = assertNetsweepError(c, c.read(), 413, "20 digits");
            assertThat(error.get("error").asText()).contains("64 KiB");
        }
        assertThat(scanner.sessions()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            size that is not hex       | zz\\r\\n{}\\r\\n0\\r\\n\\r\\n
            data longer than its size  | 2\\r\\n{"targets":"127.0.0.1"}\\r\\n0\\r\\n\\r\\n
            no CRLF after the data     | 2\\r\\n{}0\\r\\n\\r\\n
            bare LF after the size     | 2\\n{}\\r\\n0\\r\\n\\r\\n
            """)
    void malformedChunkedBodyIsAnsweredAndStartsNothing(String what, String body) throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /api/scans HTTP/1.1\r\n" + apiHeaders() + "Transfer-Encoding: chunked\r\n\r\n"
                    + body.replace("\\r", "\r").replace("\\n", "\n"));
            JsonNode error = assertNetsweepError(c, c.read(), 400, what);
            assertThat(error.get("error").asText()).isEqualTo("malformed chunked request body");
        }
        assertThat(scanner.sessions()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            header name with a brace   | GET / HTTP/1.1\\r\\nHOST\\r\\nX{}: 1\\r\\n\\r\\n                             | 400
            length and chunked         | POST /api/scans HTTP/1.1\\r\\nHOST\\r\\nContent-Length: 2\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n | 400
            two lengths                | POST /api/scans HTTP/1.1\\r\\nHOST\\r\\nContent-Length: 2\\r\\nContent-Length: 3\\r\\n\\r\\n{}  | 400
            negative length            | POST /api/scans HTTP/1.1\\r\\nHOST\\r\\nContent-Length: -2\\r\\n\\r\\n{}                         | 400
            gzip coding                | POST /api/scans HTTP/1.1\\r\\nHOST\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n                        | 501
            no spaces                  | GARBAGE\\r\\nHOST\\r\\n\\r\\n                                                                  | 400
            HTTP/2.0                   | GET / HTTP/2.0\\r\\nHOST\\r\\n\\r\\n                                                           | 505
            absolute target            | GET http://evil.example/ HTTP/1.1\\r\\nHOST\\r\\n\\r\\n                                        | 400
            request line over 8 KiB    | GET /LONG HTTP/1.1\\r\\nHOST\\r\\n\\r\\n                                                       | 414
            headers over 32 KiB        | GET / HTTP/1.1\\r\\nHOST\\r\\nHUGE\\r\\n\\r\\n                                                 | 431
            """)
    void everyOtherRequestTheJdkServerAnsweredItselfGetsNetsweepsError(String what, String request, int status)
            throws Exception {
        String bytes = request.replace("\\r", "\r").replace("\\n", "\n").replace("HOST", host().strip())
                .replace("LONG", "a".repeat(9000)).replace("HUGE", ("X-Big: " + "b".repeat(2000) + "\r\n").repeat(20).strip());
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send(bytes);
            assertNetsweepError(c, c.read(), status, what);
        }
        assertThat(scanner.sessions()).isEmpty();
    }

    @Test
    void oversizedBodyIsRefusedAndTheConnectionClosesInsteadOfTakingTheRestForARequest() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /api/scans HTTP/1.1\r\n" + apiHeaders() + "Content-Length: 70000\r\n\r\n" + "x".repeat(4000));
            JsonNode error = assertNetsweepError(c, c.read(), 413, "declared over 64 KiB");
            assertThat(error.get("error").asText()).contains("64 KiB");
        }
        assertThat(scanner.sessions()).isEmpty();
    }

    @Test
    void refusalBeforeTheBodyIsReadClosesTheConnection() throws Exception {
        // Within the size limit, but refused for its Origin before the body is read.
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            c.send("POST /api/scans HTTP/1.1\r\n" + host() + "X-Netsweep-Token: " + config.token()
                    + "\r\nOrigin: http://evil.example\r\nContent-Type: application/json\r\nContent-Length: 30000\r\n\r\n"
                    + "{\"targets\":\"" + "1".repeat(1000));
            assertNetsweepError(c, c.read(), 403, "foreign origin");
        }
        assertThat(scanner.sessions()).isEmpty();
    }

    @Test
    void answeredRequestsKeepTheConnectionForTheNext() throws Exception {
        try (RawHttpClient c = new RawHttpClient(server.port())) {
            String body = "{\"targets\":\"127.0.0.1-300\"}";
            c.send("POST /api/validate HTTP/1.1\r\n" + apiHeaders() + "Content-Length: " + body.length() + "\r\n\r\n"
                    + body + "GET /api/nothing HTTP/1.1\r\n" + apiHeaders() + "\r\nGET /favicon.svg HTTP/1.1\r\n"
                    + host() + "\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            RawHttpClient.Response notFound = c.read();
            assertThat(notFound.status()).isEqualTo(404);
            assertThat(notFound.header("connection")).isEmpty();
            assertThat(c.read().header("content-type")).contains("image/svg+xml");
        }
    }
}
