package io.netsweep.dns;

import java.util.Optional;

/**
 * Makes names that came from the network safe to print, store and show in a browser.
 *
 * <p>Policy of {@link #sanitize}: the input is a name in DNS presentation format as dnsjava writes it
 * ({@code \DDD} for a raw byte, {@code \X} for a literal character such as a dot inside a label). Escapes
 * are decoded first, so {@code \027} is judged as the byte ESC it stands for, never passed on as text.
 * Then every character other than ASCII letters, digits, {@code -}, {@code _} and the label separator
 * {@code .} becomes {@code ?}: control characters (below 0x20, 0x7F, C1 0x80-0x9F), spaces, quotes,
 * backslashes, dots inside a label and all non-ASCII characters alike. Replacing rather than deleting
 * keeps a hostile name visibly odd ({@code goo?gle.com}) instead of turning it into a plausible other name.
 * The trailing root dot is dropped, the result is cut to {@value #MAX_LENGTH} characters (the longest
 * name DNS allows), and nothing left but dots counts as no name. Case is kept.
 *
 * <p>Stateless and thread-safe.
 */
public final class DnsNames {
    /** Longest name kept, in characters. */
    public static final int MAX_LENGTH = 253;
    static final char REPLACEMENT = '?';

    private DnsNames() {}

    /** The safe form of {@code raw}, or empty when nothing usable is left. */
    public static Optional<String> sanitize(String raw) {
        StringBuilder out = new StringBuilder(Math.min(raw.length(), MAX_LENGTH + 1));
        int i = 0;
        while (i < raw.length() && out.length() <= MAX_LENGTH) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\\') {
                i = appendEscape(raw, i, out);
            } else if (cp == '.') {
                out.append('.');
            } else {
                out.append(isSafe(cp) ? (char) cp : REPLACEMENT);
            }
        }
        if (out.length() > MAX_LENGTH) {
            out.setLength(MAX_LENGTH);
        }
        while (!out.isEmpty() && out.charAt(out.length() - 1) == '.') {
            out.setLength(out.length() - 1);
        }
        boolean onlyDots = out.chars().allMatch(c -> c == '.');
        return onlyDots ? Optional.empty() : Optional.of(out.toString());
    }

    /** Decodes the escape after a backslash at {@code i}; returns the index after it. */
    private static int appendEscape(String raw, int i, StringBuilder out) {
        if (i + 3 <= raw.length() && isDigit(raw.charAt(i)) && isDigit(raw.charAt(i + 1)) && isDigit(raw.charAt(i + 2))) {
            int value = Integer.parseInt(raw, i, i + 3, 10);
            out.append(value <= 0xFF && isSafe(value) ? (char) value : REPLACEMENT);
            return i + 3;
        }
        if (i >= raw.length()) {
            out.append(REPLACEMENT);
            return i;
        }
        int cp = raw.codePointAt(i);
        // an escaped dot is a character inside a label, not a separator
        out.append(isSafe(cp) ? (char) cp : REPLACEMENT);
        return i + Character.charCount(cp);
    }

    /**
     * {@code text} cut to {@code max} characters with everything outside printable ASCII replaced by
     * {@code ?}; for echoing untrusted input in one-line messages.
     */
    static String printable(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max + 3));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : REPLACEMENT);
        }
        if (text.length() > max) {
            out.append("...");
        }
        return out.toString();
    }

    private static boolean isSafe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
