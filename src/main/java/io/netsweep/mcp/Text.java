package io.netsweep.mcp;

import java.util.Optional;

/**
 * Cleans text from an MCP server before it is kept: control and invisible formatting characters removed,
 * white space runs made one space, capped at a number of code points.
 */
final class Text {
    static final int MAX_FIELD = 200;

    private Text() {}

    static String clean(String text, int maxCodePoints) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxCodePoints));
        int kept = 0;
        boolean space = false;
        for (int i = 0; i < text.length() && kept < maxCodePoints; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = out.length() > 0;
                continue;
            }
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
                continue;
            }
            if (space) {
                out.append(' ');
                kept++;
                space = false;
                if (kept >= maxCodePoints) {
                    break;
                }
            }
            out.appendCodePoint(cp);
            kept++;
        }
        return out.toString();
    }

    static Optional<String> field(String text, int max) {
        String cleaned = text == null ? "" : clean(text, max);
        return cleaned.isEmpty() ? Optional.empty() : Optional.of(cleaned);
    }
}
