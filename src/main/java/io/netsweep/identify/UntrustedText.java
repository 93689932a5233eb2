package io.netsweep.identify;

/**
 * The one cleaning of text that came from the network (names, versions, titles) before it is kept, shared by
 * service detection, AI identification and MCP discovery: control characters, invisible formatting characters
 * (bidirectional overrides, zero-width marks), unpaired surrogates, unassigned and private-use code points and
 * U+FFFD (what a decoder puts for bytes that were not text: it says nothing of the service) are removed; runs of
 * white space become one space, leading and trailing white space is dropped, and the result is capped at a number
 * of code points (a space counts as one; a cut never leaves one at the end). Stateless; thread-safe.
 */
public final class UntrustedText {
    private UntrustedText() {}

    /** {@code text} cleaned as the type says, at most {@code maxCodePoints} code points long. */
    public static String clean(String text, int maxCodePoints) {
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
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE || cp == 0xfffd) {
                continue;
            }
            if (space) {
                if (kept + 1 >= maxCodePoints) {
                    break; // the cap falls on the space: no trailing space, and no room for what follows it
                }
                out.append(' ');
                kept++;
                space = false;
            }
            out.appendCodePoint(cp);
            kept++;
        }
        return out.toString();
    }
}
