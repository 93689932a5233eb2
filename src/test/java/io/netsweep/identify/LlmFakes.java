package io.netsweep.identify;

import io.netsweep.identify.FakeService.Builder;
import io.netsweep.identify.FakeService.Reply;

/** Fakes of LLM servers, answering like each product's documented API (and its 404s). */
final class LlmFakes {
    static final Reply FASTAPI_404 = Reply.json(404, "{\"detail\":\"Not Found\"}").header("server", "uvicorn");
    static final Reply GO_404 = Reply.text(404, "text/plain", "404 page not found");

    private LlmFakes() {}

    static Builder ollama() {
        return ollama("0.5.7");
    }

    static Builder ollama(String version) {
        return FakeService.builder("ollama")
                .route("/", Reply.text(200, "text/plain; charset=utf-8", "Ollama is running"))
                .route("/api/version", Reply.json("{\"version\":\"" + version + "\"}"))
                .route("/api/tags", Reply.json("""
                        {"models":[
                          {"name":"llama3.2:3b","model":"llama3.2:3b","modified_at":"2025-01-20T10:00:00Z",
                           "size":2019393189,"digest":"a80c4f17acd5","details":{"parent_model":"","format":"gguf",
                           "family":"llama","families":["llama"],"parameter_size":"3.2B","quantization_level":"Q4_K_M"}},
                          {"name":"qwen2.5-coder:7b","model":"qwen2.5-coder:7b","modified_at":"2025-01-18T09:00:00Z",
                           "size":4683087332,"digest":"2b0496514337","details":{"format":"gguf","family":"qwen2"}}]}
                        """))
                .fallback(GO_404);
    }

    static Builder lmStudio() {
        return FakeService.builder("lm-studio")
                .route("/v1/models", Reply.json("""
                        {"data":[{"id":"qwen2.5-7b-instruct","object":"model","owned_by":"organization_owner"},
                                 {"id":"text-embedding-nomic-embed-text-v1.5","object":"model",
                                  "owned_by":"organization_owner"}],"object":"list"}
                        """))
                .route("/api/v0/models", Reply.json("""
                        {"object":"list","data":[
                          {"id":"qwen2.5-7b-instruct","object":"model","type":"llm","publisher":"lmstudio-community",
                           "arch":"qwen2","compatibility_type":"gguf","quantization":"Q4_K_M","state":"loaded",
                           "max_context_length":32768},
                          {"id":"text-embedding-nomic-embed-text-v1.5","object":"model","type":"embeddings",
                           "publisher":"nomic-ai","arch":"nomic-bert","compatibility_type":"gguf",
                           "quantization":"Q4_0","state":"not-loaded","max_context_length":2048}]}
                        """))
                .fallback(exchange -> Reply.json("{\"error\":\"Unexpected endpoint or method. (GET "
                        + exchange.getRequestURI().getRawPath() + ")\"}").handle(exchange));
    }

    static Builder vllm() {
        return vllm("0.6.4.post1");
    }

    static Builder vllm(String version) {
        return FakeService.builder("vllm")
                .route("/version", Reply.json("{\"version\":\"" + version + "\"}").header("server", "uvicorn"))
                .route("/health", Reply.status(200))
                .route("/v1/models", Reply.json("""
                        {"object":"list","data":[{"id":"meta-llama/Llama-3.1-8B-Instruct","object":"model",
                          "created":1737000000,"owned_by":"vllm","root":"meta-llama/Llama-3.1-8B-Instruct",
                          "parent":null,"max_model_len":8192,"permission":[{"id":"modelperm-1",
                          "object":"model_permission","allow_sampling":true}]}]}
                        """).header("server", "uvicorn"))
                .route("/metrics", Reply.text(200, "text/plain; version=0.0.4", VLLM_METRICS))
                .fallback(FASTAPI_404);
    }

    /** vLLM started with {@code --api-key}: the OpenAI routes want the key, /version and /metrics do not. */
    static Builder vllmWithApiKey() {
        return vllm().route("/v1/models", Reply.json(401, "{\"error\":\"Unauthorized\"}").header("server", "uvicorn"));
    }

    static final String VLLM_METRICS = """
            # HELP python_gc_objects_collected_total Objects collected during gc
            # TYPE python_gc_objects_collected_total counter
            python_gc_objects_collected_total{generation="0"} 12345.0
            # HELP vllm:num_requests_running Number of requests currently running on GPU.
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.0
            """;

