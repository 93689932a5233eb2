package io.netsweep.identify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Fingerprint} read from one entry of the product catalogue. Interest: {@link #NAMED} once a hint
 * holds, the entry's {@code blind} interest on its default ports, else none. A verdict needs every
 * {@code require}, one {@code either} (when it has any) and no {@code unless}. Stateless and thread-safe.
 */
final class CatalogueFingerprint implements Fingerprint {
    private final ProductEntry entry;

    CatalogueFingerprint(ProductEntry entry) {
        this.entry = Objects.requireNonNull(entry, "entry");
    }

    ProductEntry entry() {
        return entry;
    }

    @Override
    public int interest(Observations seen) {
        if (entry.hints().stream().anyMatch(c -> c.holds(seen))) {
            return NAMED;
        }
        // The port only orders probes: the verdict below reads answers alone.
        return entry.blind().isPresent() && entry.ports().contains(seen.port()) ? entry.blind().getAsInt() : 0;
    }

    @Override
    public List<String> wanted(Observations seen) {
        return entry.paths();
    }

    @Override
    public Optional<Match> match(Observations seen) {
        if (!entry.requires().stream().allMatch(c -> c.holds(seen))) {
            return Optional.empty();
        }
        Optional<Condition> either = entry.eithers().stream().filter(c -> c.holds(seen)).findFirst();
        if (!entry.eithers().isEmpty() && either.isEmpty()) {
            return Optional.empty();
        }
        if (entry.unless().stream().anyMatch(c -> c.holds(seen))) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>();
        entry.requires().forEach(c -> evidence.add(c.describe(seen)));
        either.ifPresent(c -> evidence.add(c.describe(seen)));
        Optional<String> version = Optional.empty();
        for (Condition c : entry.versions()) {
            version = c.extract(seen);
            if (version.isPresent()) {
                if (!entry.requires().contains(c)) {
                    evidence.add("version from GET " + c.path());
                }
                break;
            }
        }
        List<String> models = List.of();
        for (Listing listing : entry.listings()) {
            Optional<Listing.Names> names = listing.read(seen);
            if (names.isPresent()) {
                models = names.get().names();
                evidence.add("GET " + listing.path() + " lists " + names.get().count() + " " + listing.noun());
                break;
            }
        }
        AuthState auth = entry.auth().of(seen);
        String line = String.join("; ", evidence.stream().distinct().toList());
        return Optional.of(entry.family()
                ? Verdicts.compatible(this, seen, entry.name(), entry.category(), auth, models, line)
                : Verdicts.decisive(this, seen, entry.name(), version, entry.category(), auth, models, line));
    }

    @Override
    public String toString() {
        return "catalogue:" + entry.id();
    }
}
