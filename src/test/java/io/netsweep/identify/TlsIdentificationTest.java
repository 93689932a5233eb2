package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port that speaks only HTTPS, with a self-signed certificate made for the test by keytool. */
class TlsIdentificationTest extends IdentificationTestSupport {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static SSLContext serverTls;

    @BeforeAll
    static void makeSelfSignedCertificate(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        // C1 and Serial GC: a JVM that lives a second, half the CPU time (as TestCertificates runs keytool).
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-J-XX:TieredStopAtLevel=1",
                "-J-XX:+UseSerialGC", "-genkeypair", "-alias", "server",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=nsw-identify-test", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
        } finally {
            process.destroyForcibly();
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
    }

    @Test
    void ollamaBehindTlsIsIdentifiedOverHttps() throws Exception {
        FakeService https = start(LlmFakes.ollama().tls(serverTls));
        ServiceIdentity identity = identify(https).orElseThrow();
        assertIdentity(identity, "Ollama", Optional.of("0.5.7"), "llm-server", AuthState.NONE,
                "llama3.2:3b", "qwen2.5-coder:7b");
        assertThat(identity.evidence()).startsWith("https; ");
        // The plain-HTTP attempt never reached the handlers: only the TLS requests did.
        assertThat(https.requests()).extracting(FakeService.Seen::target)
                .containsExactly("/", "/api/version", "/api/tags");
    }

    @Test
    void portThatAnswersPlainHttpWithAnHttpsHintIsRetriedOverTls() throws Exception {
        List<String> methods = new CopyOnWriteArrayList<>();
        Map<String, String> ollama = Map.of(
                "/", "Ollama is running",
                "/api/version", "{\"version\":\"0.5.7\"}",
                "/api/tags", "{\"models\":[{\"name\":\"llama3.2:3b\"}]}");
        try (RawListener sniffing = new RawListener(socket -> {
            int first = socket.getInputStream().read();
            if (first < 0) {
                return;
            }
            if (first != 0x16) {
                // Like Go's net/http on a TLS port: a plain-text 400 saying what went wrong.
                respond(socket.getOutputStream(), 400, "Client sent an HTTP request to an HTTPS server.\n");
                return;
            }
            SSLSocket tls = (SSLSocket) serverTls.getSocketFactory()
                    .createSocket(socket, new ByteArrayInputStream(new byte[] {(byte) first}), true);
            tls.setUseClientMode(false);
            String[] requestLine = readRequestLine(tls.getInputStream());
            methods.add(requestLine[0]);
            String body = ollama.get(requestLine[1]);
            respond(tls.getOutputStream(), body == null ? 404 : 200, body == null ? "404 page not found" : body);
        })) {
            Optional<ServiceIdentity> identity = identifier().identify(InetAddress.getLoopbackAddress(), sniffing.port())
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(identity).map(ServiceIdentity::product).contains("Ollama");
            assertThat(identity.orElseThrow().evidence()).startsWith("https; ");
            assertThat(methods).containsOnly("GET").hasSize(3);
            assertThat(sniffing.connections()).isEqualTo(4);
        }
    }

    private static String[] readRequestLine(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n") && head.length() < 8192) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString().split("\r\n", 2)[0].split(" ");
    }

    private static void respond(OutputStream out, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: text/plain\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    @Test
    void tritonBehindTlsIsIdentifiedOverHttps() throws Exception {
        assertIdentity(identified(LlmFakes.triton().tls(serverTls)), "NVIDIA Triton Inference Server",
                Optional.of("2.41.0"), "ml-serving", AuthState.NONE);
    }
}
