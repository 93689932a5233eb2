package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServiceIdentifierLifecycleTest extends IdentificationTestSupport {

    @Test
    void noMorePortsAreProbedAtOnceThanAllowed() throws Exception {
        // A long request timeout: the test holds every answer until it lets it go.
        useOptions(new IdentifyOptions(Duration.ofSeconds(30), 64 * 1024, 6, 2));
        assertPortsProbedAtOnce(6, 2);
    }

    @Test
    void defaultIdentifierProbesSixteenPortsAtOnce() throws Exception {
        useOptions(new IdentifyOptions(Duration.ofSeconds(30), IdentifyOptions.DEFAULT_MAX_RESPONSE_BYTES,
                IdentifyOptions.DEFAULT_MAX_REQUESTS_PER_PORT, IdentifyOptions.defaults().maxConcurrent()));
        assertPortsProbedAtOnce(17, 16);
    }

    /**
     * Starts {@code ports} Ollama look-alikes whose {@code GET /} waits until the test lets it answer,
     * identifies them all at once, lets one answer each time {@code limit} probes (or all that are left)
     * are waiting, and checks that no more than {@code limit} ever waited at once.
     */
    private void assertPortsProbedAtOnce(int ports, int limit) throws Exception {
        Gate gate = new Gate();
        List<FakeService> services = new ArrayList<>();
        for (int i = 0; i < ports; i++) {
            services.add(start(FakeService.builder("held-" + i).route("/", exchange -> {
                gate.enter();
                FakeService.Reply.text(200, "text/plain", "Ollama is running").handle(exchange);
            }).route("/api/version", FakeService.Reply.json("{\"version\":\"0.5.7\"}"))
                    .route("/api/tags", FakeService.Reply.json("{\"models\":[]}"))));
        }
        List<CompletableFuture<Optional<ServiceIdentity>>> results = new ArrayList<>();
        try {
            for (FakeService service : services) {
                results.add(identifier().identify(service.address(), service.port()).toCompletableFuture());
            }
            for (int answered = 0; answered < ports; answered++) {
                gate.awaitWaiting(Math.min(limit, ports - answered));
                gate.letOneAnswer();
            }
            for (CompletableFuture<Optional<ServiceIdentity>> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).map(ServiceIdentity::product).contains("Ollama");
            }
            assertThat(gate.mostWaiting()).isEqualTo(limit);
        } finally {
            gate.letAllAnswer();
        }
    }

    @Test
    void closingCompletesPendingProbesWithNothing() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        FakeService stuck = start(FakeService.builder("stuck").route("/", exchange -> {
            arrived.countDown();
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            useOptions(new IdentifyOptions(Duration.ofSeconds(30), 64 * 1024, 6, 16));
            ServiceIdentifier identifier = identifier();
            CompletableFuture<Optional<ServiceIdentity>> pending =
                    identifier.identify(stuck.address(), stuck.port()).toCompletableFuture();
            assertThat(arrived.await(20, TimeUnit.SECONDS)).as("the probe reached the service").isTrue();
            assertThat(pending).isNotDone();
            identifier.close();
            assertThat(pending.get(20, TimeUnit.SECONDS)).isEmpty();
        } finally {
            answer.countDown();
        }
    }

    @Test
    void identifyingAfterCloseGivesNothingWithoutProbing() throws Exception {
        FakeService ollama = start(LlmFakes.ollama());
        ServiceIdentifier identifier = identifier();
        identifier.close();
        identifier.close();
        assertThat(identifier.identify(ollama.address(), ollama.port()).toCompletableFuture().get(2, TimeUnit.SECONDS))
                .isEmpty();
        assertThat(ollama.requests()).isEmpty();
    }

    @Test
    void badArgumentsAreRejectedAtOnce() {
        assertThatThrownBy(() -> identifier().identify(InetAddress.getLoopbackAddress(), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> identifier().identify(InetAddress.getLoopbackAddress(), 65536))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdentifyOptions(Duration.ZERO, 65536, 6, 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdentifyOptions(Duration.ofSeconds(3), 10, 6, 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdentifyOptions(Duration.ofSeconds(3), 65536, 0, 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdentifyOptions(Duration.ofSeconds(3), 65536, 6, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Holds the services' answers: each {@code GET /} waits in {@link #enter} until the test lets one
     * answer; counts how many wait at once. Thread-safe.
     */
    private static final class Gate {
        private int waiting;
        private int mostWaiting;
        private int mayAnswer;
        private boolean open;

        synchronized void enter() {
            waiting++;
            mostWaiting = Math.max(mostWaiting, waiting);
            notifyAll();
            try {
                while (mayAnswer == 0 && !open) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (mayAnswer > 0) {
                mayAnswer--;
            }
        }

        /** Lets one waiting answer go; it stops counting as waiting at once. */
        synchronized void letOneAnswer() {
            waiting--;
            mayAnswer++;
            notifyAll();
        }

        synchronized void letAllAnswer() {
            open = true;
            notifyAll();
        }

        synchronized void awaitWaiting(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (waiting < n) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("%d probes waiting at once within 20 s (%d are)", n, waiting).isPositive();
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized int mostWaiting() {
            return mostWaiting;
        }
    }
}
