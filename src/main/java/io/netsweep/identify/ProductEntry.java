package io.netsweep.identify;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One AI/ML product of the product catalogue (docs/service-catalogue.md, "AI/ML products"): what points at it,
 * what proves it, and where its version, auth state and listings are read. Validated by
 * {@link ProductCatalogueLoader}; immutable and thread-safe.
 *
 * @param id       the entry's identifier in the catalogue
 * @param name     the product name reported
 * @param category the category reported ({@code llm-server}, {@code vector-db}, ...)
 * @param family   an API family rather than a product: reported as compatible, without a version
 * @param ports    default ports: they only order probes (and feed {@code --preset ai}), never decide a verdict
 * @param blind    interest on those ports before anything points at the product, if it may be probed blind
 * @param source   where the evidence comes from (documentation or source file)
 * @param hints    any of these makes the product worth probing first
 * @param requires all of these must hold for a verdict
 * @param eithers  if any, at least one of these must hold too
 * @param unless   none of these may hold
 * @param versions tried in order; the first value found is the version
 * @param listings tried in order; the first that lists is reported as the models
 * @param auth     how the auth state is read
 */
record ProductEntry(
        String id, String name, String category, boolean family, Set<Integer> ports, OptionalInt blind, String source,
        List<Condition> hints, List<Condition> requires, List<Condition> eithers, List<Condition> unless,
        List<Condition> versions, List<Listing> listings, AuthRule auth) {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.+-]*");

    ProductEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(source, "source");
        ports = Set.copyOf(ports);
        Objects.requireNonNull(blind, "blind");
        hints = List.copyOf(hints);
        requires = List.copyOf(requires);
        eithers = List.copyOf(eithers);
        unless = List.copyOf(unless);
        versions = List.copyOf(versions);
        listings = List.copyOf(listings);
        Objects.requireNonNull(auth, "auth");
        if (requires.isEmpty() && eithers.isEmpty()) {
            throw new IllegalArgumentException("an entry needs evidence: " + id);
        }
    }

    /**
     * The paths to fetch, in order: the evidence first, then the version, listings and auth paths. {@code /} is
     * always fetched before any of them.
     */
    List<String> paths() {
        Set<String> paths = new LinkedHashSet<>();
        requires.forEach(c -> paths.add(c.path()));
        eithers.forEach(c -> paths.add(c.path()));
        versions.forEach(c -> paths.add(c.path()));
        listings.forEach(l -> paths.add(l.path()));
        paths.addAll(auth.paths());
        paths.remove("/");
        return List.copyOf(paths);
    }
}
