package io.netsweep.finding;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.mcp.McpServer;
import io.netsweep.mcp.McpTool;
import io.netsweep.service.ServiceReport;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each rule fires on what it is about and on nothing else: auth states, categories, hints and versions decide. */
class FindingRulesTest {
    private final FindingRules rules = FindingRules.builtIn();

    private static ServiceReport ai(String product, String version, String category, AuthState auth) {
        ServiceIdentity id = new ServiceIdentity(product, Optional.ofNullable(version), category, auth, List.of(), "seen");
        return new ServiceReport("http", Optional.of(product), Optional.ofNullable(version), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.of(id), ServiceReport.Method.PROBED, 10, "probes");
    }

    private static ServiceReport mcp(AuthState auth, boolean listed, McpTool... tools) {
        McpServer server = new McpServer(McpServer.Transport.STREAMABLE_HTTP, "/mcp", Optional.of("s"), Optional.of("1"),
                Optional.of("2025-06-18"), auth, List.of(), List.of(tools), listed, tools.length, OptionalInt.empty(),
                OptionalInt.empty());
        ServiceIdentity id = new ServiceIdentity("MCP server", Optional.empty(), "mcp-server", auth, List.of(), "mcp");
        return new ServiceReport("http", Optional.of("MCP server"), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.of(id), ServiceReport.Method.PROBED, 10, "probes",
                Optional.of(server));
    }

    private List<String> ids(ServiceReport r) {
        return rules.of(r).stream().map(Finding::id).toList();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}: {4}")
    @CsvSource(nullValues = "-", value = {
            "Ollama, 0.17.1, llm-server, NONE, llm-api-no-auth",
            "Ollama, 0.17.1, llm-server, REQUIRED, -",
            "Ollama, 0.17.1, llm-server, UNKNOWN, -",
            "Jupyter Notebook, 6.4.12, notebook, NONE, jupyter-no-auth",
            "Jupyter Server, 2.18.0, notebook, REQUIRED, -",
            "Ray Dashboard, 2.54.0, ml-dashboard, NONE, ray-jobs-no-auth",
            "Ray Dashboard, 2.54.0, ml-dashboard, UNKNOWN, -",
            "MLflow, 2.20.0, ml-tracking, NONE, mlflow-no-auth",
            "MLflow, 2.20.0, ml-tracking, REQUIRED, -",
            "Qdrant, 1.12.0, vector-db, NONE, vector-db-no-auth",
            "Qdrant, 1.12.0, vector-db, REQUIRED, -",
            "ComfyUI, 0.3.12, ml-ui, NONE, comfyui-exposed",
            "ComfyUI, 0.3.12, ml-ui, UNKNOWN, comfyui-exposed",
            "ComfyUI, 0.3.12, ml-ui, REQUIRED, -",
            "Gradio, 4.44.1, ml-ui, UNKNOWN, gradio-app-exposed",
            "Gradio, 4.44.1, ml-ui, REQUIRED, -",
            "Streamlit, -, ml-ui, NONE, streamlit-app-exposed",
            "TensorBoard, 2.18.0, ml-dashboard, NONE, -",
            "Hugging Face TGI, 2.4.0, ml-serving, NONE, -",
            "Jan, -, llm-server, NONE, llm-api-no-auth",
            "Jupyter Enterprise Gateway, 3.2.3, notebook, NONE, jupyter-no-auth",
            "Elasticsearch ML, 8.15.3, ml-platform, NONE, -",
            "code-server, 4.104.2, notebook, REQUIRED, -"})
    void exposureRulesFireOnlyWhereTheyApply(String product, String version, String category, AuthState auth,
                                             String expected) {
        assertThat(ids(ai(product, version, category, auth)))
                .isEqualTo(expected == null ? List.of() : List.of(expected));
    }

    @Test
    void mcpToolsWithoutCredentialsAreHighWhenAToolMayActAndMediumWhenAllAreReadOnly() {
        McpTool reads = new McpTool("lookup", Optional.of(true), Optional.empty());
        McpTool writes = new McpTool("toggle", Optional.of(false), Optional.of(false));
        McpTool unannotated = new McpTool("run", Optional.empty(), Optional.empty());

        assertThat(rules.of(mcp(AuthState.NONE, true, reads))).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.MEDIUM));
        assertThat(rules.of(mcp(AuthState.NONE, true, reads, writes))).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.HIGH);
                    assertThat(f.detail()).contains("toggle (writes)").doesNotContain("lookup");
                });
        assertThat(rules.of(mcp(AuthState.NONE, true, unannotated))).singleElement()
                .satisfies(f -> assertThat(f.detail()).contains("run (destructive)"));
        assertThat(ids(mcp(AuthState.REQUIRED, false))).as("behind OAuth").isEmpty();
        assertThat(ids(mcp(AuthState.NONE, false))).as("no tools listing").isEmpty();
    }

    @Test
    void aVulnerableVersionRaisesItsAdvisoriesWithTheirCvesMostSevereFirst() {
        List<Finding> found = rules.of(ai("Ollama", "0.1.29", "llm-server", AuthState.REQUIRED));
        assertThat(found).extracting(Finding::id).containsExactly("vuln:CVE-2024-37032", "vuln:CVE-2026-7482",
                "vuln:CVE-2024-45436", "vuln:CVE-2024-39720", "vuln:CVE-2025-44779");
        assertThat(found.getFirst().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(found.getFirst().cves()).containsExactly("CVE-2024-37032");
        assertThat(found.getFirst().references()).containsExactly("https://nvd.nist.gov/vuln/detail/CVE-2024-37032");
        assertThat(found.getFirst().title()).startsWith("Ollama 0.1.29: ");
    }

    @Test
    void noVersionNoVersionFinding() {
        assertThat(ids(ai("Ollama", null, "llm-server", AuthState.REQUIRED))).isEmpty();
        assertThat(ids(new ServiceReport("ssh", Optional.of("OpenSSH"), Optional.of("9.2p1"), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), ServiceReport.Method.PROBED, 10, "x")))
                .isEmpty();
    }

    @Test
    void theAdvisoriesAreReadOnceAndOnlyForAReportThatNamesAVersion() {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        FindingRules lazy = new FindingRules(() -> {
            reads.incrementAndGet();
            return Advisories.builtIn();
        });
        lazy.of(ai("Streamlit", null, "ml-ui", AuthState.NONE));
        lazy.of(mcp(AuthState.NONE, true));
        assertThat(reads).hasValue(0);
        ServiceReport versioned = ai("Ollama", "0.17.1", "llm-server", AuthState.NONE);
        assertThat(lazy.of(versioned)).isEqualTo(rules.of(versioned));
        lazy.of(versioned);
        assertThat(reads).hasValue(1);
    }
}