    static Builder llamaCpp() {
        return llamaCpp("b4570-a4417ddd");
    }

    /** llama-server of build {@code buildInfo} ({@code /props} build_info: tools/server, "b" + build + "-" + commit). */
    static Builder llamaCpp(String buildInfo) {
        return FakeService.builder("llama.cpp")
                .route("/", Reply.html("<!doctype html><html><head><title>llama.cpp - chat</title></head>"
                        + "<body><div id=\"app\"></div></body></html>"))
                .route("/health", Reply.json("{\"status\":\"ok\"}"))
                .route("/v1/models", Reply.json("""
                        {"object":"list","data":[{"id":"Qwen2.5-7B-Instruct-Q4_K_M.gguf","object":"model",
                          "created":1737000000,"owned_by":"llamacpp","meta":{"vocab_type":2,"n_vocab":152064,
                          "n_ctx_train":32768,"n_embd":3584,"n_params":7615616512,"size":4677120000}}]}
                        """))
                .route("/props", Reply.json("""
                        {"default_generation_settings":{"n_ctx":8192,"temperature":0.8,"top_k":40},
                         "total_slots":1,"model_path":"/models/Qwen2.5-7B-Instruct-Q4_K_M.gguf",
                         "chat_template":"{% for message in messages %}...{% endfor %}",
                         "build_info":"BUILD_INFO"}
                        """.replace("BUILD_INFO", buildInfo)))
                .fallback(Reply.json(404,
                        "{\"error\":{\"code\":404,\"message\":\"File Not Found\",\"type\":\"not_found_error\"}}"));
    }

    static Builder localAi() {
        return localAi("v2.26.0");
    }

    /** LocalAI stating {@code release} followed by the commit it was built from, as its {@code /version} does. */
    static Builder localAi(String release) {
        String stated = release + " (09941c0bfb9119bb01a04b2a0a16897ecf2cd087)";
        return FakeService.builder("localai")
                .route("/", Reply.html("<!DOCTYPE html><html lang=\"en\"><head><title>LocalAI API - " + stated
                        + "</title></head><body><h1>Welcome to your LocalAI instance!</h1></body></html>"))
                .route("/version", Reply.json("{\"version\":\"" + stated + "\"}"))
                .route("/readyz", Reply.text(200, "text/plain", "OK"))
                .route("/v1/models", Reply.json("""
                        {"object":"list","data":[{"id":"gpt-4","object":"model"},
                          {"id":"whisper-1","object":"model"},{"id":"stablediffusion","object":"model"}]}
                        """))
                .fallback(Reply.json(404, "{\"error\":{\"code\":404,\"message\":\"Not Found\"}}"));
    }

