package io.netsweep.identify;

import java.util.List;
import java.util.Optional;

/**
 * MLflow tracking server: its page (or basic-auth realm) names MLflow, {@code /version} answers the
 * version as plain text, and {@code GET /api/2.0/mlflow/experiments/search} lists experiments.
 */
final class MlflowFingerprint implements Fingerprint {
    static final String VERSION = "/version";
    static final String EXPERIMENTS = "/api/2.0/mlflow/experiments/search?max_results=1";

    @Override
    public int interest(Observations seen) {
        return seen.root().mentions("mlflow") ? NAMED : 0;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(VERSION, EXPERIMENTS);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        if (!seen.root().mentions("mlflow")) {
            return Optional.empty();
        }
        Optional<String> version = seen.okText(VERSION).flatMap(Untrusted::strictVersion);
        boolean experiments = seen.okJson(EXPERIMENTS)
                .map(n -> n.isObject() && (n.isEmpty() || n.path("experiments").isArray())).orElse(false);
        if (version.isEmpty() && !experiments && !Auth.denied(seen, EXPERIMENTS)) {
            return Optional.empty();
        }
        return Optional.of(Verdicts.decisive(this, seen, "MLflow", version, Categories.ML_TRACKING,
                Auth.of(seen, EXPERIMENTS), List.of(),
                "GET / names MLflow" + version.map(v -> "; /version " + v).orElse("")
                        + "; experiments/search " + seen.status(EXPERIMENTS).orElse(0)));
    }
}
