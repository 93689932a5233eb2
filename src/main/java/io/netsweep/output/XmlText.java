package io.netsweep.output;

/**
 * Escaping for the XML this package writes. Characters XML 1.0 does not allow (C0 controls other
 * than TAB, LF and CR; unpaired surrogates; U+FFFE, U+FFFF) are dropped, and so are DEL and the C1
 * controls, which XML 1.0 discourages and which a terminal showing the file would obey. Stateless.
 */
final class XmlText {
    private XmlText() {}

    /** For an attribute value in double quotes; TAB, LF and CR are kept as character references. */
    static String attr(String s) {
        return escape(s, true);
    }

    /** For character data. */
    static String text(String s) {
        return escape(s, false);
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\'' -> out.append(attribute ? "&apos;" : "'");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\r' -> out.append("&#13;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (isAllowed(c)) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean isAllowed(char c) {
        return (c >= 0x20 && c < 0x7F) || (c > 0x9F && c < 0xD800) || (c >= 0xE000 && c <= 0xFFFD);
    }
}
