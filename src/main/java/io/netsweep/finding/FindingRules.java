package io.netsweep.finding;

import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.mcp.McpServer;
import io.netsweep.mcp.McpTool;
import io.netsweep.service.ServiceReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What deserves a finding in what service detection reported about one port: AI/ML services that answer
 * anyone (an LLM API, Jupyter, Ray's job API, MLflow, a vector database, ComfyUI, Gradio and Streamlit apps),
 * an MCP server that lists its tools without credentials (high when a tool is not declared read-only), and a
 * version that a known advisory names ({@link Advisories}). Findings rest on what the service answered, never
 * on the port number, and only on versions the service disclosed. Immutable and thread-safe.
 */
public final class FindingRules {
    private static final String RAY_CVE = "CVE-2023-48022";
    private static final int NAMED_TOOLS = 8;

    /** Most severe first, then by id: the same order live and when a stored scan is replayed. */
    public static final java.util.Comparator<Finding> ORDER =
            java.util.Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::id);

    private final Supplier<Advisories> source;
    /** Read once, by the first report that names a product and a version; null until then. */
    private volatile Advisories advisories;

    public FindingRules(Advisories advisories) {
        Objects.requireNonNull(advisories, "advisories");
        this.source = () -> advisories;
        this.advisories = advisories;
    }

    /**
     * Rules over the advisories {@code source} gives, asked for them once, when a report first names a product and
     * its version: a scan that detects no versions (every scan without {@code -sV} or the AI preset) never reads
     * the catalogue.
     */
    public FindingRules(Supplier<Advisories> source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The rules over the advisories shipped with netsweep, read when first needed. */
    public static FindingRules builtIn() {
        return new FindingRules(Advisories::builtIn);
    }

    private Advisories advisories() {
        Advisories a = advisories;
        if (a == null) {
            synchronized (this) {
                a = advisories;
                if (a == null) {
                    a = Objects.requireNonNull(source.get(), "advisories");
                    advisories = a;
                }
            }
        }
        return a;
    }

    /** The findings of one port's report, in {@link #ORDER}. */
    public List<Finding> of(ServiceReport report) {
        List<Finding> found = new ArrayList<>();
        report.mcp().ifPresent(server -> mcp(server).ifPresent(found::add));
        if (report.mcp().isEmpty()) {
            report.ai().ifPresent(id -> exposure(id).ifPresent(found::add));
        }
        if (report.product().isPresent() && report.version().isPresent()) {
            for (Advisory a : advisories().affecting(report.product().get(), report.version().get())) {
                found.add(a.finding(report.product().get(), report.version().get()));
            }
        }
        found.sort(ORDER);
        return List.copyOf(found);
    }

    private static Optional<Finding> mcp(McpServer server) {
        if (server.auth() == AuthState.REQUIRED || !server.toolsListed()) {
            return Optional.empty();
        }
        List<McpTool> writing = server.writingTools();
        String where = server.transport().label() + " " + server.endpoint();
        String detail;
        if (writing.isEmpty()) {
            detail = server.toolCount() + " tools listed over " + where + ", all declared read-only";
        } else {
            List<String> names = writing.stream().limit(NAMED_TOOLS).map(t -> t.name() + " (" + t.access() + ")").toList();
            detail = server.toolCount() + " tools listed over " + where + "; not declared read-only: "
                    + String.join(", ", names) + (writing.size() > NAMED_TOOLS ? ", +" + (writing.size() - NAMED_TOOLS) + " more" : "");
        }
        return Optional.of(new Finding("mcp-tools-no-auth", writing.isEmpty() ? Severity.MEDIUM : Severity.HIGH,
                writing.isEmpty() ? "MCP server lists its tools without credentials"
                        : "MCP server offers tools that may act, without credentials",
                detail, List.of(), List.of("https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization")));
    }

    private static Optional<Finding> exposure(ServiceIdentity id) {
        String product = id.product();
        String p = product.toLowerCase(Locale.ROOT);
        boolean open = id.auth() == AuthState.NONE;
        boolean notClosed = id.auth() != AuthState.REQUIRED;
        String seen = product + ": " + id.evidence();
        if (p.startsWith("jupyter") && open) {
            return finding("jupyter-no-auth", Severity.CRITICAL,
                    "Jupyter without token or password: anyone who reaches it can run code", seen);
        }
        if (p.startsWith("ray") && open) {
            return Optional.of(new Finding("ray-jobs-no-auth", Severity.CRITICAL,
                    "Ray's job API answers without credentials: anyone who reaches it can run code on the cluster",
                    seen, List.of(RAY_CVE), List.of("https://nvd.nist.gov/vuln/detail/" + RAY_CVE)));
        }
        if (p.equals("mlflow") && open) {
            return finding("mlflow-no-auth", Severity.HIGH,
                    "MLflow answers its tracking API without credentials: experiments, models and artifacts are open", seen);
        }
        if (p.equals("comfyui") && notClosed) {
            return finding("comfyui-exposed", Severity.HIGH,
                    "ComfyUI is open to the network: anyone can queue workflows and read its outputs", seen);
        }
        if (p.equals("gradio") && notClosed) {
            return finding("gradio-app-exposed", Severity.MEDIUM, "Gradio app open to the network", seen);
        }
        if (p.equals("streamlit") && notClosed) {
            return finding("streamlit-app-exposed", Severity.MEDIUM, "Streamlit app open to the network", seen);
        }
        if (id.category().equals("vector-db") && open) {
            return finding("vector-db-no-auth", Severity.HIGH,
                    "Vector database answers its API without credentials: collections can be listed and read", seen);
        }
        if (id.category().equals("llm-server") && open) {
            return finding("llm-api-no-auth", Severity.HIGH,
                    "LLM inference API answers without credentials: anyone can use its models"
                            + (id.models().isEmpty() ? "" : " (" + id.models().size() + " listed)"), seen);
        }
        return Optional.empty();
    }

    private static Optional<Finding> finding(String id, Severity severity, String title, String detail) {
        return Optional.of(new Finding(id, severity, title, detail, List.of(), List.of()));
    }
}
