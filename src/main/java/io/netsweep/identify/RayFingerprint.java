package io.netsweep.identify;

import java.util.List;
import java.util.Optional;

/** Ray dashboard: {@code /api/version} answers {@code {"version":..,"ray_version":..,"ray_commit":..}}. */
final class RayFingerprint implements Fingerprint {
    static final String VERSION = "/api/version";

    @Override
    public int interest(Observations seen) {
        return seen.root().mentions("ray dashboard") ? NAMED : 0;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(VERSION);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<String> version = seen.okJson(VERSION)
                .filter(n -> n.path("ray_version").isTextual())
                .flatMap(n -> SafeJson.text(n, "ray_version"));
        return version.map(v -> Verdicts.decisive(this, seen, "Ray Dashboard", version, Categories.ML_DASHBOARD,
                Auth.of(seen, VERSION), List.of(), "GET " + VERSION + " ray_version=" + v));
    }
}
