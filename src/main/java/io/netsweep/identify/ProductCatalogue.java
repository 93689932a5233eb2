package io.netsweep.identify;

import java.util.List;

/**
 * The AI/ML product catalogue: entries in file order, and the problems found while loading it (an entry with
 * a problem is left out; the test suite requires none). Files under {@code products/} beside this class,
 * listed in {@code products/index.txt}; the format is in docs/service-catalogue.md. Immutable and thread-safe.
 */
record ProductCatalogue(List<ProductEntry> entries, List<String> problems) {
    ProductCatalogue {
        entries = List.copyOf(entries);
        problems = List.copyOf(problems);
    }

    /** The catalogue shipped with netsweep. */
    static ProductCatalogue builtIn() {
        return ProductCatalogueLoader.loadBuiltIn();
    }

    /** One fingerprint per entry, in catalogue order. */
    List<Fingerprint> fingerprints() {
        return entries.stream().<Fingerprint>map(CatalogueFingerprint::new).toList();
    }
}
