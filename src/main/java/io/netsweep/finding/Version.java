package io.netsweep.finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A product version as advisories and services write it, compared the way PEP 440 and SemVer agree:
 * release numbers compared as numbers ({@code 0.1.34 > 0.1.4}, missing ones are zero), then a pre-release
 * ({@code rc1}, {@code a2}, {@code -beta}, {@code .dev3}) below its release and a post-release ({@code .post1})
 * above it. Local and build suffixes ({@code +cu121}, {@code +g1a2b3c}) are ignored. Anything else is not a
 * version: a finding never rests on a version netsweep cannot read. Immutable.
 */
public record Version(List<Integer> release, int phase, int phaseNumber) implements Comparable<Version> {
    /** Phases in order: dev, alpha, beta, rc (below the release), the release, post. */
    static final int DEV = 0;
    static final int ALPHA = 1;
    static final int BETA = 2;
    static final int RC = 3;
    static final int FINAL = 4;
    static final int POST = 5;
    private static final Pattern FORM = Pattern.compile(
            "v?(\\d{1,9}(?:\\.\\d{1,9}){0,5})"
                    + "(?:[-._]?(dev|a|alpha|b|beta|c|rc|pre|preview|post|r|rev)[-._]?(\\d{0,9}))?"
                    + "(?:\\+[0-9A-Za-z.-]*)?");

    public Version {
        release = List.copyOf(release);
    }

    /** The version {@code text} writes, if it is one. */
    public static Optional<Version> parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        List<Integer> numbers = new ArrayList<>();
        for (String part : m.group(1).split("\\.")) {
            numbers.add(Integer.parseInt(part));
        }
        int phase = FINAL;
        int number = 0;
        if (m.group(2) != null) {
            phase = switch (m.group(2)) {
                case "dev" -> DEV;
                case "a", "alpha" -> ALPHA;
                case "b", "beta" -> BETA;
                case "c", "rc", "pre", "preview" -> RC;
                default -> POST;
            };
            number = m.group(3).isEmpty() ? 0 : Integer.parseInt(m.group(3));
        }
        return Optional.of(new Version(numbers, phase, number));
    }

    @Override
    public int compareTo(Version o) {
        int n = Math.max(release.size(), o.release.size());
        for (int i = 0; i < n; i++) {
            int a = i < release.size() ? release.get(i) : 0;
            int b = i < o.release.size() ? o.release.get(i) : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        if (phase != o.phase) {
            return Integer.compare(phase, o.phase);
        }
        return Integer.compare(phaseNumber, o.phaseNumber);
    }
}
