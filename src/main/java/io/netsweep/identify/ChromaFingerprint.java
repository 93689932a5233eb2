package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Chroma: {@code /api/v2/heartbeat} (or {@code /api/v1/heartbeat} before 1.0) answers
 * {@code {"nanosecond heartbeat":..}}; {@code /api/v2/version} answers the version as a JSON string.
 */
final class ChromaFingerprint implements Fingerprint {
    static final String V2_HEARTBEAT = "/api/v2/heartbeat";
    static final String V2_VERSION = "/api/v2/version";
    static final String V2_COLLECTIONS = "/api/v2/tenants/default_tenant/databases/default_database/collections";
    static final String V1_HEARTBEAT = "/api/v1/heartbeat";
    static final String V1_VERSION = "/api/v1/version";
    static final String V1_COLLECTIONS = "/api/v1/collections";

    @Override
    public int interest(Observations seen) {
        Root root = seen.root();
        if (root.mentions("chroma")) {
            return NAMED;
        }
        int interest = switch (root.kind()) {
            case EMPTY_ERROR -> root.status() == 404 ? 55 : 15;
            case FASTAPI_NOT_FOUND -> 30;
            default -> 15;
        };
        return interest + (seen.port() == 8000 ? 10 : 0);
    }

    @Override
    public List<String> wanted(Observations seen) {
        if (heartbeat(seen, V2_HEARTBEAT)) {
            return List.of(V2_VERSION, V2_COLLECTIONS);
        }
        if (!seen.fetched(V2_HEARTBEAT)) {
            return List.of(V2_HEARTBEAT);
        }
        if (heartbeat(seen, V1_HEARTBEAT)) {
            return List.of(V1_VERSION, V1_COLLECTIONS);
        }
        return List.of(V1_HEARTBEAT);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        boolean v2 = heartbeat(seen, V2_HEARTBEAT);
        if (!v2 && !heartbeat(seen, V1_HEARTBEAT)) {
            return Optional.empty();
        }
        String versionPath = v2 ? V2_VERSION : V1_VERSION;
        Optional<String> version = seen.okJson(versionPath).filter(JsonNode::isTextual)
                .flatMap(n -> Untrusted.strictVersion(n.asText()));
        String heartbeatPath = v2 ? V2_HEARTBEAT : V1_HEARTBEAT;
        return Optional.of(Verdicts.decisive(this, seen, "Chroma", version, Categories.VECTOR_DB,
                Auth.of(seen, v2 ? V2_COLLECTIONS : V1_COLLECTIONS), List.of(),
                "GET " + heartbeatPath + " {nanosecond heartbeat}" + version.map(v -> "; version " + v).orElse("")));
    }

    private static boolean heartbeat(Observations seen, String path) {
        return seen.okJson(path).map(n -> n.path("nanosecond heartbeat").isNumber()).orElse(false);
    }
}
