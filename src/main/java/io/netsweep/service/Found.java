package io.netsweep.service;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one catalogue entry read from one answer: the entry and its rendered, cleaned fields.
 *
 * @param rule    the entry that matched
 * @param probe   the probe whose answer it matched
 * @param product the product, if the entry names one
 * @param version the version, if the answer disclosed it
 * @param info    extra information, the entry's {@code info} lines joined with {@code "; "}
 * @param cpes    CPE 2.3 names
 */
record Found(MatchRule rule, String probe, Optional<String> product, Optional<String> version,
        Optional<String> info, List<String> cpes) {
    Found {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(info, "info");
        cpes = List.copyOf(cpes);
    }

    /**
     * The match to report among {@code found} (in the order found): the highest {@link #rank()}, the earliest
     * of equals.
     */
    static Optional<Found> best(List<Found> found) {
        Found best = null;
        for (Found f : found) {
            if (best == null || f.rank() > best.rank()) {
                best = f;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A hard match names the product; a soft one only the service (and suggests probes to learn more). */
    boolean hard() {
        return !rule.soft() && product.isPresent();
    }

    /**
     * Rank for choosing the answer to report: an application ahead of the web server or framework it runs on,
     * a disclosed version ahead of none, a product ahead of a service name alone.
     */
    int rank() {
        if (!hard()) {
            return 0;
        }
        int rank = rule.role() == MatchRule.Role.APPLICATION ? 4 : 2;
        return version.isPresent() ? rank + 1 : rank;
    }
}
