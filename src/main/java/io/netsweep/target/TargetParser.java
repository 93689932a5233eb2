package io.netsweep.target;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Parses one target token into a {@link TargetSpec}, without any name lookup:
 * <ul>
 *   <li>an address: {@code 10.0.0.1}, {@code fd00::1}, {@code [fd00::1]}, {@code ::ffff:10.0.0.1};
 *   <li>a CIDR block: {@code 10.0.0.0/24}, {@code fd00::/120} (host bits are cleared: {@code 10.0.0.7/24} is {@code 10.0.0.0/24});
 *   <li>a range: {@code 10.0.0.1-10.0.0.50}, the short form {@code 10.0.0.1-50} (last octet), {@code fd00::1-fd00::20};
 *   <li>an IPv4 octet pattern as nmap reads it: each octet a comma-separated list of values and ranges,
 *       {@code *} or {@code -} for 0-255, {@code -M} and {@code N-} open at one end ({@code 10.1.*.1},
 *       {@code 192.168.1-3.1-10}, {@code 10.0.0.1,5,7}); IPv6 has no such syntax;
 *   <li>anything else must be a hostname in RFC 1123 syntax ({@code db-1.lan}, an optional trailing dot),
 *       whose last label is not all digits.
 * </ul>
 * Tokens of digits, dots, commas, stars and dashes are always IPv4 (see {@link Ipv4Patterns}), so
 * {@code 300.1.1.1} and {@code 10.0.0.1-300} are bad addresses, never names to look up. A pattern that is
 * one address or a range in the last octet gives that simpler spec ({@code 10.0.0.1-50} is an
 * {@link TargetSpec.AddressRange}). To split text holding several targets, see {@link TargetTokens}.
 *
 * <p>Stateless and thread-safe. Bad tokens throw {@link TargetException} with a one-line message
 * naming the token, e.g. {@code invalid target "10.0.0.9-10.0.0.1": range end is before its start}.
 */
public final class TargetParser {
    /** Longest token: room for an octet pattern that lists every value ({@code 10.0.0.0,1,2,...,255}). */
    static final int MAX_TOKEN = 4096;

    private TargetParser() {}

    public static TargetSpec parse(String token) {
        String t = token == null ? "" : token.strip();
        if (t.isEmpty()) {
            throw TargetException.invalid(t, "empty target");
        }
        if (t.length() > MAX_TOKEN) {
            throw TargetException.invalid(t, "longer than " + MAX_TOKEN + " characters");
        }
        try {
            int slash = t.indexOf('/');
            if (slash >= 0) {
                return cidr(t.substring(0, slash), t.substring(slash + 1));
            }
            if (Ipv4Patterns.applies(t)) {
                return Ipv4Patterns.parse(t);
            }
            int dash = t.indexOf('-');
            if (dash >= 0 && isRange(t.substring(0, dash), t.substring(dash + 1))) {
                return range(t.substring(0, dash), t.substring(dash + 1));
            }
            if (looksLikeAddress(t)) {
                return new TargetSpec.SingleAddress(IpLiterals.parse(t));
            }
            return hostname(t);
        } catch (IllegalArgumentException e) {
            throw TargetException.invalid(t, e.getMessage());
        }
    }

    private static boolean looksLikeAddress(String s) {
        return IpLiterals.looksLikeIpv4(s) || IpLiterals.looksLikeIpv6(s) || s.startsWith("[");
    }

    /** An address, a dash, and address-like text: {@code 10-0-0-1.example} and {@code a1.b-2.c} stay hostnames. */
    private static boolean isRange(String left, String right) {
        boolean start = IpLiterals.looksLikeIpv6(left) || left.startsWith("[")
                || (IpLiterals.looksLikeIpv4(left) && left.indexOf('.') >= 0);
        return start && right.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80
                || c == '.' || c == ':' || c == '[' || c == ']' || c == '-');
    }

    private static TargetSpec cidr(String address, String prefix) {
        if (!looksLikeAddress(address)) {
            throw new IllegalArgumentException("the part before \"/\" must be an IP address");
        }
        InetAddress a = IpLiterals.parse(address);
        int bits = Addresses.bits(a);
        if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(prefix) > bits) {
            throw new IllegalArgumentException("prefix length must be 0-" + bits);
        }
        int length = Integer.parseInt(prefix);
        BigInteger network = Addresses.mask(Addresses.toNumber(a), length, bits);
        return new TargetSpec.Cidr(Addresses.fromNumber(network, bits), length);
    }

    private static TargetSpec range(String start, String end) {
        InetAddress first = IpLiterals.parse(start);
        if (end.isEmpty()) {
            throw new IllegalArgumentException("range has no end");
        }
        InetAddress last;
        if (end.indexOf('.') >= 0 || end.indexOf(':') >= 0 || end.startsWith("[")) {
            last = IpLiterals.parse(end);
        } else if (first instanceof Inet4Address && IpLiterals.looksLikeIpv4(end)) {
            byte[] bytes = first.getAddress();
            bytes[3] = (byte) IpLiterals.octet(end);
            last = Addresses.fromNumber(new BigInteger(1, bytes), 32);
        } else if (first instanceof Inet4Address) {
            throw new IllegalArgumentException("range end must be an IPv4 address or a last octet 0-255");
        } else {
            throw new IllegalArgumentException("range end must be a full IPv6 address");
        }
        return new TargetSpec.AddressRange(first, last);
    }

    private static TargetSpec hostname(String t) {
        return new TargetSpec.Hostname(t);
    }
}
