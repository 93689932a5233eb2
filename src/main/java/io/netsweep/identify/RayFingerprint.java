package io.netsweep.identify;

import java.util.List;
import java.util.Optional;

/**
 * Ray dashboard: {@code /api/version} answers {@code {"version":..,"ray_version":..,"ray_commit":..}}; the
 * auth state is that of its job submission API ({@code GET /api/jobs/} lists jobs), where anyone who reaches
 * it can run code on the cluster.
 */
final class RayFingerprint implements Fingerprint {
    static final String VERSION = "/api/version";
    static final String JOBS = "/api/jobs/";

    @Override
    public int interest(Observations seen) {
        return seen.root().mentions("ray dashboard") ? NAMED : 0;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(VERSION, JOBS);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<String> version = seen.okJson(VERSION)
                .filter(n -> n.path("ray_version").isTextual())
                .flatMap(n -> SafeJson.text(n, "ray_version"));
        return version.map(v -> Verdicts.decisive(this, seen, "Ray Dashboard", version, Categories.ML_DASHBOARD,
                seen.fetched(JOBS) ? Auth.of(seen, JOBS) : Auth.of(seen, VERSION), List.of(),
                "GET " + VERSION + " ray_version=" + v
                        + seen.status(JOBS).stream().mapToObj(s -> "; " + JOBS + " " + s).findFirst().orElse("")));
    }
}
