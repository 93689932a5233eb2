package io.netsweep.identify;

import java.util.List;
import java.util.Optional;

/** Something that answers Ollama's {@code /api/tags} without any evidence of which product it is. */
final class OllamaCompatibleFingerprint implements Fingerprint {
    static final String PRODUCT = "ollama-compatible (unknown product)";
    private static final int OLLAMA_PORT = 11434;

    @Override
    public int interest(Observations seen) {
        // The port only orders probes: the verdict below looks at answers alone.
        return seen.port() == OLLAMA_PORT ? 50 : 30;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return List.of(OllamaTags.PATH);
    }

    @Override
    public Optional<Match> match(Observations seen) {
        return OllamaTags.from(seen).map(models -> Verdicts.compatible(this, seen, PRODUCT, Categories.LLM_SERVER,
                AuthState.NONE, models,
                "GET " + OllamaTags.PATH + " has Ollama's shape (" + models.size() + " models); no product banner"));
    }
}
