package io.netsweep.identify;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Milvus, seen through its metrics and health port (9091): {@code /metrics} exposes
 * {@code milvus_build_info{..,version="v2.5.4"}}. The gRPC API on 19530 is not HTTP and not probed, so
 * whether it needs credentials stays unknown.
 */
final class MilvusFingerprint implements Fingerprint {
    static final String METRICS = "/metrics";
    private static final Pattern MILVUS_METRIC = Pattern.compile("(?m)^(# (HELP|TYPE) )?milvus_[a-z_]+");
    private static final Pattern BUILD_VERSION =
            Pattern.compile("(?m)^milvus_build_info\\{[^}\\n]*\\bversion=\"([^\"\\n]{1,64})\"");

    @Override
    public int interest(Observations seen) {
        int interest = seen.root().kind() == Root.Kind.GO_NOT_FOUND ? 80 : 10;
        return interest + (seen.port() == 9091 ? 20 : 0);
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(METRICS);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<String> metrics = seen.okText(METRICS).filter(t -> MILVUS_METRIC.matcher(t).find());
        if (metrics.isEmpty()) {
            return Optional.empty();
        }
        Matcher build = BUILD_VERSION.matcher(metrics.get());
        Optional<String> version = build.find() ? Optional.of(build.group(1)) : Optional.empty();
        return Optional.of(Verdicts.decisive(this, seen, "Milvus", version, Categories.VECTOR_DB, AuthState.UNKNOWN,
                List.of(), "GET /metrics has milvus_ metrics (metrics port; gRPC API not probed)"));
    }
}
