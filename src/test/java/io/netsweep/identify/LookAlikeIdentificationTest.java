package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Products that emulate other products' APIs are named by their own evidence, or not named at all. */
class LookAlikeIdentificationTest extends IdentificationTestSupport {

    @Test
    void openAiCompatibleProxyIsNotNamedAsAnyProduct() throws Exception {
        ServiceIdentity identity = identified(LlmFakes.openAiProxy());
        assertIdentity(identity, "openai-compatible (unknown product)", Optional.empty(), "llm-server",
                AuthState.NONE, "gpt-4o", "claude-3-5-sonnet");
        assertThat(identity.evidence()).contains("owned_by openai");
    }

    @Test
    void openAiCompatibleProxyWithAKeyNeedsCredentials() throws Exception {
        assertIdentity(identified(LlmFakes.openAiProxyWithKey()), "openai-compatible (unknown product)",
                Optional.empty(), "llm-server", AuthState.REQUIRED);
    }

    @Test
    void serverEmulatingOnlyOllamaTagsIsNotOllama() throws Exception {
        assertIdentity(identified(LlmFakes.ollamaTagsOnly()), "ollama-compatible (unknown product)",
                Optional.empty(), "llm-server", AuthState.NONE, "mistral:7b");
    }

    @Test
    void koboldCppEmulatingOllamaIsKoboldCpp() throws Exception {
        FakeService kobold = start(LlmFakes.koboldCpp());
        ServiceIdentity identity = identify(kobold).orElseThrow();
        assertThat(identity.product()).isEqualTo("KoboldCpp");
        assertThat(identity.version()).contains("1.82.4");
    }

    @Test
    void koboldCppWithoutItsPageIsStillFoundBehindItsEmulatedApis() throws Exception {
        ServiceIdentity identity = identified(LlmFakes.koboldCpp()
                .route("/", FakeService.Reply.text(404, "text/html", "<html><body>Error 404</body></html>")));
        assertIdentity(identity, "KoboldCpp", Optional.of("1.82.4"), "llm-server", AuthState.NONE,
                "koboldcpp/Mistral-7B-Instruct-v0.3.Q4_K_M");
    }

    @Test
    void openWebUiProxyingOllamaIsOpenWebUi() throws Exception {
        assertThat(identified(MlFakes.openWebUi(false)).product()).isEqualTo("Open WebUI");
    }

    @Test
    void ollamaBannerWithoutOllamaApiIsNotOllama() throws Exception {
        FakeService fake = start(FakeService.builder("banner-only")
                .route("/", FakeService.Reply.text(200, "text/plain", "Ollama is running"))
                .fallback(LlmFakes.GO_404));
        assertThat(identify(fake)).isEmpty();
    }

    @Test
    void nginxDefaultPageOnTheOllamaPortIsNotOllama() throws Exception {
        // Bind Ollama's own port when it is free, so the port prior is exercised too; either way the verdict
        // must come from answers alone.
        FakeService nginx = startPreferring(LlmFakes.nginxDefault(), 11434);
        assertThat(identify(nginx)).isEmpty();
        assertThat(nginx.requests()).isNotEmpty();
    }

    @Test
    void spaAnsweringEveryPathWithItsPageIsNotAnything() throws Exception {
        FakeService.Reply page = FakeService.Reply.html("<!doctype html><html><head><title>Dashboard</title></head>"
                + "<body><div id=\"app\"></div></body></html>");
        FakeService spa = start(FakeService.builder("spa").fallback(page));
        assertThat(identify(spa)).isEmpty();
    }

    @Test
    void lmStudioStyleUnknownRouteAnswersDoNotMakeOtherProductsMatch() throws Exception {
        // LM Studio answers 200 on every path; only its own model list may name it.
        ServiceIdentity identity = identified(LlmFakes.lmStudio());
        assertThat(identity.product()).isEqualTo("LM Studio");
    }

    private FakeService startPreferring(FakeService.Builder builder, int port) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try {
            return start(builder.bind(loopback, port));
        } catch (BindException e) {
            return start(builder.bind(loopback, 0));
        }
    }
}
