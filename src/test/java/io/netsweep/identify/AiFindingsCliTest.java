package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.identify.FakeService.Reply;
import io.netsweep.mcp.McpServers;
import io.netsweep.mcp.RecordingProxy;
import io.netsweep.testing.NetsweepRun;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code netsweep --preset ai} end to end, as a separate process, against real MCP servers (npm's reference server
 * in both HTTP transports, SDK servers with OAuth or only read-only tools, each behind a recording proxy), the
 * real Jupyter Notebook from Debian with and without a token, and products replayed on loopback: each finding is
 * raised on the port where it applies and nowhere else, with its CVE identifiers where a version is affected; the
 * MCP servers' tools are listed; no MCP server saw {@code tools/call}, and nothing else was sent anything but GET.
 * The scan starts once every real server has answered as it will to netsweep (a discovery, a page), not merely
 * listens: on a loaded machine a server's first answer was slow enough to miss the port's deadline.
 */
class AiFindingsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<FakeService> fakes = new ArrayList<>();
    private final List<Callable<Object>> readiness = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    private int fake(FakeService.Builder b) throws Exception {
        FakeService f = keep(b.start());
        fakes.add(f);
        return f.port();
    }

    /** The server behind a recording proxy; ready ({@link #ready}) once it answers a discovery sent to it directly. */
    private RecordingProxy mcp(McpServers.Running server) throws Exception {
        keep(server);
        readiness.add(server::awaitAnswering);
        return keep(new RecordingProxy(server.address()));
    }

    private int jupyter(String token) throws Exception {
        RealJupyter j = keep(RealJupyter.start(token));
        readiness.add(j::awaitAnswering);
        return j.port();
    }

    /** Waits until every real server answers as it will to netsweep, all at once as the scan would ask them. */
    private void ready() throws Exception {
        try (ExecutorService all = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<?> f : all.invokeAll(readiness)) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
    }

    @Test
    void aiPresetRaisesEachFindingWhereItAppliesAndListsMcpTools() throws Exception {
        RecordingProxy streamable = mcp(McpServers.everything("streamableHttp"));
        RecordingProxy sse = mcp(McpServers.everything("sse"));
        RecordingProxy oauth = mcp(McpServers.sdkServer("oauth"));
        RecordingProxy readOnly = mcp(McpServers.sdkServer("readonly"));
        int openJupyter = jupyter("");
        int tokenJupyter = jupyter("0123456789abcdef0123456789abcdef");
        int ollamaOld = fake(LlmFakes.ollama().route("/api/version", Reply.json("{\"version\":\"0.1.29\"}")));
        int ollama = fake(LlmFakes.ollama());
        int vllmWithKey = fake(LlmFakes.vllmWithApiKey());
        int ray = fake(MlFakes.rayDashboard());
        int mlflow = fake(MlFakes.mlflow());
        int qdrant = fake(VectorDbFakes.qdrant());
        int comfy = fake(MlFakes.comfyUi());
        int gradio = fake(MlFakes.gradio());
        int nginx = fake(LlmFakes.nginxDefault());
        List<Integer> ports = List.of(streamable.port(), sse.port(), oauth.port(), readOnly.port(), openJupyter,
                tokenJupyter, ollamaOld, ollama, vllmWithKey, ray, mlflow, qdrant, comfy, gradio, nginx);

        ready();
        List<JsonNode> lines = netsweep("--preset", "ai", "-p",
                ports.stream().map(String::valueOf).collect(Collectors.joining(",")), "-Pn", "-n", "-o", "json",
                "127.0.0.1");

        Map<Integer, Set<String>> findings = new TreeMap<>();
        Map<Integer, JsonNode> services = new TreeMap<>();
        Map<String, JsonNode> byId = new TreeMap<>();
        for (JsonNode n : lines) {
            switch (n.path("type").asText()) {
                case "finding" -> {
                    findings.computeIfAbsent(n.get("port").asInt(), p -> new TreeSet<>()).add(n.get("id").asText());
                    byId.put(n.get("port").asInt() + " " + n.get("id").asText(), n);
                }
                case "service" -> services.put(n.get("port").asInt(), n);
                default -> { }
            }
        }
        Map<Integer, Set<String>> expected = new TreeMap<>();
        expected.put(streamable.port(), Set.of("mcp-tools-no-auth"));
        expected.put(sse.port(), Set.of("mcp-tools-no-auth"));
        expected.put(readOnly.port(), Set.of("mcp-tools-no-auth"));
        expected.put(openJupyter, Set.of("jupyter-no-auth"));
        expected.put(ollamaOld, Set.of("llm-api-no-auth", "vuln:CVE-2024-37032", "vuln:CVE-2024-45436",
                "vuln:CVE-2024-39720", "vuln:CVE-2025-44779", "vuln:CVE-2026-7482"));
        expected.put(ollama, Set.of("llm-api-no-auth", "vuln:CVE-2026-7482"));
        expected.put(ray, Set.of("ray-jobs-no-auth", "vuln:CVE-2026-27482", "vuln:GHSA-q279-jhrf-cc6v"));
        expected.put(mlflow, Set.of("mlflow-no-auth"));
        expected.put(qdrant, Set.of("vector-db-no-auth"));
        expected.put(comfy, Set.of("comfyui-exposed"));
        expected.put(gradio, Set.of("gradio-app-exposed"));
        // Nothing on: the OAuth server, Jupyter with a token, vLLM with an API key, nginx.
        assertThat(findings).as(services.toString()).isEqualTo(expected);

        assertThat(byId.get(streamable.port() + " mcp-tools-no-auth").get("severity").asText())
                .as("a tool that is not read-only").isEqualTo("high");
        assertThat(byId.get(readOnly.port() + " mcp-tools-no-auth").get("severity").asText())
                .as("only read-only tools").isEqualTo("medium");
        assertThat(byId.get(openJupyter + " jupyter-no-auth").get("severity").asText()).isEqualTo("critical");
        assertThat(byId.get(ollamaOld + " vuln:CVE-2024-37032").get("cves").toString()).contains("CVE-2024-37032");
        assertThat(byId.get(ray + " ray-jobs-no-auth").get("cves").toString()).contains("CVE-2023-48022");

        JsonNode everything = services.get(streamable.port()).get("mcp");
        assertThat(everything.get("server_name").asText()).isEqualTo("mcp-servers/everything");
        assertThat(everything.get("protocol_version").asText()).isEqualTo("2025-06-18");
        assertThat(everything.get("tools").findValuesAsText("name")).contains("echo", "get-sum");
        assertThat(services.get(sse.port()).get("mcp").get("transport").asText()).isEqualTo("HTTP+SSE");
        assertThat(services.get(oauth.port()).get("auth").asText()).isEqualTo("required");
        assertThat(services.get(tokenJupyter).get("product").asText()).isEqualTo("Jupyter Notebook");
        assertThat(services.get(tokenJupyter).get("version").asText()).isEqualTo("6.4.12");
        assertThat(services.get(tokenJupyter).get("auth").asText()).isEqualTo("required");

        for (RecordingProxy proxy : List.of(streamable, sse, oauth, readOnly)) {
            assertThat(proxy.rpcMethods()).as("what an MCP server was asked")
                    .isSubsetOf("initialize", "notifications/initialized", "tools/list", "resources/list",
                            "prompts/list");
            assertThat(String.join("", proxy.connections())).doesNotContain("tools/call");
        }
        for (FakeService f : fakes) {
            assertThat(f.requests()).as("requests to %s", f.name()).allSatisfy(r ->
                    assertThat(r.method()).isEqualTo("GET"));
        }
    }

    @Test
    void tableMarksFindingsAndListsTools() throws Exception {
        RecordingProxy streamable = mcp(McpServers.everything("streamableHttp"));
        ready();
        List<String> table = run("--preset", "ai", "-p", String.valueOf(streamable.port()), "-Pn", "-n",
                "--no-progress", "127.0.0.1");
        assertThat(table).anyMatch(l -> l.startsWith("    tools: ") && l.contains("echo (read-only)"))
                .anyMatch(l -> l.equals("    ! HIGH MCP server offers tools that may act, without credentials"));
    }

    private static List<JsonNode> netsweep(String... args) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String l : run(args)) {
            nodes.add(JSON.readTree(l));
        }
        return nodes;
    }

    private static List<String> run(String... args) throws Exception {
        return NetsweepRun.of(args).assertSuccess().lines();
    }
}
