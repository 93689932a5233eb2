package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * llama.cpp's {@code llama-server}: {@code /v1/models} entries are {@code "owned_by":"llamacpp"}, and
 * {@code /props} holds {@code default_generation_settings}, {@code total_slots} and {@code build_info}
 * (the version, {@code b4102-8f1d81a0}).
 */
final class LlamaCppFingerprint implements Fingerprint {
    static final String PROPS = "/props";

    @Override
    public int interest(Observations seen) {
        if (seen.root().mentions("llama.cpp")) {
            return NAMED;
        }
        return OpenAiModelList.from(seen).map(l -> l.ownedBy("llamacpp")).orElse(false) ? NAMED : 0;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(OpenAiModelList.PATH, PROPS);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<OpenAiModelList> list = OpenAiModelList.from(seen);
        boolean owned = list.map(l -> l.ownedBy("llamacpp")).orElse(false);
        Optional<JsonNode> props = seen.okJson(PROPS)
                .filter(n -> n.path("default_generation_settings").isObject()
                        && (n.path("total_slots").isNumber() || n.path("build_info").isTextual()));
        if (!owned && props.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> version = props.flatMap(n -> SafeJson.text(n, "build_info"));
        List<String> models = list.map(OpenAiModelList::ids)
                .filter(ids -> !ids.isEmpty())
                .or(() -> props.flatMap(n -> SafeJson.text(n, "model_path")).map(p -> List.of(baseName(p))))
                .orElse(List.of());
        String evidence = (owned ? "GET /v1/models owned_by llamacpp" : "GET /props has llama-server's fields")
                + version.map(v -> "; build " + v).orElse("");
        String apiPath = seen.fetched(OpenAiModelList.PATH) ? OpenAiModelList.PATH : PROPS;
        return Optional.of(Verdicts.decisive(this, seen, "llama.cpp server", version, Categories.LLM_SERVER,
                Auth.of(seen, apiPath), models, evidence));
    }

    private static String baseName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }
}
