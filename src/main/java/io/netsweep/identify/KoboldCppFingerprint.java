package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * KoboldCpp: {@code /api/extra/version} answers {@code {"result":"KoboldCpp","version":..,"protected":..}},
 * which no other product serves. It also emulates Ollama ({@code /api/tags}), OpenAI
 * ({@code /v1/models}) and llama.cpp ({@code /props}), so any of those raises interest in it.
 */
final class KoboldCppFingerprint implements Fingerprint {
    static final String EXTRA_VERSION = "/api/extra/version";
    private static final int DEFAULT_PORT = 5001;

    @Override
    public int interest(Observations seen) {
        if (seen.root().mentions("kobold", "concedo")) {
            return NAMED;
        }
        boolean llmApi = OllamaTags.from(seen).isPresent() || OpenAiModelList.from(seen).isPresent()
                || seen.okJson(LlamaCppFingerprint.PROPS).isPresent();
        if (llmApi) {
            return 65;
        }
        return seen.port() == DEFAULT_PORT ? 20 : 5;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(EXTRA_VERSION, OpenAiModelList.PATH);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<JsonNode> extra = seen.okJson(EXTRA_VERSION)
                .filter(n -> n.path("result").isTextual() && n.path("result").asText().equalsIgnoreCase("KoboldCpp"));
        if (extra.isEmpty()) {
            return Optional.empty();
        }
        JsonNode info = extra.get();
        Optional<String> version = SafeJson.text(info, "version");
        AuthState auth;
        if (info.path("protected").isBoolean()) {
            auth = info.path("protected").asBoolean() ? AuthState.REQUIRED : AuthState.NONE;
        } else {
            auth = Auth.of(seen, OpenAiModelList.PATH);
        }
        List<String> models = OpenAiModelList.from(seen).map(OpenAiModelList::ids).orElse(List.of());
        return Optional.of(Verdicts.decisive(this, seen, "KoboldCpp", version, Categories.LLM_SERVER, auth, models,
                "GET " + EXTRA_VERSION + " result=KoboldCpp" + version.map(v -> " " + v).orElse("")
                        + (info.path("protected").asBoolean(false) ? ", protected" : "")));
    }
}
