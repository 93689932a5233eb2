package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Qdrant: {@code GET /} answers {@code {"title":"qdrant - vector search engine","version":..}}. */
final class QdrantFingerprint implements Fingerprint {
    static final String COLLECTIONS = "/collections";

    @Override
    public int interest(Observations seen) {
        return seen.root().mentions("qdrant") ? NAMED : 0;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(COLLECTIONS);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<JsonNode> banner = seen.okJson("/")
                .filter(n -> n.path("title").asText("").toLowerCase(Locale.ROOT).contains("qdrant")
                        && n.path("version").isTextual());
        return banner.map(n -> Verdicts.decisive(this, seen, "Qdrant", SafeJson.text(n, "version"),
                Categories.VECTOR_DB, Auth.of(seen, COLLECTIONS), List.of(),
                "GET / title=qdrant; " + COLLECTIONS + " " + seen.status(COLLECTIONS).orElse(0)));
    }
}
