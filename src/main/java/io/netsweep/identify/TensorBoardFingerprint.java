package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TensorBoard: its page names TensorBoard; {@code /data/environment} answers
 * {@code {"version":..,"data_location":..,"window_title":..}}; {@code /data/plugins_listing} maps plugin
 * names such as {@code scalars}.
 */
final class TensorBoardFingerprint implements Fingerprint {
    static final String ENVIRONMENT = "/data/environment";
    static final String PLUGINS = "/data/plugins_listing";

    @Override
    public int interest(Observations seen) {
        return seen.root().mentions("tensorboard") ? NAMED : 0;
    }

    @Override
    public List<String> wanted(Observations seen) {
        List<String> paths = new ArrayList<>(List.of(ENVIRONMENT));
        if (environment(seen).isEmpty()) {
            paths.add(PLUGINS);
        }
        return paths;
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<JsonNode> environment = environment(seen);
        boolean plugins = seen.okJson(PLUGINS)
                .map(n -> n.isObject() && (n.has("scalars") || n.has("timeseries"))).orElse(false);
        if (environment.isEmpty() && !plugins) {
            return Optional.empty();
        }
        Optional<String> version = environment.flatMap(n -> SafeJson.text(n, "version"));
        String apiPath = environment.isPresent() ? ENVIRONMENT : PLUGINS;
        return Optional.of(Verdicts.decisive(this, seen, "TensorBoard", version, Categories.ML_DASHBOARD,
                Auth.of(seen, apiPath), List.of(),
                "GET " + apiPath + (environment.isPresent() ? " has data_location" : " lists scalars")));
    }

    private static Optional<JsonNode> environment(Observations seen) {
        return seen.okJson(ENVIRONMENT).filter(n -> n.has("data_location") || n.has("window_title"));
    }
}
