package io.netsweep.port;

import java.util.Locale;

/**
 * Named port sets, as chosen with {@code --ports-preset} and {@code --top-ports}.
 *
 * <ul>
 *   <li>{@link #simple()}: the first 100 ports of netsweep's ranking of common TCP services.
 *   <li>{@link #full()}: every port, 1-65535.
 *   <li>{@link #ai()}: default ports of local AI/ML tools (model servers, notebooks, dashboards, vector
 *       databases), which are often left listening on all interfaces without authentication.
 *   <li>{@link #custom()}: empty; {@code -p} supplies the ports.
 * </ul>
 *
 * <p>Stateless; every method returns an immutable {@link PortSet}. Thread-safe.
 */
public final class PortPresets {
    /** The names {@link #byName} accepts. */
    public static final String NAMES = "simple, full, ai, custom";

    private static final int[] AI_PORTS = {
        11434, // Ollama API
        1234,  // LM Studio local server
        8888,  // Jupyter Notebook / JupyterLab
        8000,  // vLLM OpenAI-compatible server; Chroma server; Ray Serve HTTP; Triton HTTP
        6006,  // TensorBoard
        5000,  // MLflow tracking server / UI; text-generation-webui API
        7860,  // Gradio apps (Stable Diffusion web UI, text-generation-webui UI, Langflow)
        8501,  // Streamlit; TensorFlow Serving REST
        7861,  // Gradio's next port when 7860 is taken (it tries 7860 upwards)
        8080,  // llama.cpp llama-server, LocalAI, Open WebUI (container), Weaviate, TorchServe inference
        8081,  // TorchServe management API
        3000,  // Open WebUI (documented host port), Hugging Face text-generation-inference launcher, Flowise
        3001,  // AnythingLLM
        1337,  // Jan local API server
        5001,  // KoboldCpp
        5005,  // text-generation-webui streaming API (legacy api extension)
        8188,  // ComfyUI
        8265,  // Ray dashboard and job submission API
        10001, // Ray client server
        6333,  // Qdrant REST
        6334,  // Qdrant gRPC
        19530, // Milvus
        9091,  // Milvus health and metrics
        50051, // Weaviate gRPC
        8001,  // NVIDIA Triton gRPC
        8002,  // NVIDIA Triton metrics
        8500,  // TensorFlow Serving gRPC
        4000,  // LiteLLM proxy
        9997,  // Xinference
        23333, // LMDeploy api_server
        30000, // SGLang server
        // The product catalogue's default ports (io/netsweep/identify/products; ProductCatalogueTest keeps them here)
        2242,  // Aphrodite Engine
        21001, // FastChat controller
        4891,  // GPT4All local API server
        8321,  // Llama Stack
        3080,  // LibreChat
        3210,  // LobeChat
        5678,  // n8n
        7865,  // Fooocus
        7801,  // SwarmUI
        9090,  // InvokeAI
        8082,  // Kubeflow Central Dashboard; TorchServe metrics
        8008,  // ClearML API server
        8237,  // ZenML server
        4141,  // Kedro-Viz
        43800, // Aim UI
        47334, // MindsDB HTTP API
        54321, // H2O-3
        6900,  // Argilla
        8192,  // Polynote
        8882,  // Marqo
        19071, // Vespa config server
        8108,  // Typesense
        7700,  // Meilisearch
        5080,  // Pinecone Local
        9400,  // NVIDIA DCGM Exporter
        9200,  // Elasticsearch ML, OpenSearch ML Commons (the engines' REST port)
    };

    private PortPresets() {}

    /** The first 100 ports of the ranking, as {@code topPorts(100)}. */
    public static PortSet simple() {
        return topPorts(100);
    }

    /** All ports, 1-65535. */
    public static PortSet full() {
        return PortSet.range(PortSet.MIN_PORT, PortSet.MAX_PORT);
    }

    /** Default ports of AI/ML serving and tooling (each justified in the source). */
    public static PortSet ai() {
        return PortSet.of(AI_PORTS);
    }

    /** No ports: the preset for "ports given with {@code -p}". */
    public static PortSet custom() {
        return PortSet.empty();
    }

    /** The preset called {@code name} (case-insensitive): one of {@value #NAMES}. */
    public static PortSet byName(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "simple" -> simple();
            case "full" -> full();
            case "ai" -> ai();
            case "custom" -> custom();
            default -> throw new PortSpecException("unknown port preset " + PortSpecException.quote(String.valueOf(name)) + ": expected one of " + NAMES);
        };
    }

    /**
     * The first {@code n} ports of netsweep's ranking, for {@code --top-ports N} and the default ports: its list
     * of common TCP services ({@code scripts/common-tcp-ports.txt}), then the other ports with an IANA-registered
     * TCP service in the system and then the user range, then every other port, each group ascending. Every n
     * from 1 to 65535 is meaningful and {@code topPorts(65535)} is {@link #full()}. The ranking is a judgement
     * written down with its sources, not a measured frequency (see NOTICE).
     */
    public static PortSet topPorts(int n) {
        if (n < 1 || n > PortSet.MAX_PORT) {
            throw new PortSpecException("invalid --top-ports \"" + n + "\": must be 1-65535");
        }
        return PortSet.of(PortData.get().top(n));
    }

    /**
     * The first {@code n} UDP ports of netsweep's UDP ranking, for {@code -sU --top-ports N} and {@code -sU}'s
     * default ports: its list of common UDP services ({@code scripts/common-udp-ports.txt}), then the other ports
     * with an IANA-registered UDP service, as for TCP. A judgement written down with its sources, not a measured
     * frequency (see NOTICE).
     */
    public static PortSet topUdpPorts(int n) {
        if (n < 1 || n > PortSet.MAX_PORT) {
            throw new PortSpecException("invalid --top-ports \"" + n + "\": must be 1-65535");
        }
        return PortSet.of(PortData.udp().top(n));
    }
}
