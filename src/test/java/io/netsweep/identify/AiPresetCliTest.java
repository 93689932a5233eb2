package io.netsweep.identify;

import io.netsweep.testing.NetsweepCommand;
import io.netsweep.testing.NetsweepRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code netsweep --preset ai} end to end, as a separate process, against fake products on loopback:
 * each is named with its version and auth state, no look-alike is mistaken (the preset turns on service
 * detection, which names it as what it is), and no probe but GET is sent.
 */
class AiPresetCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<FakeService> fakes = new ArrayList<>();

    @AfterEach
    void stop() {
        fakes.forEach(FakeService::close);
    }

    private int start(FakeService.Builder b) throws Exception {
        FakeService f = b.start();
        fakes.add(f);
        return f.port();
    }

    private static List<JsonNode> netsweep(String... args) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : NetsweepRun.of(args).assertSuccess().lines()) {
            lines.add(JSON.readTree(l));
        }
        return lines;
    }

    @Test
    void aiPresetNamesEveryProductAndNoLookAlike() throws Exception {
        Map<Integer, String> product = new HashMap<>();
        int ollama = start(LlmFakes.ollama());
        int vllm = start(LlmFakes.vllm());
        int jupyter = start(MlFakes.jupyter(true));
        int kobold = start(LlmFakes.koboldCpp());
        int proxy = start(LlmFakes.openAiProxy());
        int nginx = start(LlmFakes.nginxDefault());
        int qdrant = start(VectorDbFakes.qdrant());
        int mlflow = start(MlFakes.mlflow());
        String ports = List.of(ollama, vllm, jupyter, kobold, proxy, nginx, qdrant, mlflow).stream()
                .map(String::valueOf).collect(Collectors.joining(","));

        List<JsonNode> lines = netsweep("--preset", "ai", "-p", ports, "-Pn", "-n", "-o", "json", "127.0.0.1");

        Map<Integer, JsonNode> services = new HashMap<>();
        for (JsonNode n : lines) {
            if (n.path("type").asText().equals("service")) {
                services.put(n.path("port").asInt(), n);
            }
        }
        assertThat(services.get(ollama).path("product").asText()).isEqualTo("Ollama");
        assertThat(services.get(ollama).path("version").asText()).isEqualTo("0.5.7");
        assertThat(services.get(ollama).path("auth").asText()).isEqualTo("none");
        assertThat(services.get(ollama).path("models").toString()).contains("llama3.2:3b");
        assertThat(services.get(vllm).path("product").asText()).isEqualTo("vLLM");
        assertThat(services.get(jupyter).path("product").asText()).startsWith("Jupyter");
        assertThat(services.get(jupyter).path("auth").asText()).isEqualTo("required");
        assertThat(services.get(kobold).path("product").asText()).isEqualTo("KoboldCpp");
        assertThat(services.get(proxy).path("product").asText()).isEqualTo("openai-compatible (unknown product)");
        // The preset turns service detection on: the look-alike is named for what it is, not taken for an AI product.
        assertThat(services.get(nginx).path("product").asText()).isEqualTo("nginx");
        assertThat(services.get(nginx).path("category").isNull()).isTrue();
        assertThat(services.get(nginx).path("auth").isNull()).isTrue();
        assertThat(services.get(qdrant).path("category").asText()).isEqualTo("vector-db");
        assertThat(services.get(mlflow).path("product").asText()).isEqualTo("MLflow");
        for (FakeService f : fakes) {
            assertThat(f.requests()).as("requests to %s", f.name()).allSatisfy(r ->
                    assertThat(r.method()).isEqualTo("GET"));
        }
    }

    @Test
    void noIdentifyTurnsProbesOff() throws Exception {
        int ollama = start(LlmFakes.ollama());
        List<JsonNode> lines = netsweep("--preset", "ai", "--no-identify", "-p", String.valueOf(ollama), "-Pn", "-n",
                "-o", "json", "127.0.0.1");
        assertThat(lines).noneMatch(n -> n.path("type").asText().equals("service"));
        assertThat(fakes.getFirst().requests()).isEmpty();
    }
}
