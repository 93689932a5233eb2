package io.netsweep.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP/1.1 layer on its own, over raw sockets on loopback: keep-alive, pipelining, both body
 * framings in both directions, HEAD, 100-continue, and the server's own answers to every request it
 * refuses, each through the application's error responder and followed by closing the connection.
 */
class HttpServerTest {
    private static final int MAX_BODY = 64 * 1024;

    private HttpServer server;
    private final CountDownLatch streamed = new CountDownLatch(1);

    /** Echo routes: what the server saw, so tests can check it parsed exactly what was sent. */
    private void handle(Exchange ex) throws IOException {
        ex.responseHeaders().set("Content-Type", "text/plain");
        switch (ex.path()) {
            case "/echo" -> {
                byte[] body = ex.requestBody().readAllBytes();
                ex.send(200, (ex.method() + " " + ex.path() + " " + ex.query().orElse("-") + " "
                        + ex.header("x-test").orElse("-") + " " + new String(body, StandardCharsets.ISO_8859_1))
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            case "/ignore-body" -> ex.send(403, "refused".getBytes(StandardCharsets.US_ASCII));
            case "/stream" -> {
                try (OutputStream out = ex.stream(200)) {
                    for (int i = 0; i < 3; i++) {
                        out.write(("part " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    out.write(new byte[20_000]);
                }
                streamed.countDown();
            }
            case "/silent" -> { }
            case "/bug" -> throw new IllegalStateException("a bug in a handler");
            default -> ex.send(404, "none".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static byte[] error(int status, String message, ResponseHeaders h) {
        h.set("X-Error", "yes");
        h.set("Content-Type", "text/plain");
        return ("E" + status + ": " + message).getBytes(StandardCharsets.UTF_8);
    }

    private int start(HttpLimits limits) throws IOException {
        server = new HttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), limits, this::handle,
                HttpServerTest::error);
        server.start();
        return server.address().getPort();
    }

    private int start() throws IOException {
        return start(HttpLimits.defaults(MAX_BODY));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void keptAliveConnectionAnswersPipelinedRequestsInOrder() throws Exception {
        int port = start();
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET /echo?a=1 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                    + "GET /echo?b=%41 HTTP/1.1\r\nHost: x\r\nX-Test:  spaced  \r\n\r\n");
            assertThat(c.read().text()).isEqualTo("GET /echo a=1 - ");
            assertThat(c.read().text()).isEqualTo("POST /echo - - hello");
            RawHttpClient.Response third = c.read();
            assertThat(third.text()).isEqualTo("GET /echo b=%41 spaced ");
            assertThat(third.header("connection")).isEmpty();
            c.timeout(300);
            assertThat(c.closedByServer()).isFalse();
        }
    }

    @Test
    void chunkedRequestBodyIsJoinedAndTheConnectionStaysUsable() throws Exception {
        int port = start();
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4;ext=1\r\nWiki\r\n6\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nTrailer: t\r\n\r\n"
                    + "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("POST /echo - - Wikipedia in \r\n\r\nchunks.");
            assertThat(c.read().text()).isEqualTo("GET /echo - - ");
        }
    }

    @Test
    void headGetsTheHeadersOfGetWithoutABody() throws Exception {
        int port = start();
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("HEAD /echo HTTP/1.1\r\nHost: x\r\n\r\nGET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttpClient.Response head = c.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).contains(Integer.toString("HEAD /echo - - ".length()));
            assertThat(c.read().text()).isEqualTo("GET /echo - - ");
        }
    }

    @Test
    void expectContinueIsAnsweredWhenTheHandlerReadsTheBody() throws Exception {
        int port = start();
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(100);
            c.send("abc");
            assertThat(c.read().text()).isEqualTo("POST /echo - - abc");
        }
    }

    @Test
    void answerThatLeavesTheBodyUnreadSaysCloseAndClosesTheConnection() throws Exception {
        int port = start();
        try (RawHttpClient c = new RawHttpClient(port)) {
            // Declared within the limit, mostly still on its way when the answer goes out.
            c.send("POST /ignore-body HTTP/1.1\r\nHost: x\r\nContent-Length: 60000\r\n\r\n" + "x".repeat(1000));
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.header("connection")).contains("close");
            c.send("x".repeat(59_000)); // the rest arrives; the server drains it instead of resetting
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void expectContinueWithAnUnreadBodyIsRefusedWithoutWaitingForIt() throws Exception {
        int port = start();
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("POST /ignore-body HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 500\r\n\r\n");
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.header("connection")).contains("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void streamedAnswerIsChunkedAndTheConnectionStaysUsable() throws Exception {
        int port = start();
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\nGET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttpClient.Response r = c.read();
            assertThat(r.chunked()).isTrue();
            assertThat(r.body()).hasSize("part 0\npart 1\npart 2\n".length() + 20_000);
            assertThat(r.text()).startsWith("part 0\npart 1\npart 2\n");
            assertThat(c.read().text()).isEqualTo("GET /echo - - ");
        }
        assertThat(streamed.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void http10RequestIsAnsweredThenClosed() throws Exception {
        int port = start();
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET /stream HTTP/1.0\r\n\r\n");
            RawHttpClient.Response r = c.read();
            assertThat(r.chunked()).isFalse();
            assertThat(r.header("connection")).contains("close");
            assertThat(r.text()).startsWith("part 0\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void clientAskingToCloseIsAnsweredThenClosed() throws Exception {
        int port = start();
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET /echo HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Close\r\n\r\n");
            assertThat(c.read().header("connection")).contains("close");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            handler answering nothing | /silent | 500
            handler throwing          | /bug    | 500
            """)
    void handlerWithoutAnAnswerGetsTheServersOwn(String what, String path, int status) throws Exception {
        int port = start();
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.header("x-error")).contains("yes");
            assertThat(r.text()).isEqualTo("E500: internal error").doesNotContain("IllegalState");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    /**
     * Requests the server refuses before any handler sees them. {@code \\r}, {@code \\n} and
     * {@code \\0} in the table stand for CR, LF and NUL; {@code <8K>} for 8,200 letters.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed escape             | GET /%zz HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                       | 400
            lone percent                 | GET /% HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                         | 400
            short escape                 | GET /a%4 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                       | 400
            backslash                    | GET /api\\\\scans HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n             | 400
            escape in the query          | GET /echo?a=%g1 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                | 400
            fragment                     | GET /echo#top HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                  | 400
            absolute form                | GET http://x/echo HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n              | 400
            asterisk form                | OPTIONS * HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                      | 400
            HTTP/2.0                     | GET / HTTP/2.0\\r\\nHost: x\\r\\n\\r\\n                          | 505
            not HTTP                     | GET / FTP/1.1\\r\\nHost: x\\r\\n\\r\\n                           | 400
            two spaces                   | GET  / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                         | 400
            no target                    | GET\\r\\nHost: x\\r\\n\\r\\n                                      | 400
            method not a token           | G(T / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                          | 400
            header without colon         | GET / HTTP/1.1\\r\\nHost x\\r\\n\\r\\n                           | 400
            space before colon           | GET / HTTP/1.1\\r\\nHost : x\\r\\n\\r\\n                         | 400
            folded header                | GET / HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\r\\n b\\r\\n\\r\\n       | 400
            illegal header name          | GET / HTTP/1.1\\r\\nHost: x\\r\\nX{}: a\\r\\n\\r\\n               | 400
            control character in a value | GET / HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\u0007b\\r\\n\\r\\n        | 400
            NUL                          | GET / HTTP/1.1\\r\\nHost: x\\0\\r\\n\\r\\n                        | 400
            bare CR                      | GET / HTTP/1.1\\rHost: x\\r\\n\\r\\n                             | 400
            two Host headers             | GET / HTTP/1.1\\r\\nHost: x\\r\\nHost: y\\r\\n\\r\\n              | 400
            length and chunked           | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n | 400
            two different lengths        | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 3\\r\\nContent-Length: 4\\r\\n\\r\\nabcd | 400
            length list                  | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 3, 4\\r\\n\\r\\nabcd | 400
            letters for a length         | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: abc\\r\\n\\r\\n | 400
            negative length              | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: -1\\r\\n\\r\\n | 400
            20-digit length              | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 99999999999999999999\\r\\n\\r\\n | 413
            length over the limit        | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 65537\\r\\n\\r\\n | 413
            gzip coding                  | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n | 501
            gzip then chunked            | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n | 501
            chunked in HTTP/1.0          | POST /echo HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n | 400
            long request line            | GET /<8K> HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                      | 414
            malformed chunk size         | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\nab\\r\\n0\\r\\n\\r\\n | 400
            chunk longer than its size   | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n2\\r\\nabc\\r\\n0\\r\\n\\r\\n | 400
            negative chunk size          | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n-2\\r\\nab\\r\\n0\\r\\n\\r\\n | 400
            chunks over the limit        | POST /echo HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n10001\\r\\n | 413
            """)
    void refusedRequestGetsTheApplicationsErrorAndTheConnectionCloses(String what, String request, int status)
            throws Exception {
        int port = start();
        String bytes = request.replace("\\r", "\r").replace("\\n", "\n").replace("\\0", "\0")
                .replace("\\u0007", "\u0007").replace("\\\\", "\\").replace("<8K>", "a".repeat(8200));
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send(bytes);
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).as(what).isEqualTo(status);
            assertThat(r.header("x-error")).as(what).contains("yes");
            assertThat(r.text()).as(what).startsWith("E" + status + ": ").doesNotContain("Exception");
            assertThat(r.header("connection")).as(what).contains("close");
            assertThat(c.closedByServer()).as(what).isTrue();
        }
    }

    @Test
    void tooManyHeaderLinesAndTooLargeHeadersAre431() throws Exception {
        int port = start();
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n" + "X-A: 1\r\n".repeat(101) + "\r\n");
            assertThat(c.read().status()).isEqualTo(431);
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n" + ("X-A: " + "b".repeat(1000) + "\r\n").repeat(40) + "\r\n");
            assertThat(c.read().status()).isEqualTo(431);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void requestCutShortInItsHeadIsRefused() throws Exception {
        int port = start();
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n");
            c.shutdownOutput();
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("x-error")).contains("yes");
        }
    }

    @Test
    void silentClientIsAnswered408AndClosed() throws Exception {
        int port = start(new HttpLimits(8192, 32768, 100, MAX_BODY, Duration.ofSeconds(30), Duration.ofMillis(200), 8));
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET / HTTP/1.1\r\nHo");
            RawHttpClient.Response r = c.read();
            assertThat(r.status()).isEqualTo(408);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void idleConnectionIsClosedQuietly() throws Exception {
        int port = start(new HttpLimits(8192, 32768, 100, MAX_BODY, Duration.ofMillis(200), Duration.ofSeconds(10), 8));
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.closedByServer()).isTrue(); // no answer: the end of the stream comes first
        }
        awaitConnections(0);
    }

    @Test
    void connectionsBeyondTheLimitAreAnswered503() throws Exception {
        int port = start(new HttpLimits(8192, 32768, 100, MAX_BODY, Duration.ofSeconds(30), Duration.ofSeconds(10), 1));
        try (RawHttpClient first = new RawHttpClient(port)) {
            first.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(first.read().status()).isEqualTo(200);
            try (RawHttpClient second = new RawHttpClient(port)) {
                RawHttpClient.Response r = second.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.header("x-error")).contains("yes");
            }
            first.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(first.read().status()).isEqualTo(200);
        }
    }

    @Test
    void closeEndsOpenConnectionsAndRefusesNewOnes() throws Exception {
        int port = start();
        try (RawHttpClient c = new RawHttpClient(port)) {
            c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            c.read();
            server.close();
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.openConnections()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RawHttpClient(port))
                .isInstanceOf(java.net.ConnectException.class);
    }

    private void awaitConnections(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.openConnections() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.openConnections()).isEqualTo(n);
    }
}
