package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Open WebUI: its page is titled Open WebUI; the public {@code /api/config} answers
 * {@code {"status":true,"name":"Open WebUI","version":..,"features":{"auth":..}}}; {@code /api/models}
 * needs a login unless authentication is switched off. It also proxies Ollama, so its API paths alone
 * prove nothing.
 */
final class OpenWebUiFingerprint implements Fingerprint {
    static final String CONFIG = "/api/config";
    static final String VERSION = "/api/version";
    static final String MODELS = "/api/models";

    @Override
    public int interest(Observations seen) {
        return seen.root().mentions("open webui") ? NAMED : 0;
    }

    @Override
    public List<String> wanted(Observations seen) {
        List<String> paths = new ArrayList<>(List.of(CONFIG));
        if (config(seen).flatMap(n -> SafeJson.text(n, "version")).isEmpty()) {
            paths.add(VERSION);
        }
        paths.add(MODELS);
        return paths;
    }

    @Override
    public Optional<Match> match(Observations seen) {
        Optional<JsonNode> config = config(seen);
        boolean named = config.flatMap(n -> SafeJson.text(n, "name"))
                .map(name -> name.toLowerCase(Locale.ROOT).contains("open webui")).orElse(false);
        Optional<String> apiVersion = seen.okJson(VERSION)
                .filter(n -> SafeJson.onlyTextField(n, "version"))
                .flatMap(n -> SafeJson.text(n, "version"));
        boolean page = seen.root().mentions("open webui");
        if (!named && !(page && (config.isPresent() || apiVersion.isPresent()))) {
            return Optional.empty();
        }
        Optional<String> version = config.flatMap(n -> SafeJson.text(n, "version")).or(() -> apiVersion);
        AuthState auth = Auth.of(seen, MODELS);
        if (auth == AuthState.UNKNOWN && config.isPresent() && config.get().path("features").path("auth").isBoolean()) {
            auth = config.get().path("features").path("auth").asBoolean() ? AuthState.REQUIRED : AuthState.NONE;
        }
        List<String> models = OpenAiModelList.from(seen, MODELS).map(OpenAiModelList::ids).orElse(List.of());
        return Optional.of(Verdicts.decisive(this, seen, "Open WebUI", version, Categories.ML_UI, auth, models,
                (named ? "GET " + CONFIG + " name=Open WebUI" : "page titled Open WebUI; " + VERSION)
                        + "; " + MODELS + " " + seen.status(MODELS).orElse(0)));
    }

    private static Optional<JsonNode> config(Observations seen) {
        return seen.okJson(CONFIG).filter(n -> n.path("status").isBoolean() || n.path("features").isObject());
    }
}
