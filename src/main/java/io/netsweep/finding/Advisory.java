package io.netsweep.finding;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One published advisory about a product netsweep identifies: the versions it affects, as the advisory states
 * them, where it was read and when that was last checked. Immutable.
 *
 * @param id       the advisory's identifier (a CVE, or a GHSA where it has no CVE)
 * @param product  the product as netsweep names it ({@code Ollama}, {@code MLflow}, ...)
 * @param affected the affected ranges; a version in any of them is affected
 * @param cves     its CVE and GHSA identifiers
 * @param severity netsweep's rating (from the advisory's CVSS score where it gives one)
 * @param title    one line
 * @param source   the advisory it was read from (GitHub Security Advisories, NVD, the vendor)
 * @param checked  when the entry was last checked against that source
 */
public record Advisory(String id, String product, List<VersionRange> affected, List<String> cves, Severity severity,
                       String title, URI source, LocalDate checked) {
    public Advisory {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(product, "product");
        affected = List.copyOf(affected);
        cves = List.copyOf(cves);
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(checked, "checked");
        if (affected.isEmpty()) {
            throw new IllegalArgumentException(id + ": no affected range");
        }
        if (affected.stream().map(VersionRange::scheme).distinct().count() > 1) {
            throw new IllegalArgumentException(id + ": ranges of two version schemes");
        }
    }

    /** How the product numbers the versions this advisory names: the scheme its ranges are written in. */
    public Version.Scheme scheme() {
        return affected.getFirst().scheme();
    }

    /**
     * Whether the advisory covers {@code product} (names compared without case) at {@code version}, read in the
     * scheme of the advisory's ranges (a llama.cpp build {@code b5661-0a1b2c3d} against {@code < b5662}).
     */
    public boolean affects(String product, String version) {
        if (!this.product.toLowerCase(Locale.ROOT).equals(product.toLowerCase(Locale.ROOT))) {
            return false;
        }
        Optional<Version> v = Version.parse(version, scheme());
        return v.isPresent() && affected.stream().anyMatch(r -> r.contains(v.get()));
    }

    /** The finding this advisory raises on an affected port. */
    Finding finding(String product, String version) {
        String ranges = String.join(" or ", affected.stream().map(VersionRange::text).toList());
        return new Finding("vuln:" + id, severity, product + " " + version + ": " + title,
                product + " " + version + " is in the affected range (" + ranges + ") of " + id + " (checked "
                        + checked + ")", cves, List.of(source.toString()));
    }
}
