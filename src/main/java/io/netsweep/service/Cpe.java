package io.netsweep.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * CPE 2.3 formatted-string names ({@code cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*}) built from a
 * part, vendor, product and version, with the binding's quoting: letters, digits, {@code _}, {@code -} and
 * {@code .} stay as they are, every other character is escaped with a backslash, and an empty version is
 * {@code *} (any). {@link #toUri} gives the CPE 2.2 URI form that nmap's XML output uses. Stateless.
 */
public final class Cpe {
    private Cpe() {}

    /**
     * The formatted string, or empty when part is not {@code a}, {@code o} or {@code h} or vendor or
     * product is empty.
     */
    static Optional<String> of(String part, String vendor, String product, String version) {
        if (!List.of("a", "o", "h").contains(part) || vendor.isBlank() || product.isBlank()) {
            return Optional.empty();
        }
        String v = version.isBlank() ? "*" : quote(version.strip());
        return Optional.of("cpe:2.3:" + part + ":" + quote(vendor.strip().toLowerCase(Locale.ROOT)) + ":"
                + quote(product.strip().toLowerCase(Locale.ROOT)) + ":" + v + ":*:*:*:*:*:*:*");
    }

    /**
     * The CPE 2.2 URI of a formatted string as nmap writes it ({@code cpe:/a:openbsd:openssh:9.2p1}):
     * trailing wildcards dropped, other characters percent-encoded.
     *
     * @throws IllegalArgumentException if {@code formatted} is not a CPE 2.3 formatted string
     */
    public static String toUri(String formatted) {
        if (!formatted.startsWith("cpe:2.3:")) {
            throw new IllegalArgumentException("not a CPE 2.3 formatted string: " + formatted);
        }
        List<String> fields = split(formatted.substring("cpe:2.3:".length()));
        List<String> uri = new ArrayList<>();
        for (int i = 0; i < Math.min(fields.size(), 6); i++) {
            String f = fields.get(i);
            uri.add(f.equals("*") ? "" : percent(unquote(f)));
        }
        while (!uri.isEmpty() && uri.getLast().isEmpty()) {
            uri.removeLast();
        }
        return "cpe:/" + String.join(":", uri);
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '_' || c == '-' || c == '.') {
                out.append(c);
            } else if (c > ' ' && c < 0x7f) {
                out.append('\\').append(c);
            }
            // white space and anything outside printable ASCII is left out: CPE values cannot hold it
        }
        return out.toString();
    }

    private static List<String> split(String s) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                field.append(c).append(s.charAt(++i));
            } else if (c == ':') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static String unquote(String f) {
        return f.replaceAll("\\\\(.)", "$1");
    }

    private static String percent(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '_' || c == '-' || c == '.') {
                out.append(c);
            } else {
                out.append(String.format("%%%02x", (int) c));
            }
        }
        return out.toString();
    }
}
