package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Weaviate: {@code GET /} links to its documentation, and {@code /v1/meta} answers
 * {@code {"hostname":..,"modules":{..},"version":..}} (or 401 when API keys are on).
 */
final class WeaviateFingerprint implements Fingerprint {
    static final String META = "/v1/meta";

    @Override
    public int interest(Observations seen) {
        if (seen.root().mentions("weaviate")) {
            return NAMED;
        }
        return seen.port() == 8080 ? 15 : 10;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(META);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<JsonNode> meta = seen.okJson(META)
                .filter(n -> n.path("version").isTextual() && n.path("modules").isObject());
        boolean deniedNamed = Auth.denied(seen, META) && seen.root().mentions("weaviate");
        if (meta.isEmpty() && !deniedNamed) {
            return Optional.empty();
        }
        Optional<String> version = meta.flatMap(n -> SafeJson.text(n, "version"));
        return Optional.of(Verdicts.decisive(this, seen, "Weaviate", version, Categories.VECTOR_DB,
                Auth.of(seen, META), List.of(), meta.isPresent()
                        ? "GET " + META + " version and " + meta.get().path("modules").size() + " modules"
                        : "GET / links to weaviate; " + META + " denied"));
    }
}
