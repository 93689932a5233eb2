package io.netsweep.identify;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What read-only probes found behind an open port: the product, its version where the service
 * exposes it, its category, whether it asks for credentials and which models it lists.
 *
 * <p>Every string here came from the network or was derived from it: writers must escape it.
 * The compact constructor caps lengths and counts so that no answer can grow a result without bound.
 *
 * @param product  a product name such as {@code Ollama}, or {@code openai-compatible (unknown product)}
 * @param version  the version the service reports, if any
 * @param category {@code llm-server}, {@code notebook}, {@code ml-tracking}, {@code ml-ui},
 *                 {@code vector-db}, {@code ml-serving}, {@code ml-dashboard}, ...
 * @param auth     whether its API answered without credentials
 * @param models   up to {@link #MAX_MODELS} model names the service lists without credentials
 * @param evidence a short human-readable reason for the verdict (which endpoint said what)
 */
public record ServiceIdentity(
        String product, Optional<String> version, String category, AuthState auth, List<String> models,
        String evidence) {
    public static final int MAX_MODELS = 20;
    public static final int MAX_FIELD = 200;

    public ServiceIdentity {
        product = cap(Objects.requireNonNull(product, "product"));
        version = Objects.requireNonNull(version, "version").map(ServiceIdentity::cap);
        category = cap(Objects.requireNonNull(category, "category"));
        Objects.requireNonNull(auth, "auth");
        models = models.stream().limit(MAX_MODELS).map(ServiceIdentity::cap).toList();
        evidence = cap(Objects.requireNonNull(evidence, "evidence"));
    }

    private static String cap(String s) {
        return s.length() <= MAX_FIELD ? s : s.substring(0, MAX_FIELD);
    }
}
