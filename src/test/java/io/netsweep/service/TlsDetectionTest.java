package io.netsweep.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS services with certificates made for the test by keytool: the handshake's summary (names, issuer,
 * validity, self-signed or not, version) and what runs inside the tunnel.
 */
class TlsDetectionTest {
    private static TestCertificates certificates;
    private static ServiceDetector detector;

    @BeforeAll
    static void setUp(@TempDir Path dir) {
        certificates = new TestCertificates(dir);
        // What is checked is what the handshake shows, not how fast it is. Under load (2 cores, load ~18) a
        // report once had no certificate: a handshake that outlives the port's budget (6 s by default, banner
        // wait included) ends so. Every server here answers, so a longer deadline costs a passing run nothing;
        // the waits for silence stay the defaults.
        detector = new ServiceDetector(DetectOptions.defaults().withPortDeadline(Duration.ofSeconds(30)));
    }

    @AfterAll
    static void tearDown() {
        detector.close();
    }

    private static ServiceReport detect(InetAddress address, int port) throws Exception {
        return detector.detect(address, port).toCompletableFuture().get(60, TimeUnit.SECONDS).orElseThrow();
    }

    /** An HTTPS server answering every GET like nginx. */
    private static HttpsServer https(SSLContext tls) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = "<html><body>hello</body></html>".getBytes(StandardCharsets.US_ASCII);
                exchange.getResponseHeaders().set("Server", "nginx/1.25.3");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        return server;
    }

    @Test
    void httpsOnAnUnhintedPortIsFoundAndItsCertificateSummarised() throws Exception {
        SSLContext tls = certificates.selfSigned("web", "CN=web.test, O=netsweep test",
                "-ext", "san=dns:web.test,dns:www.web.test,ip:127.0.0.1");
        HttpsServer server = https(tls);
        try {
            ServiceReport report = detect(server.getAddress().getAddress(), server.getAddress().getPort());
            assertThat(report.service()).isEqualTo("http");
            assertThat(report.tunnel()).contains("ssl");
            assertThat(report.product()).contains("nginx");
            assertThat(report.version()).contains("1.25.3");
            TlsSummary t = report.tls().orElseThrow();
            assertThat(t.subjectCn()).contains("web.test");
            assertThat(t.subject()).contains("CN=web.test").contains("O=netsweep test");
            assertThat(t.sans()).containsExactly("web.test", "www.web.test", "127.0.0.1");
            assertThat(t.selfSigned()).isTrue();
            assertThat(t.issuer()).isEqualTo(t.subject());
            assertThat(t.protocol()).isIn("TLSv1.3", "TLSv1.2");
            assertThat(t.cipherSuite()).startsWith("TLS_");
            assertThat(t.publicKey()).isEqualTo("EC 256");
            assertThat(t.sha256()).matches("[0-9a-f]{64}");
            assertThat(t.expiredAt(Instant.now())).isFalse();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void expiredCertificateIsReportedAsSuch() throws Exception {
        SSLContext tls = certificates.selfSigned("old", "CN=old.test", "-startdate", "-30d", "-validity", "2");
        HttpsServer server = https(tls);
        try {
            TlsSummary t = detect(server.getAddress().getAddress(), server.getAddress().getPort()).tls().orElseThrow();
            assertThat(t.expiredAt(Instant.now())).isTrue();
            assertThat(t.notAfter()).isBefore(Instant.now());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void certificateSignedByACaIsNotSelfSigned() throws Exception {
        SSLContext tls = certificates.caSigned("signed", "CN=signed.test");
        HttpsServer server = https(tls);
        try {
            TlsSummary t = detect(server.getAddress().getAddress(), server.getAddress().getPort()).tls().orElseThrow();
            assertThat(t.selfSigned()).isFalse();
            assertThat(t.issuer()).isEqualTo("CN=netsweep test CA");
            assertThat(t.subjectCn()).contains("signed.test");
            assertThat(t.sans()).containsExactly("signed.test");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void certificateWithoutCommonNameHasNone() throws Exception {
        SSLContext tls = certificates.selfSigned("nocn", "O=No Common Name, C=DE");
        HttpsServer server = https(tls);
        try {
            TlsSummary t = detect(server.getAddress().getAddress(), server.getAddress().getPort()).tls().orElseThrow();
            assertThat(t.subjectCn()).isEmpty();
            assertThat(t.subject()).isEqualTo("O=No Common Name,C=DE");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void imapInsideTlsIsNamedFromItsGreeting() throws Exception {
        SSLContext tls = certificates.selfSigned("imaps", "CN=mail.test");
        byte[] greeting = "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN] Dovecot (Debian) ready.\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        try (ScriptedListener imaps = new ScriptedListener(InetAddress.getLoopbackAddress(), 0, tls, (socket, in) -> {
            socket.getOutputStream().write(greeting);
            socket.getOutputStream().flush();
            ScriptedListener.drain(in);
        })) {
            ServiceReport report = detect(imaps.address(), imaps.port());
            assertThat(report.service()).isEqualTo("imap");
            assertThat(report.product()).contains("Dovecot imapd");
            assertThat(report.tls()).map(TlsSummary::subjectCn).contains(Optional.of("mail.test"));
        }
    }

    @Test
    void tlsThatIsNotTlsFallsBackToPlainProbes() throws Exception {
        // A plain HTTP server on a port hinted as TLS would be the same: here, answering a ClientHello with text.
        try (ScriptedListener plain = new ScriptedListener((socket, in) -> {
            in.read();
            socket.getOutputStream().write(
                    "HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        })) {
            ServiceReport report = detect(plain.address(), plain.port());
            assertThat(report.product()).contains("nginx");
            assertThat(report.tls()).isEmpty();
        }
    }
}
