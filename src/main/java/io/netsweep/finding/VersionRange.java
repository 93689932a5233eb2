package io.netsweep.finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A range of affected versions as advisories state it: comma-separated bounds that all hold, such as
 * {@code < 0.1.34} or {@code >= 4.3, < 4.13.0} ({@code <}, {@code <=}, {@code >}, {@code >=}, {@code =}).
 * Bounds are versions of one {@link Version.Scheme}: release numbers, or build numbers ({@code < b5662}) for a
 * product whose advisories state builds; a range that mixes them is not read. A version of another scheme than the
 * range's is never in it. Immutable.
 */
public record VersionRange(String text, List<Bound> bounds) {

    /** One bound. */
    public record Bound(String op, Version version) {}

    public VersionRange {
        bounds = List.copyOf(bounds);
        if (bounds.isEmpty()) {
            throw new IllegalArgumentException("a range needs a bound");
        }
        if (bounds.stream().map(b -> b.version().scheme()).distinct().count() > 1) {
            throw new IllegalArgumentException("a range's bounds share one scheme: " + text);
        }
    }

    /** The scheme of its bounds, so of the versions it can hold. */
    public Version.Scheme scheme() {
        return bounds.getFirst().version().scheme();
    }

    /** The range {@code text} writes, if every bound parses. */
    public static Optional<VersionRange> parse(String text) {
        List<Bound> bounds = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            String op = p.startsWith("<=") || p.startsWith(">=") ? p.substring(0, 2)
                    : p.startsWith("<") || p.startsWith(">") || p.startsWith("=") ? p.substring(0, 1) : "";
            if (op.isEmpty()) {
                return Optional.empty();
            }
            String bound = p.substring(op.length()).strip();
            Optional<Version> v = bound.matches("b\\d.*") ? Version.parse(bound, Version.Scheme.BUILD)
                    : Version.parse(bound);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            bounds.add(new Bound(op, v.get()));
        }
        if (bounds.stream().map(b -> b.version().scheme()).distinct().count() > 1) {
            return Optional.empty();
        }
        return bounds.isEmpty() ? Optional.empty() : Optional.of(new VersionRange(text.strip(), bounds));
    }

    public boolean contains(Version v) {
        if (v.scheme() != scheme()) {
            return false;
        }
        for (Bound b : bounds) {
            int c = v.compareTo(b.version());
            boolean holds = switch (b.op()) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> c == 0;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }
}
