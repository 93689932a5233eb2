package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The raw GET client against real loopback servers: framing, caps and classification. */
class HttpGetClientTest {
    private static final int CAP = 4096;
    /**
     * Every server here answers at once: the deadline only guards against a hang. Three seconds were not enough
     * for a test JVM starved of CPU in a loaded full-suite run, where the answer came and a timeout was reported.
     */
    private static final Duration ANSWERS_COME = Duration.ofSeconds(60);
    private final HttpGetClient client =
            new HttpGetClient(ANSWERS_COME, CAP, "netsweep/test", TrustAllTls::socketFactory);
    private FakeService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void fixedLengthBodyLongerThanTheCapIsTruncatedAtTheCap() throws Exception {
        service = FakeService.builder("long").route("/", FakeService.Reply.text(200, "text/plain", "x".repeat(100_000)))
                .start();
        HttpReply reply = (HttpReply) client.get(target(), false, "/");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).hasSize(CAP);
        assertThat(reply.truncated()).isTrue();
    }

    @Test
    void chunkedBodyIsDecodedAndCapped() throws Exception {
        service = FakeService.builder("chunked").route("/", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    out.write(("part" + i + ";").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        }).route("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write("y".repeat(1000).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (java.io.IOException e) {
                // the client stopped reading at its cap
            }
        }).start();
        HttpReply small = (HttpReply) client.get(target(), false, "/");
        assertThat(small.body()).isEqualTo("part0;part1;part2;part3;part4;part5;part6;part7;part8;part9;");
        assertThat(small.truncated()).isFalse();
        HttpReply big = (HttpReply) client.get(target(), false, "/big");
        assertThat(big.body()).hasSize(CAP);
        assertThat(big.truncated()).isTrue();
    }

    @Test
    void redirectIsReportedNotFollowed() throws Exception {
        service = FakeService.builder("redirect").route("/", FakeService.Reply.redirect("/login?next=%2F")).start();
        HttpReply reply = (HttpReply) client.get(target(), false, "/");
        assertThat(reply.status()).isEqualTo(302);
        assertThat(reply.header("Location")).contains("/login?next=%2F");
        assertThat(service.requests()).hasSize(1);
    }

    @Test
    void plainRequestToATlsOnlyPortIsClassifiedAsTlsLike() throws Exception {
        try (RawListener tlsLike = new RawListener(socket -> {
            socket.getInputStream().read(new byte[512]);
            // A TLS alert record: content type 21, TLS 1.2, length 2, fatal unexpected_message.
            socket.getOutputStream().write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a});
        })) {
            Exchange exchange = client.get(new InetSocketAddress("127.0.0.1", tlsLike.port()), false, "/");
            assertThat(exchange).isEqualTo(ProbeFailure.of(ProbeFailure.Kind.TLS_RECORD));
        }
    }

    @Test
    void headerValuesAreStrippedOfControlCharacters() throws Exception {
        service = FakeService.builder("headers").route("/",
                FakeService.Reply.text(200, "text/plain", "ok").header("Server", "evil\u0007server")).start();
        HttpReply reply = (HttpReply) client.get(target(), false, "/");
        assertThat(reply.header("server")).contains("evilserver");
    }

    private InetSocketAddress target() {
        return new InetSocketAddress(service.address(), service.port());
    }
}
