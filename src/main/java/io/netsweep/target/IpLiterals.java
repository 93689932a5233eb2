package io.netsweep.target;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict parsing of IP address literals without any name lookup. IPv4 is exactly four decimal
 * octets (no leading zeros, which {@code inet_aton} would read as octal); IPv6 is RFC 4291 text
 * form with optional {@code ::} compression, an optional dotted IPv4 tail, and optional brackets.
 * Zone IDs ({@code %eth0}) are refused. Errors are {@link IllegalArgumentException}s whose message
 * is the reason only; callers add the token. Public for every option whose value is an address
 * ({@code ui --bind}), so that none of them can reach a resolver.
 */
public final class IpLiterals {
    private IpLiterals() {}

    /** Whether {@code s} is made of decimal digits and dots only, i.e. can only mean an IPv4 address. */
    static boolean looksLikeIpv4(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    static boolean looksLikeIpv6(String s) {
        return s.indexOf(':') >= 0;
    }

    /** An IPv4 or IPv6 literal. IPv4-mapped IPv6 text stays an {@link Inet6Address}. */
    public static InetAddress parse(String s) {
        if (looksLikeIpv6(s)) {
            return ipv6(s);
        }
        if (looksLikeIpv4(s)) {
            return ipv4(s);
        }
        throw new IllegalArgumentException("not an IP address");
    }

    static Inet4Address ipv4(String s) {
        try {
            return (Inet4Address) InetAddress.getByAddress(ipv4Bytes(s));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are an IPv4 address", e);
        }
    }

    static Inet6Address ipv6(String s) {
        try {
            // Inet6Address.getByAddress keeps ::ffff:a.b.c.d an Inet6Address (InetAddress's would not).
            return Inet6Address.getByAddress(null, ipv6Bytes(s), -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    static byte[] ipv4Bytes(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("an IPv4 address has four dot-separated octets");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) octet(parts[i]);
        }
        return bytes;
    }

    /** A decimal octet 0-255, as in an IPv4 address or the short end of an IPv4 range. */
    static int octet(String part) {
        if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("octet \"" + part + "\" is not a number 0-255");
        }
        if (part.length() > 1 && part.charAt(0) == '0') {
            throw new IllegalArgumentException("octet \"" + part + "\" has a leading zero (ambiguous: octal or decimal)");
        }
        int value = Integer.parseInt(part);
        if (value > 255) {
            throw new IllegalArgumentException("octet " + value + " is above 255");
        }
        return value;
    }

    static byte[] ipv6Bytes(String text) {
        String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (s.indexOf('%') >= 0) {
            throw new IllegalArgumentException("IPv6 zone IDs (%...) are not supported");
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            throw new IllegalArgumentException("\"::\" may appear only once in an IPv6 address");
        }
        int[] head = groups(gap < 0 ? s : s.substring(0, gap), gap < 0);
        int[] tail = gap < 0 ? new int[0] : groups(s.substring(gap + 2), true);
        int explicit = head.length + tail.length;
        if (gap < 0 ? explicit != 8 : explicit > 7) {
            throw new IllegalArgumentException("an IPv6 address has eight 16-bit groups");
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.length; i++) {
            put(bytes, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            put(bytes, 8 - tail.length + i, tail[i]);
        }
        return bytes;
    }

    private static void put(byte[] bytes, int group, int value) {
        bytes[2 * group] = (byte) (value >>> 8);
        bytes[2 * group + 1] = (byte) value;
    }

    /** Colon-separated hex groups; a dotted IPv4 last part (only at the end of the address) is two groups. */
    private static int[] groups(String s, boolean endsAddress) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        boolean v4Tail = endsAddress && parts[parts.length - 1].indexOf('.') >= 0;
        int[] out = new int[parts.length + (v4Tail ? 1 : 0)];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (v4Tail && i == parts.length - 1) {
                byte[] v4 = ipv4Bytes(p);
                out[i] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
                out[i + 1] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
            } else if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(IpLiterals::isHex)) {
                throw new IllegalArgumentException("IPv6 group \"" + p + "\" is not 1-4 hex digits");
            } else {
                out[i] = Integer.parseInt(p, 16);
            }
        }
        return out;
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