    static Builder koboldCpp() {
        return FakeService.builder("koboldcpp")
                .route("/", Reply.html("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                        + "<title>KoboldAI Lite</title></head><body>KoboldAI Lite Web UI</body></html>"))
                .route("/api/extra/version", Reply.json("{\"result\":\"KoboldCpp\",\"version\":\"1.82.4\","
                        + "\"protected\":false,\"txt2img\":false,\"vision\":false,\"transcribe\":false,"
                        + "\"multiplayer\":false,\"websearch\":false,\"tts\":false,\"embeddings\":false}"))
                .route("/api/v1/model", Reply.json("{\"result\":\"koboldcpp/Mistral-7B-Instruct-v0.3.Q4_K_M\"}"))
                .route("/v1/models", Reply.json("{\"object\":\"list\",\"data\":[{\"id\":"
                        + "\"koboldcpp/Mistral-7B-Instruct-v0.3.Q4_K_M\",\"object\":\"model\",\"created\":1,"
                        + "\"owned_by\":\"koboldcpp\",\"permission\":[],\"root\":\"koboldcpp\"}]}"))
                .route("/props", Reply.json("{\"default_generation_settings\":{\"n_ctx\":4096},\"total_slots\":1,"
                        + "\"chat_template\":\"\"}"))
                // KoboldCpp emulates Ollama too, answering Ollama clients on these paths:
                .route("/api/tags", Reply.json("{\"models\":[{\"name\":\"koboldcpp/Mistral-7B-Instruct-v0.3.Q4_K_M\","
                        + "\"model\":\"koboldcpp/Mistral-7B-Instruct-v0.3.Q4_K_M\",\"modified_at\":\"2024-07-19T15:26:55Z\","
                        + "\"size\":394998579,\"digest\":\"b5dc5e784f2a\",\"details\":{\"format\":\"gguf\"}}]}"))
                .route("/api/version", Reply.json("{\"version\":\"0.5.0\"}"))
                .fallback(Reply.text(404, "text/html", "<html><body>Error 404</body></html>"));
    }

    static Builder textGenWebUi() {
        return FakeService.builder("text-generation-webui")
                .route("/v1/models", Reply.json("""
                        {"object":"list","data":[{"id":"Meta-Llama-3-8B-Instruct-Q5_K_M.gguf","object":"model",
                          "created":0,"owned_by":"user"}]}
                        """).header("server", "uvicorn"))
                .route("/v1/internal/model/info",
                        Reply.json("{\"model_name\":\"Meta-Llama-3-8B-Instruct-Q5_K_M.gguf\",\"lora_names\":[]}"))
                .fallback(FASTAPI_404);
    }

    static Builder tgi() {
        return FakeService.builder("tgi")
                .route("/", Reply.status(405).header("allow", "POST"))
                .route("/info", Reply.json("""
                        {"model_id":"mistralai/Ministral-8B-Instruct-2410",
                         "model_sha":"4847e87e5975a573a2a190399ca62cd266c899ad","model_pipeline_tag":null,
                         "max_concurrent_requests":128,"max_best_of":2,"max_stop_sequences":4,
                         "max_input_tokens":32767,"max_total_tokens":32768,"validation_workers":2,
                         "max_client_batch_size":4,"router":"text-generation-router","version":"3.2.1",
                         "sha":"4d28897b4e345f4dfdd93d3434e50ac8afcdf9e1","docker_label":"sha-4d28897"}
                        """))
                .route("/health", Reply.status(200))
                .fallback(Reply.status(404));
    }

    static Builder triton() {
        return FakeService.builder("triton")
                .route("/v2", Reply.json("{\"name\":\"triton\",\"version\":\"2.41.0\",\"extensions\":["
                        + "\"classification\",\"sequence\",\"model_repository\",\"model_configuration\","
                        + "\"system_shared_memory\",\"cuda_shared_memory\",\"binary_tensor_data\",\"statistics\"]}"))
                .route("/v2/health/ready", Reply.status(200))
                .fallback(Reply.status(400));
    }

    /** A LiteLLM-style proxy: OpenAI-compatible, with a Swagger page and no product banner we know. */
    static Builder openAiProxy() {
        return FakeService.builder("openai-proxy")
                .route("/", Reply.html("<!DOCTYPE html><html><head><title>API - Swagger UI</title></head>"
                        + "<body><div id=\"swagger-ui\"></div></body></html>"))
                .route("/v1/models", Reply.json("""
                        {"data":[{"id":"gpt-4o","object":"model","created":1677610602,"owned_by":"openai"},
                                 {"id":"claude-3-5-sonnet","object":"model","created":1677610602,"owned_by":"openai"}],
                         "object":"list"}
                        """))
                .route("/health/liveliness", Reply.json("\"I'm alive!\""))
                .fallback(FASTAPI_404);
    }

    static Builder openAiProxyWithKey() {
        return openAiProxy().route("/v1/models", Reply.json(401, "{\"error\":{\"message\":\"Authentication Error, "
                + "No api key passed in.\",\"type\":\"auth_error\",\"param\":\"None\",\"code\":\"401\"}}"));
    }

    /** Emulates only Ollama's model list, as small gateways do; nothing names a product. */
    static Builder ollamaTagsOnly() {
        return FakeService.builder("tags-only")
                .route("/", Reply.text(200, "text/plain", "OK"))
                .route("/api/tags", Reply.json("{\"models\":[{\"name\":\"mistral:7b\",\"model\":\"mistral:7b\","
                        + "\"size\":4109865159,\"digest\":\"f974a74358d6\"}]}"))
                .fallback(Reply.text(404, "text/plain", "Not Found"));
    }

    /** A stock nginx with its default page. */
    static Builder nginxDefault() {
        String notFound = "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1>"
                + "</center><hr><center>nginx/1.24.0</center></body></html>";
        return FakeService.builder("nginx")
                .route("/", Reply.html("<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body>"
                        + "<h1>Welcome to nginx!</h1><p>If you see this page, the nginx web server is successfully "
                        + "installed and working.</p></body></html>").header("server", "nginx/1.24.0"))
                .fallback(Reply.text(404, "text/html", notFound).header("server", "nginx/1.24.0"));
    }
}
