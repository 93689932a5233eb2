package io.netsweep.web.http;

/** The character classes of HTTP/1.1 (RFC 9110, RFC 3986) that request parsing checks. Stateless. */
final class Syntax {
    private Syntax() {}

    /** {@code tchar}: what method and header names are made of. */
    static boolean isTchar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code pchar} without {@code pct-encoded}: what a path segment may hold as it is. */
    static boolean isPchar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
    }

    static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * Whether {@code s} is an {@code absolute-path} ({@code "/" segments}) or a {@code query}: pchars,
     * slashes (and question marks in a query) and well-formed {@code %XX} escapes, nothing else.
     */
    static boolean isPathOrQuery(String s, boolean query) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (!isPchar(c) && c != '/' && !(query && c == '?')) {
                return false;
            }
        }
        return true;
    }
}
