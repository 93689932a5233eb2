package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        FakeService slow = start(LlmFakes.ollama().route("/api/version", exchange -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        long started = System.nanoTime();
        Optional<ServiceIdentity> identity = identifier().identifyFrom(
                new InetSocketAddress(slow.address(), slow.port()), false, root("Ollama is running"), Duration.ofMillis(500));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(identity.map(ServiceIdentity::version).flatMap(v -> v)).isEmpty();
        // The identifier's own timeout is 3 s per request: half a second left must end the wait well before.
        assertThat(elapsedMs).isLessThan(2_500);
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
