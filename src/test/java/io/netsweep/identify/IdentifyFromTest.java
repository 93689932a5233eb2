package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Identification continued from an answer to GET / that service detection already fetched. */
class IdentifyFromTest extends IdentificationTestSupport {

    private static HttpReply root(String body) {
        return HttpReply.of(200, List.<Map.Entry<String, String>>of(Map.entry("Content-Type", "text/plain")),
                body.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void rootIsNotAskedAgain() throws Exception {
        FakeService ollama = start(LlmFakes.ollama());
        Optional<ServiceIdentity> identity = identifier().identifyFrom(
                new InetSocketAddress(ollama.address(), ollama.port()), false, root("Ollama is running"), Duration.ofSeconds(30));
        assertThat(identity).map(ServiceIdentity::product).contains("Ollama");
        assertThat(ollama.requests()).extracting(FakeService.Seen::target).doesNotContain("/");
    }

    @Test
    void timeLeftEndsEveryRequest() throws Exception {
        // The identifier's own timeout is the longest there is; the time left (half a second) must end the wait for a
        // version that never comes. Were it not kept, the call would still be waiting when the hang guard gives up.
        FakeService slow = start(LlmFakes.ollama().route("/api/version", exchange -> {
            try {
                new CountDownLatch(1).await(); // until the fake is closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        Optional<ServiceIdentity> identity = CompletableFuture.supplyAsync(() -> identifier().identifyFrom(
                new InetSocketAddress(slow.address(), slow.port()), false, root("Ollama is running"), Duration.ofMillis(500)))
                .get(60, TimeUnit.SECONDS);
        assertThat(identity.map(ServiceIdentity::version).flatMap(v -> v)).isEmpty();
        assertThat(slow.requests()).extracting(FakeService.Seen::target).contains("/api/version");
    }

    @Test
    void closedIdentifierIdentifiesNothing() throws Exception {
        FakeService ollama = start(LlmFakes.ollama());
        identifier().close();
        assertThat(identifier().identifyFrom(new InetSocketAddress(ollama.address(), ollama.port()), false,
                root("Ollama is running"), Duration.ofSeconds(5))).isEmpty();
        assertThat(ollama.requests()).isEmpty();
    }
}
