package io.netsweep.identify;

import java.util.List;
import java.util.Optional;

/**
 * oobabooga's text-generation-webui API (FastAPI, port 5000): {@code /v1/internal/model/info} answers
 * {@code {"model_name":..,"lora_names":[..]}}; its {@code /v1/models} entries are {@code "owned_by":"user"}.
 * The project has no version of its own that any endpoint states (modules/api/script.py: {@code FastAPI()} with
 * the default {@code 0.1.0} in its OpenAPI document, no version route; releases are git tags only), so none is
 * reported and no advisory can name it.
 */
final class TextGenWebUiFingerprint implements Fingerprint {
    static final String MODEL_INFO = "/v1/internal/model/info";
    private static final int API_PORT = 5000;

    @Override
    public int interest(Observations seen) {
        if (seen.statusIs(OpenAiModelList.PATH, 404)) {
            return 0;
        }
        if (OpenAiModelList.from(seen).map(l -> l.ownedBy("user")).orElse(false)) {
            return 70;
        }
        int interest = seen.root().kind() == Root.Kind.FASTAPI_NOT_FOUND ? 40 : 10;
        return interest + (seen.port() == API_PORT ? 15 : 0);
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(OpenAiModelList.PATH, MODEL_INFO);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<String> loaded = seen.okJson(MODEL_INFO)
                .filter(n -> n.path("model_name").isTextual())
                .flatMap(n -> SafeJson.text(n, "model_name"));
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        List<String> models = OpenAiModelList.from(seen).map(OpenAiModelList::ids).filter(ids -> !ids.isEmpty())
                .orElse(loaded.filter(m -> !m.equals("None")).map(List::of).orElse(List.of()));
        return Optional.of(Verdicts.decisive(this, seen, "text-generation-webui", Optional.empty(),
                Categories.LLM_SERVER, Auth.of(seen, MODEL_INFO), models,
                "GET " + MODEL_INFO + " model_name=" + loaded.get()));
    }
}
