package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceIdentifierLifecycleTest extends IdentificationTestSupport {

    @Test
    void noMorePortsAreProbedAtOnceThanAllowed() throws Exception {
        useOptions(new IdentifyOptions(Duration.ofSeconds(3), 64 * 1024, 6, 2));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        List<FakeService> services = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            services.add(start(FakeService.builder("slow-" + i).route("/", exchange -> {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inFlight.decrementAndGet();
                }
                FakeService.Reply.text(200, "text/plain", "Ollama is running").handle(exchange);
            }).route("/api/version", FakeService.Reply.json("{\"version\":\"0.5.7\"}"))
                    .route("/api/tags", FakeService.Reply.json("{\"models\":[]}"))));
        }
        List<CompletableFuture<Optional<ServiceIdentity>>> results = new ArrayList<>();
        for (FakeService service : services) {
            results.add(identifier().identify(service.address(), service.port()).toCompletableFuture());
        }
        for (CompletableFuture<Optional<ServiceIdentity>> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS)).map(ServiceIdentity::product).contains("Ollama");
        }
        assertThat(mostInFlight.get()).isBetween(1, 2);
    }

    @Test
    void closingCompletesPendingProbesWithNothing() throws Exception {
        FakeService stuck = start(FakeService.builder("stuck").route("/", exchange -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        ServiceIdentifier identifier = identifier();
        CompletableFuture<Optional<ServiceIdentity>> pending =
                identifier.identify(stuck.address(), stuck.port()).toCompletableFuture();
        Thread.sleep(200);
        identifier.close();
        assertThat(pending.get(2, TimeUnit.SECONDS)).isEmpty();
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

    @Test
    void defaultsAreTheDocumentedOnes() {
        IdentifyOptions defaults = IdentifyOptions.defaults();
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(defaults.maxResponseBytes()).isEqualTo(64 * 1024);
        assertThat(defaults.maxRequestsPerPort()).isEqualTo(6);
        assertThat(defaults.maxConcurrent()).isEqualTo(16);
    }
}
