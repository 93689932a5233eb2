package io.netsweep.output;

import java.util.HexFormat;
import java.util.Objects;

/**
 * Makes text from the network safe to print on a terminal. Host names, banners, product names
 * and vendors can carry escape sequences that recolour, retitle or rewrite a terminal, and line
 * breaks that forge extra lines of output; after {@link #sanitize} they can do neither.
 *
 * <ul>
 *   <li>ANSI/ECMA-48 escape sequences (CSI {@code ESC [}, OSC {@code ESC ]}, DCS, SOS, PM, APC,
 *       two- and three-character escapes, and their single-character C1 forms) are removed whole.</li>
 *   <li>Every other control character (C0, DEL, C1) is shown as a visible escape:
 *       {@code \n}, {@code \r}, {@code \t}, {@code \x07}, {@code \x9b}.</li>
 *   <li>Characters that reorder or break lines (bidi overrides and isolates, U+2028, U+2029) are
 *       shown as {@code \u202e}, and unpaired surrogates become U+FFFD.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class TerminalText {
    private static final char ESC = 0x1B;
    private static final char BEL = 0x07;
    private static final char C1_DCS = 0x90;
    private static final char C1_SOS = 0x98;
    private static final char C1_CSI = 0x9B;
    private static final char C1_ST = 0x9C;
    private static final char C1_OSC = 0x9D;
    private static final char C1_PM = 0x9E;
    private static final char C1_APC = 0x9F;

    private TerminalText() {}

    /** {@code text} with escape sequences removed and control characters made visible. */
    public static String sanitize(String text) {
        Objects.requireNonNull(text, "text");
        if (isPlain(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ESC) {
                i = skipEscape(text, i + 1);
            } else if (c == C1_CSI) {
                i = skipControlSequence(text, i + 1);
            } else if (c == C1_OSC || c == C1_DCS || c == C1_SOS || c == C1_PM || c == C1_APC) {
                i = skipControlString(text, i + 1);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(i + 1));
                i += 2;
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
                i++;
            } else {
                appendVisible(out, c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * {@code text} with every control character, layout-changing character and unpaired surrogate shown
     * as a visible escape ({@code \x1b}, {@code \n}, {@code \u202e}, U+FFFD) and nothing removed: for
     * messages that quote what a person typed or a file held, so they see what was there while the
     * terminal does nothing with it.
     */
    public static String visible(String text) {
        Objects.requireNonNull(text, "text");
        if (isPlain(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                appendVisible(out, c);
            }
        }
        return out.toString();
    }

    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (isControl(c) || isLayoutChanging(c) || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    /** Bidirectional overrides, embeddings, isolates and marks, and the Unicode line and paragraph separators. */
    private static boolean isLayoutChanging(char c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
                || c == 0x061C || c == 0x2028 || c == 0x2029;
    }

    private static void appendVisible(StringBuilder out, char c) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (isControl(c)) {
                    out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                } else if (isLayoutChanging(c)) {
                    out.append("\\u").append(HexFormat.of().toHexDigits(c));
                } else {
                    out.append(c);
                }
            }
        }
    }

    /** Skips what follows an ESC; returns the index after the sequence. */
    private static int skipEscape(String s, int i) {
        if (i >= s.length()) {
            return i;
        }
        char c = s.charAt(i);
        return switch (c) {
            case '[' -> skipControlSequence(s, i + 1);
            case ']', 'P', 'X', '^', '_' -> skipControlString(s, i + 1);
            default -> {
                // nF escapes: intermediates 0x20-0x2F, then one final 0x30-0x7E (ESC ( B, ESC c, ESC 7 ...)
                int j = i;
                while (j < s.length() && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x2F) {
                    j++;
                }
                yield j < s.length() && s.charAt(j) >= 0x30 && s.charAt(j) <= 0x7E ? j + 1 : j;
            }
        };
    }

    /** CSI: parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, one final byte 0x40-0x7E. */
    private static int skipControlSequence(String s, int i) {
        int j = i;
        while (j < s.length() && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x3F) {
            j++;
        }
        return j < s.length() && s.charAt(j) >= 0x40 && s.charAt(j) <= 0x7E ? j + 1 : j;
    }

    /** OSC, DCS, SOS, PM, APC: everything up to BEL, ST ({@code ESC \} or U+009C), or the end. */
    private static int skipControlString(String s, int i) {
        int j = i;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == BEL || c == C1_ST) {
                return j + 1;
            }
            if (c == ESC) {
                // ESC \ ends the string; any other ESC starts a new sequence, which the caller removes too
                return j + 1 < s.length() && s.charAt(j + 1) == '\\' ? j + 2 : j;
            }
            j++;
        }
        return j;
    }
}
