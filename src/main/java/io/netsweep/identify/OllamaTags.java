package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** Ollama's {@code GET /api/tags}: {@code {"models":[{"name":"llama3:8b","model":..,"digest":..,..}]}}. */
final class OllamaTags {
    static final String PATH = "/api/tags";

    private OllamaTags() {}

    /** The model names, if the answer has the shape of Ollama's (an empty list counts). */
    static Optional<List<String>> from(Observations seen) {
        Optional<JsonNode> json = seen.okJson(PATH);
        if (json.isEmpty() || !json.get().isObject()) {
            return Optional.empty();
        }
        Optional<JsonNode> models = SafeJson.array(json.get(), "models");
        if (models.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode model : models.get()) {
            if (!model.isObject() || !(model.path("name").isTextual() || model.path("model").isTextual())) {
                return Optional.empty();
            }
        }
        List<String> names = SafeJson.names(models.get(), "name", ServiceIdentity.MAX_MODELS);
        return Optional.of(names.isEmpty()
                ? SafeJson.names(models.get(), "model", ServiceIdentity.MAX_MODELS)
                : names);
    }
}
