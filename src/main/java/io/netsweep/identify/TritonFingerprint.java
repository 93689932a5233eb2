package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * NVIDIA Triton: the KServe v2 server metadata {@code GET /v2} says {@code {"name":"triton","version":..}}. That
 * version is the server's own ({@code 2.59.0}); NVIDIA's security bulletins name container releases
 * ({@code r25.07}) instead, so no shipped advisory can be matched against it (see advisories.txt).
 */
final class TritonFingerprint implements Fingerprint {
    static final String METADATA = "/v2";

    @Override
    public int interest(Observations seen) {
        int interest = seen.root().status() == 400 ? 80 : 15;
        return interest + (seen.port() == 8000 ? 10 : 0);
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(METADATA);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<JsonNode> metadata = seen.okJson(METADATA)
                .filter(n -> n.path("name").asText("").equalsIgnoreCase("triton") && n.path("version").isTextual());
        if (metadata.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> version = SafeJson.text(metadata.get(), "version");
        int extensions = metadata.get().path("extensions").size();
        return Optional.of(Verdicts.decisive(this, seen, "NVIDIA Triton Inference Server", version,
                Categories.ML_SERVING, Auth.of(seen, METADATA), List.of(),
                "GET /v2 name=triton, " + extensions + " extensions"));
    }
}
