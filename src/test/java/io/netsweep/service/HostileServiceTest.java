package io.netsweep.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tarpits, garbage, floods and tricklers: each settled within the port's one deadline and byte budget,
 * classified as data, never thrown, and what they send is escaped before it is shown.
 */
class HostileServiceTest {
    private static final Duration DEADLINE = Duration.ofMillis(1500);
    /**
     * A hang guard: the detections below end within the deadline (1.5 s), and one that ignored it would wait
     * for the tarpit or trickler for good (a minute per wait with {@link #LONG_WAITS}).
     */
    private static final long GUARD_SECONDS = 45;
    /**
     * The port deadline, with every single wait (greeting, answer) far longer than it and than the hang guard:
     * only the deadline can end a wait, so a detection that ends at all has kept it.
     */
    private static final DetectOptions LONG_WAITS = new DetectOptions(DEADLINE, Duration.ofMinutes(1),
            Duration.ofMinutes(1), Duration.ofMinutes(1), DetectOptions.DEFAULT_MAX_EXCHANGES,
            DetectOptions.DEFAULT_MAX_BYTES, DetectOptions.DEFAULT_MAX_CONCURRENT,
            DetectOptions.defaults().identify());

    private final ServiceDetector detector = new ServiceDetector(DetectOptions.defaults().withPortDeadline(DEADLINE));

    @AfterEach
    void close() {
        detector.close();
    }

    private Optional<ServiceReport> detect(ScriptedListener listener) throws Exception {
        return detect(detector, listener);
    }

    private static Optional<ServiceReport> detect(ServiceDetector detector, ScriptedListener listener) throws Exception {
        return detector.detect(listener.address(), listener.port()).toCompletableFuture().get(GUARD_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void silentTarpitCostsOneDeadlineNotOnePerProbe() throws Exception {
        try (ServiceDetector patient = new ServiceDetector(LONG_WAITS);
             ScriptedListener tarpit = new ScriptedListener((socket, in) -> ScriptedListener.drain(in))) {
            long started = System.nanoTime();
            Optional<ServiceReport> report = detect(patient, tarpit);
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            assertThat(report).as("nothing answered, nothing to report").isEmpty();
            // Ending at all shows the deadline ended the first wait (a minute long); not before it, though.
            assertThat(elapsed).as("ms until given up").isGreaterThanOrEqualTo(DEADLINE.toMillis() - 50);
            assertThat(tarpit.connections()).isBetween(1, DetectOptions.DEFAULT_MAX_EXCHANGES);
        }
    }

    @Test
    void garbageIsShownAsAnEscapedCappedBanner() throws Exception {
        byte[] garbage = new byte[600];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 37 + 11);
        }
        byte[] hostile = "\u001b[2J\u001b]0;pwned\u0007\r\nSet-Cookie: x\u202e".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(hostile, 0, garbage, 0, hostile.length);
        try (ScriptedListener noisy = new ScriptedListener((socket, in) -> {
            socket.getOutputStream().write(garbage);
            socket.getOutputStream().flush();
            ScriptedListener.drain(in);
        })) {
            ServiceReport report = detect(noisy).orElseThrow();
            assertThat(report.service()).isEqualTo("unknown");
            assertThat(report.product()).isEmpty();
            String banner = report.banner().orElseThrow();
            assertThat(banner).startsWith("\\x1b[2J\\x1b]0;pwned\\x07\\r\\nSet-Cookie: x\\xe2\\x80\\xae");
            assertThat(banner.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).as("printable ASCII only: %s", banner).isTrue();
            assertThat(banner).endsWith("...").hasSizeLessThanOrEqualTo(Sanitize.MAX_BANNER_TEXT);
        }
    }

    @Test
    void floodIsCutAtTheByteBudget() throws Exception {
        AtomicLong written = new AtomicLong();
        AtomicBoolean hungUp = new AtomicBoolean();
        CountDownLatch ended = new CountDownLatch(1);
        try (ScriptedListener flood = new ScriptedListener((socket, in) -> {
            byte[] chunk = new byte[16 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'A');
            try {
                OutputStream out = socket.getOutputStream();
                while (written.get() < 512L * 1024 * 1024) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                hungUp.set(true);
            } finally {
                ended.countDown();
            }
        })) {
            ServiceReport report = detect(flood).orElseThrow();
            assertThat(report.service()).isEqualTo("unknown");
            assertThat(report.banner()).hasValueSatisfying(b -> assertThat(b).startsWith("AAAA").endsWith("..."));
            assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(hungUp).as("the prober hung up on the flood").isTrue();
            assertThat(written.get()).isLessThan(512L * 1024 * 1024);
        }
    }

    @Test
    void tricklingServiceIsSettledByTheDeadline() throws Exception {
        try (ServiceDetector patient = new ServiceDetector(LONG_WAITS);
             ScriptedListener trickle = new ScriptedListener((socket, in) -> {
                 OutputStream out = socket.getOutputStream();
                 for (int i = 0; i < 10_000; i++) { // 200 s of dots, far fewer bytes than the budget
                     out.write('.');
                     out.flush();
                     Thread.sleep(20); // the trickler's pace, not a wait for anything
                 }
             })) {
            ServiceReport report = detect(patient, trickle).orElseThrow();
            assertThat(report.service()).isEqualTo("unknown");
            assertThat(report.banner()).hasValueSatisfying(b -> assertThat(b).matches("\\.+(\\.\\.\\.)?"));
        }
    }

    @Test
    void serviceThatHangsUpAtOnceIsNoService() throws Exception {
        try (ScriptedListener rude = new ScriptedListener((socket, in) -> socket.close())) {
            assertThat(detect(rude)).isEmpty();
            assertThat(rude.connections()).isLessThanOrEqualTo(DetectOptions.DEFAULT_MAX_EXCHANGES);
        }
    }

    @Test
    void closedPortGivesNothing() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        assertThat(detector.detect(InetAddress.getLoopbackAddress(), port).toCompletableFuture().get(GUARD_SECONDS, TimeUnit.SECONDS))
                .isEmpty();
    }

    @Test
    void controlCharactersInMatchedFieldsAreRemoved() throws Exception {
        byte[] greeting = "220 mx.example ESMTP Postfix (Deb\u001b[2Jian\u202e)\r\n".getBytes(StandardCharsets.UTF_8);
        try (ScriptedListener smtp = new ScriptedListener((socket, in) -> {
            socket.getOutputStream().write(greeting);
            socket.getOutputStream().flush();
            ScriptedListener.drain(in);
        })) {
            ServiceReport report = detect(smtp).orElseThrow();
            assertThat(report.product()).contains("Postfix smtpd");
            assertThat(report.extraInfo()).contains("Deb[2Jian");
        }
    }

    @Test
    void answerLookingLikeTlsLeadsToAHandshake() throws Exception {
        // A TLS alert (what a TLS server sends on plain text), then silence: the engine tries TLS next.
        CountDownLatch clientHello = new CountDownLatch(1);
        try (ScriptedListener alert = new ScriptedListener((socket, in) -> {
            int first = in.read();
            if (first == 0x16) {
                clientHello.countDown();
                ScriptedListener.drain(in);
                return;
            }
            socket.getOutputStream().write(new byte[] {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46});
            socket.getOutputStream().flush();
        })) {
            ServiceReport report = detect(alert).orElseThrow();
            assertThat(report.service()).isEqualTo("ssl");
            assertThat(clientHello.await(10, TimeUnit.SECONDS)).as("a TLS ClientHello came after the alert").isTrue();
        }
    }
}
