package io.netsweep.finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A product version as advisories and services write it, in one of two schemes.
 *
 * <p>{@link Scheme#RELEASE}: compared the way PEP 440 and SemVer agree: release numbers compared as numbers
 * ({@code 0.1.34 > 0.1.4}, missing ones are zero), then a pre-release ({@code rc1}, {@code a2}, {@code -beta},
 * {@code .dev3}) below its release and a post-release ({@code .post1}) above it. Local and build suffixes
 * ({@code +cu121}, {@code +g1a2b3c}) are ignored.
 *
 * <p>{@link Scheme#BUILD}: a build number, {@code b5662}, as llama.cpp numbers its releases; its advisories state
 * their ranges in build numbers ({@code < b5662}) and {@code llama-server} reports {@code b5662-1a2b3c4d} (the
 * build, then the commit, which is ignored). A build number is read only where a range of the same advisory
 * says so ({@link #parse(String, Scheme)}), never by {@link #parse(String)}: {@code b4102} means nothing for a
 * product that versions its releases.
 *
 * <p>Anything else is not a version: a finding never rests on a version netsweep cannot read. Versions of two
 * schemes are never in one range ({@link VersionRange#contains}). Immutable.
 */
public record Version(Scheme scheme, List<Integer> release, int phase, int phaseNumber) implements Comparable<Version> {
    /** How a product numbers its versions. */
    public enum Scheme {
        /** Release numbers with optional pre- and post-release parts ({@code 2.9.1}, {@code 1.0rc1}). */
        RELEASE,
        /** A build number ({@code b5662}, {@code b5662-1a2b3c4d}). */
        BUILD
    }

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
    private static final Pattern BUILD_FORM = Pattern.compile("b(\\d{1,9})(?:-[0-9a-f]{4,40})?");

    public Version {
        Objects.requireNonNull(scheme, "scheme");
        release = List.copyOf(release);
    }

    /** The version {@code text} writes in the {@link Scheme#RELEASE} scheme, if it is one. */
    public static Optional<Version> parse(String text) {
        return parse(text, Scheme.RELEASE);
    }

    /** The version {@code text} writes in {@code scheme}, if it is one. */
    public static Optional<Version> parse(String text, Scheme scheme) {
        if (scheme == Scheme.BUILD) {
            Matcher b = BUILD_FORM.matcher(text.strip());
            return b.matches()
                    ? Optional.of(new Version(Scheme.BUILD, List.of(Integer.parseInt(b.group(1))), FINAL, 0))
                    : Optional.empty();
        }
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
        return Optional.of(new Version(Scheme.RELEASE, numbers, phase, number));
    }

    @Override
    public int compareTo(Version o) {
        if (scheme != o.scheme) {
            return scheme.compareTo(o.scheme);
        }
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
