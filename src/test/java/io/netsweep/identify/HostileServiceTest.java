package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Slow, huge, binary, hostile and non-HTTP answers: bounded, classified, never thrown. The slow fakes stall for
 * as long as they are open: a deadline that was not kept would leave the prober waiting until the test's hang
 * guard (a minute) gives up, where a kept one ends it in a fraction of a second.
 */
class HostileServiceTest extends IdentificationTestSupport {
    private static final Duration SHORT = Duration.ofMillis(400);

    @Test
    void slowRootIsAbandonedAtTheTimeout() throws Exception {
        useOptions(new IdentifyOptions(SHORT, 64 * 1024, 6, 4));
        FakeService slow = start(FakeService.builder("slow").route("/", exchange -> {
            stallUntilClosed();
            FakeService.Reply.text(200, "text/plain", "Ollama is running").handle(exchange);
        }));
        Optional<ServiceIdentity> identity = identify(slow);
        assertThat(identity).isEmpty();
        assertThat(slow.requests()).as("a port that does not answer GET / in time gets no more").hasSize(1);
    }

    @Test
    void bodyDrippedByteByByteIsCutAtTheDeadline() throws Exception {
        useOptions(new IdentifyOptions(SHORT, 64 * 1024, 6, 4));
        AtomicLong dripped = new AtomicLong();
        FakeService drip = start(FakeService.builder("drip").route("/", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                while (!Thread.currentThread().isInterrupted()) { // an hour's worth of bytes, below the cap
                    out.write('x');
                    out.flush();
                    dripped.incrementAndGet();
                    sleep(50); // the fake's pace, not a wait for anything
                }
            }
        }));
        assertThat(identify(drip)).isEmpty();
        assertThat(dripped.get()).as("bytes the prober waited for").isPositive();
    }

    @Test
    void tenMegabyteAnswerIsReadOnlyUpToTheCap() throws Exception {
        long tenMegabytes = 10L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        AtomicBoolean writeFailed = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        FakeService huge = start(FakeService.builder("huge").route("/", exchange -> {
            try {
                exchange.sendResponseHeaders(200, tenMegabytes);
                byte[] chunk = new byte[16 * 1024];
                Arrays.fill(chunk, (byte) 'A');
                try (OutputStream out = exchange.getResponseBody()) {
                    while (written.get() < tenMegabytes) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                }
            } catch (IOException e) {
                writeFailed.set(true);
            } finally {
                done.countDown();
            }
        }));
        assertThat(identify(huge)).isEmpty();
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(writeFailed).as("the prober hung up before the whole body was sent").isTrue();
        assertThat(written.get()).isLessThan(tenMegabytes);
    }

    @Test
    void binaryGarbageOnARawSocketIsNotHttp() throws Exception {
        byte[] garbage = new byte[4096];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31 + 7);
        }
        garbage[0] = 0x00;
        try (RawListener listener = new RawListener(socket -> {
            socket.getInputStream().read(new byte[1024]);
            socket.getOutputStream().write(garbage);
        })) {
            assertThat(identifyRaw(listener.port())).isEmpty();
            assertThat(listener.connections()).isEqualTo(1);
        }
    }

    @Test
    void sshBannerIsNotHttpAndIsNotRetriedAsTls() throws Exception {
        try (RawListener ssh = new RawListener(socket -> {
            socket.getOutputStream().write("SSH-2.0-OpenSSH_9.6p1 Debian-3\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1024];
            while (in.read(buffer) >= 0) {
                // an SSH server waits for the client's banner; it gets an HTTP request and the prober hangs up
            }
        })) {
            assertThat(identifyRaw(ssh.port())).isEmpty();
            assertThat(ssh.connections()).isEqualTo(1);
        }
    }

    @Test
    void binaryBodiesOnEveryPathIdentifyNothing() throws Exception {
        byte[] bytes = new byte[2048];
        new java.util.Random(42).nextBytes(bytes);
        FakeService binary = start(FakeService.builder("binary").fallback(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }));
        assertThat(identify(binary)).isEmpty();
    }

    @Test
    void deeplyNestedJsonIsRejectedWithoutHarm() throws Exception {
        String bomb = "[".repeat(20_000) + "]".repeat(20_000);
        FakeService ollama = start(LlmFakes.ollama().route("/api/version", FakeService.Reply.json(bomb)));
        ServiceIdentity identity = identify(ollama).orElseThrow();
        assertThat(identity.product()).isEqualTo("ollama-compatible (unknown product)");
    }

    @Test
    void controlCharactersAndOversizedNamesAreCleanedAndCapped() throws Exception {
        String longName = "m".repeat(5_000);
        String models = IntStream.range(0, 30)
                .mapToObj(i -> "{\"name\":\"evil\\u001b[2J\\u202e" + i + "\\r\\nSet-Cookie: x\"}")
                .collect(Collectors.joining(",", "{\"models\":[{\"name\":\"" + longName + "\"},", "]}"));
        FakeService ollama = start(LlmFakes.ollama()
                .route("/api/version", FakeService.Reply.json("{\"version\":\"0.5.7\\u0007\\u001b[31m\"}"))
                .route("/api/tags", FakeService.Reply.json(models)));
        ServiceIdentity identity = identify(ollama).orElseThrow();
        assertThat(identity.product()).isEqualTo("Ollama");
        assertThat(identity.version()).contains("0.5.7[31m");
        assertThat(identity.models()).hasSize(ServiceIdentity.MAX_MODELS);
        assertThat(identity.models().getFirst()).hasSize(ServiceIdentity.MAX_FIELD);
        assertThat(identity.models().get(1)).isEqualTo("evil[2J0 Set-Cookie: x");
        assertThat(identity.models()).allSatisfy(m -> assertThat(m.codePoints()
                .noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)).isTrue());
    }

    @Test
    void closedPortIdentifiesNothing() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        assertThat(identifyRaw(port)).isEmpty();
    }

    @Test
    void redirectsAreNeverFollowed() throws Exception {
        FakeService elsewhere = start(LlmFakes.ollama().bind(InetAddress.getByName("127.0.0.2"), 0));
        FakeService redirecting = start(FakeService.builder("redirector")
                .fallback(FakeService.Reply.redirect("http://127.0.0.2:" + elsewhere.port() + "/")));
        assertThat(identify(redirecting)).isEmpty();
        assertThat(elsewhere.requests()).isEmpty();
    }

    @Test
    void requestBudgetPerPortIsHonoured() throws Exception {
        useOptions(new IdentifyOptions(Duration.ofSeconds(3), 64 * 1024, 2, 4));
        FakeService nginx = start(LlmFakes.nginxDefault());
        assertThat(identify(nginx)).isEmpty();
        assertThat(nginx.requests()).hasSize(2);
    }

    private Optional<ServiceIdentity> identifyRaw(int port) throws Exception {
        return identifier().identify(InetAddress.getLoopbackAddress(), port)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers nothing until the fake is closed (which interrupts its handlers). */
    private static void stallUntilClosed() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
