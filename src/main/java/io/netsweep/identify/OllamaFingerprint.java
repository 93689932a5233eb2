package io.netsweep.identify;

import java.util.List;
import java.util.Optional;

/**
 * Ollama: {@code GET /} answers {@code Ollama is running}, {@code /api/version} is an object holding
 * only {@code version}, and {@code /api/tags} lists models as {@code {"models":[{"name":..}]}}. All three
 * are required: KoboldCpp, Open WebUI, LiteLLM and others emulate the API paths but not the banner.
 */
final class OllamaFingerprint implements Fingerprint {
    static final String BANNER = "Ollama is running";
    static final String VERSION = "/api/version";

    @Override
    public int interest(Observations seen) {
        return banner(seen) ? NAMED : 0;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(VERSION, OllamaTags.PATH);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        if (!banner(seen)) {
            return Optional.empty();
        }
        Optional<String> version = seen.okJson(VERSION)
                .filter(n -> SafeJson.onlyTextField(n, "version"))
                .flatMap(n -> SafeJson.text(n, "version"));
        Optional<List<String>> models = OllamaTags.from(seen);
        boolean tagsDenied = Auth.denied(seen, OllamaTags.PATH);
        if (version.isEmpty() || (models.isEmpty() && !tagsDenied)) {
            return Optional.empty();
        }
        String tags = models.map(m -> m.size() + " models").orElse("denied");
        return Optional.of(Verdicts.decisive(this, seen, "Ollama", version, Categories.LLM_SERVER,
                Auth.of(seen, OllamaTags.PATH), models.orElse(List.of()),
                "GET / '" + BANNER + "'; " + VERSION + " {version} only; " + OllamaTags.PATH + " " + tags));
    }

    private static boolean banner(Observations seen) {
        return seen.okText("/").map(String::strip).filter(BANNER::equals).isPresent();
    }
}
