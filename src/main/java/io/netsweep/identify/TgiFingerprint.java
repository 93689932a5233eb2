package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Hugging Face text-generation-inference: {@code GET /} is POST-only (405), and {@code /info} answers
 * {@code {"model_id":..,"router":"text-generation-router","version":..,"max_total_tokens":..}}.
 */
final class TgiFingerprint implements Fingerprint {
    static final String INFO = "/info";

    @Override
    public int interest(Observations seen) {
        Root root = seen.root();
        if (root.status() == 405) {
            return 90;
        }
        return root.kind() == Root.Kind.EMPTY_ERROR ? 30 : 20;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(INFO);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<JsonNode> info = seen.okJson(INFO).filter(n -> n.path("model_id").isTextual()
                && (n.path("router").asText("").contains("text-generation") || n.path("max_total_tokens").isNumber()));
        if (info.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> model = SafeJson.text(info.get(), "model_id");
        Optional<String> version = SafeJson.text(info.get(), "version");
        return Optional.of(Verdicts.decisive(this, seen, "Hugging Face TGI", version, Categories.LLM_SERVER,
                Auth.of(seen, INFO), model.map(List::of).orElse(List.of()),
                "GET /info model_id=" + model.orElse("?") + ", router " + info.get().path("router").asText("?")));
    }
}
