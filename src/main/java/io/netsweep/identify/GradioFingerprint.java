package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** Gradio: its page embeds {@code gradio_config}; {@code /config} answers {@code {"version":..,"mode":"blocks",..}}. */
final class GradioFingerprint implements Fingerprint {
    static final String CONFIG = "/config";

    @Override
    public int interest(Observations seen) {
        return seen.root().mentions("gradio") ? NAMED : 0;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(CONFIG);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        if (!seen.root().mentions("gradio")) {
            return Optional.empty();
        }
        Optional<JsonNode> config = seen.okJson(CONFIG)
                .filter(n -> n.path("mode").isTextual() && n.path("version").isTextual());
        if (config.isEmpty() && !Auth.denied(seen, CONFIG)) {
            return Optional.empty();
        }
        Optional<String> version = config.flatMap(n -> SafeJson.text(n, "version"));
        AuthState auth = config.map(n -> n.path("auth_required").asBoolean(false)).orElse(false)
                ? AuthState.REQUIRED : Auth.of(seen, CONFIG);
        return Optional.of(Verdicts.decisive(this, seen, "Gradio", version, Categories.ML_UI, auth, List.of(),
                "page embeds gradio; " + CONFIG + config.map(n -> " mode=" + n.path("mode").asText())
                        .orElse(" " + seen.status(CONFIG).orElse(0))));
    }
}
