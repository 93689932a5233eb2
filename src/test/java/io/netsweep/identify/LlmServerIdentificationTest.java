package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LlmServerIdentificationTest extends IdentificationTestSupport {

    @Test
    void ollamaIsNamedByBannerVersionAndTags() throws Exception {
        ServiceIdentity identity = identified(LlmFakes.ollama());
        assertIdentity(identity, "Ollama", Optional.of("0.5.7"), "llm-server", AuthState.NONE,
                "llama3.2:3b", "qwen2.5-coder:7b");
        assertThat(identity.evidence()).contains("Ollama is running").contains("/api/tags");
    }

    @Test
    void ollamaOnAnUnusualPortIsStillOllama() throws Exception {
        FakeService service = start(LlmFakes.ollama());
        assertThat(service.port()).isNotEqualTo(11434);
        assertThat(identify(service)).map(ServiceIdentity::product).contains("Ollama");
    }

    @Test
    void ollamaBehindAnAuthProxyThatLeavesTheBannerOpenNeedsCredentials() throws Exception {
        ServiceIdentity identity = identified(LlmFakes.ollama()
                .route("/api/tags", FakeService.Reply.json(401, "{\"error\":\"unauthorized\"}")));
        assertIdentity(identity, "Ollama", Optional.of("0.5.7"), "llm-server", AuthState.REQUIRED);
    }

    @Test
    void ollamaOnIpv6LoopbackIsIdentified() throws Exception {
        FakeService service = start(LlmFakes.ollama().bind(InetAddress.getByName("::1"), 0));
        assertThat(identify(service)).map(ServiceIdentity::product).contains("Ollama");
        assertThat(service.requests()).hasSize(3);
    }

    @Test
    void lmStudioIsNamedByItsNativeModelList() throws Exception {
        assertIdentity(identified(LlmFakes.lmStudio()), "LM Studio", Optional.empty(), "llm-server", AuthState.NONE,
                "qwen2.5-7b-instruct", "text-embedding-nomic-embed-text-v1.5");
    }

    @Test
    void vllmIsNamedByOwnedByAndVersioned() throws Exception {
        assertIdentity(identified(LlmFakes.vllm()), "vLLM", Optional.of("0.6.4.post1"), "llm-server",
                AuthState.NONE, "meta-llama/Llama-3.1-8B-Instruct");
    }

    @Test
    void vllmWithAnApiKeyIsNamedByItsMetricsAndNeedsCredentials() throws Exception {
        ServiceIdentity identity = identified(LlmFakes.vllmWithApiKey());
        assertIdentity(identity, "vLLM", Optional.of("0.6.4.post1"), "llm-server", AuthState.REQUIRED);
        assertThat(identity.evidence()).contains("vllm: metrics");
    }

    @Test
    void llamaCppServerIsNamedAndVersionedByBuildInfo() throws Exception {
        assertIdentity(identified(LlmFakes.llamaCpp()), "llama.cpp server", Optional.of("b4570-a4417ddd"),
                "llm-server", AuthState.NONE, "Qwen2.5-7B-Instruct-Q4_K_M.gguf");
    }

    @Test
    void llamaCppWithoutItsWebPageIsFoundThroughTheModelList() throws Exception {
        ServiceIdentity identity = identified(LlmFakes.llamaCpp()
                .route("/", FakeService.Reply.json(404, "{\"error\":{\"code\":404,\"message\":\"File Not Found\"}}")));
        assertIdentity(identity, "llama.cpp server", Optional.of("b4570-a4417ddd"), "llm-server", AuthState.NONE,
                "Qwen2.5-7B-Instruct-Q4_K_M.gguf");
    }

    @Test
    void localAiIsNamedByItsWelcomePageAndVersion() throws Exception {
        assertIdentity(identified(LlmFakes.localAi()), "LocalAI", Optional.of("v2.26.0"), "llm-server",
                AuthState.NONE, "gpt-4", "whisper-1", "stablediffusion");
    }

    @Test
    void localAiVersionIsTheReleaseAndTheEvidenceKeepsTheCommit() throws Exception {
        ServiceIdentity id = identified(LlmFakes.localAi("v2.15.0"));
        assertThat(id.version()).contains("v2.15.0");
        assertThat(id.evidence()).contains("/version v2.15.0 (09941c0bfb9119bb01a04b2a0a16897ecf2cd087)");
    }

    @Test
    void koboldCppIsNamedByItsExtraVersionEndpoint() throws Exception {
        assertIdentity(identified(LlmFakes.koboldCpp()), "KoboldCpp", Optional.of("1.82.4"), "llm-server",
                AuthState.NONE, "koboldcpp/Mistral-7B-Instruct-v0.3.Q4_K_M");
    }

    @Test
    void koboldCppWithAPasswordIsProtected() throws Exception {
        ServiceIdentity identity = identified(LlmFakes.koboldCpp().route("/api/extra/version",
                FakeService.Reply.json("{\"result\":\"KoboldCpp\",\"version\":\"1.82.4\",\"protected\":true}")));
        assertIdentity(identity, "KoboldCpp", Optional.of("1.82.4"), "llm-server", AuthState.REQUIRED,
                "koboldcpp/Mistral-7B-Instruct-v0.3.Q4_K_M");
    }

    @Test
    void textGenerationWebUiIsNamedByItsInternalModelInfo() throws Exception {
        assertIdentity(identified(LlmFakes.textGenWebUi()), "text-generation-webui", Optional.empty(), "llm-server",
                AuthState.NONE, "Meta-Llama-3-8B-Instruct-Q5_K_M.gguf");
    }

    @Test
    void huggingFaceTgiIsNamedByItsInfoEndpoint() throws Exception {
        assertIdentity(identified(LlmFakes.tgi()), "Hugging Face TGI", Optional.of("3.2.1"), "llm-server",
                AuthState.NONE, "mistralai/Ministral-8B-Instruct-2410");
    }

    @Test
    void tritonIsNamedByItsServerMetadata() throws Exception {
        assertIdentity(identified(LlmFakes.triton()), "NVIDIA Triton Inference Server", Optional.of("2.41.0"),
                "ml-serving", AuthState.NONE);
    }
}
