package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.testing.LoopbackAddresses;
import io.netsweep.testing.NetsweepCommand;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code netsweep --preset ai} end to end, as a separate process, against one fake of every AI/ML product
 * netsweep knows (the coded fingerprints' fakes and the catalogue's) and the look-alikes, each on a loopback
 * address of its own: every product is named as its fake expects, no look-alike is taken for an AI product,
 * 75 or more distinct products are named, and nothing but GET reached any fake.
 */
class AiCatalogueCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LoopbackAddresses addresses = new LoopbackAddresses(5);
    private final List<FakeService> fakes = new ArrayList<>();

    @AfterEach
    void stop() {
        fakes.forEach(FakeService::close);
    }

    private FakeService start(FakeService.Builder builder) throws Exception {
        FakeService fake = builder.start();
        fakes.add(fake);
        return fake;
    }

    @Test
    void aiPresetNamesSeventyFiveProductsAndNoLookAlike() throws Exception {
        Map<String, ProductFakes.Spec> expected = new HashMap<>();
        for (ProductFakes.Spec spec : ProductFakes.all()) {
            FakeService fake = start(spec.builder(addresses.next()));
            expected.put(key(fake.address(), fake.port()), spec);
        }
        List<FakeService.Builder> coded = List.of(LlmFakes.ollama(), LlmFakes.vllm(), LlmFakes.llamaCpp(),
                LlmFakes.localAi(), LlmFakes.koboldCpp(), LlmFakes.textGenWebUi(), LlmFakes.tgi(), LlmFakes.triton(),
                LlmFakes.lmStudio(), MlFakes.openWebUi(false), MlFakes.jupyter(false), MlFakes.tensorBoard(),
                MlFakes.mlflow(), MlFakes.gradio(), MlFakes.streamlit(), MlFakes.comfyUi(), MlFakes.rayDashboard(),
                VectorDbFakes.qdrant(), VectorDbFakes.chroma(), VectorDbFakes.weaviate(),
                VectorDbFakes.milvusMetricsPort());
        for (FakeService.Builder builder : coded) {
            start(builder.bind(addresses.next(), 0));
        }
        String ports = fakes.stream().map(f -> String.valueOf(f.port())).distinct().collect(Collectors.joining(","));
        String first = fakes.getFirst().address().getHostAddress();
        String last = fakes.getLast().address().getHostAddress();

        List<JsonNode> lines = netsweep("--preset", "ai", "-p", ports, "-Pn", "-n", "--no-save", "-o", "json",
                first + "-" + last.substring(last.lastIndexOf('.') + 1));

        Map<String, JsonNode> services = new HashMap<>();
        for (JsonNode n : lines) {
            if (n.path("type").asText().equals("service")) {
                services.put(n.path("ip").asText() + ":" + n.path("port").asInt(), n);
            }
        }
        Set<String> named = new TreeSet<>();
        for (FakeService fake : fakes) {
            JsonNode service = services.get(key(fake.address(), fake.port()));
            ProductFakes.Spec spec = expected.get(key(fake.address(), fake.port()));
            if (spec != null && spec.product().isEmpty()) {
                // A look-alike may be named by service detection (Node Exporter is), never as an AI product.
                assertThat(service == null || service.path("category").isNull()).as("%s: %s", spec, service).isTrue();
                continue;
            }
            assertThat(service).as("a service event for %s", fake).isNotNull();
            String product = service.path("product").asText();
            if (spec != null) {
                assertThat(product).as("%s: %s", spec, service).isEqualTo(spec.product().get());
                if (spec.expect().containsKey("version") && !spec.expect().get("version").equals("-")) {
                    assertThat(service.path("version").asText()).as("%s", spec).isEqualTo(spec.expect().get("version"));
                }
                if (spec.expect().containsKey("auth")) {
                    assertThat(service.path("auth").asText()).as("%s", spec).isEqualTo(spec.expect().get("auth"));
                }
            }
            assertThat(service.path("category").isNull()).as("%s is an AI product: %s", fake, service).isFalse();
            if (!product.contains("(unknown product)")) {
                named.add(product);
            }
        }
        assertThat(named).as("products named").hasSizeGreaterThanOrEqualTo(75);
        for (FakeService fake : fakes) {
            assertThat(fake.requests()).as("requests to %s", fake).allSatisfy(r ->
                    assertThat(r.method()).isEqualTo("GET"));
        }
    }

    private static String key(InetAddress address, int port) {
        return address.getHostAddress() + ":" + port;
    }

    private static List<JsonNode> netsweep(String... args) throws Exception {
        Path stderr = Files.createTempFile("netsweep-ai-cli", ".err");
        try {
            Process p = new ProcessBuilder(NetsweepCommand.of(args)).redirectError(stderr.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(stderr)).isZero();
            return parse(out);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static List<JsonNode> parse(byte[] out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : new String(out, StandardCharsets.UTF_8).lines().toList()) {
            lines.add(JSON.readTree(l));
        }
        return lines;
    }
}
