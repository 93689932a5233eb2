package io.netsweep.identify;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Cleans text that came from the network before it is kept ({@link UntrustedText#clean}), with the caps
 * of identification's fields and versions.
 */
final class Untrusted {
    static final int MAX_FIELD = ServiceIdentity.MAX_FIELD;
    static final int MAX_HEADER_VALUE = 512;
    static final int MAX_VERSION = 64;
    private static final Pattern VERSION_LIKE = Pattern.compile("v?\\d[0-9A-Za-z.+_\\- ()]*");

    private Untrusted() {}

    static String clean(String text, int maxCodePoints) {
        return UntrustedText.clean(text, maxCodePoints);
    }

    static String clean(String text) {
        return clean(text, MAX_FIELD);
    }

    /** A cleaned, non-empty field, if anything is left of it. */
    static Optional<String> field(String text) {
        String cleaned = clean(text);
        return cleaned.isEmpty() ? Optional.empty() : Optional.of(cleaned);
    }

    /** A version as the service reports it ({@code 0.5.7}, {@code v2.20.1 (a1b2c3)}, {@code b4102-8f1d81a0}). */
    static Optional<String> version(String text) {
        String cleaned = clean(text, MAX_VERSION);
        return cleaned.isEmpty() ? Optional.empty() : Optional.of(cleaned);
    }

    /** A version only if it looks like one: for plain-text endpoints where anything could come back. */
    static Optional<String> strictVersion(String text) {
        String cleaned = clean(text, MAX_VERSION);
        return VERSION_LIKE.matcher(cleaned).matches() ? Optional.of(cleaned) : Optional.empty();
    }
}
