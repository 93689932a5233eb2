package io.netsweep.target;

/**
 * RFC 1123 host name syntax: dot-separated labels of letters, digits and inner hyphens, the last one not
 * all digits.
 */
final class HostnameSyntax {
    static final int MAX_NAME = 253;
    static final int MAX_LABEL = 63;

    private HostnameSyntax() {}

    /** {@code name} without a trailing dot, or an IllegalArgumentException saying what is wrong. */
    static String check(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.length() > MAX_NAME) {
            throw new IllegalArgumentException("hostname longer than " + MAX_NAME + " characters");
        }
        String[] labels = n.split("\\.", -1);
        for (String label : labels) {
            checkLabel(label);
        }
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            // No top-level domain is all digits (RFC 3696): such text is a mistyped address, e.g. 0x7f.0.0.1,
            // which a resolver might read as inet_aton does. Never look it up.
            throw new IllegalArgumentException("the last label of a hostname cannot be all digits (a mistyped IPv4 address?)");
        }
        return n;
    }

    private static void checkLabel(String label) {
        if (label.isEmpty()) {
            throw new IllegalArgumentException("hostname has an empty label");
        }
        if (label.length() > MAX_LABEL) {
            throw new IllegalArgumentException("hostname label longer than " + MAX_LABEL + " characters");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                String shown = Character.isISOControl(c) || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
                throw new IllegalArgumentException("character " + shown + " is not allowed in a hostname");
            }
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            throw new IllegalArgumentException("hostname label \"" + label + "\" starts or ends with '-'");
        }
    }
}
