package io.netsweep.target;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * IPv4 targets written with digits, dots, dashes, commas and stars: an address ({@code 10.0.0.1}), a full
 * range ({@code 10.0.0.1-10.0.0.50}) or an nmap octet pattern ({@code 10.0.0.1-50}, {@code 10.1.*.1},
 * {@code 192.168.1-3.1-10}, {@code 10.0.0.1,5,7}, {@code 172.16.-.1}). Such text is never a hostname
 * (no top-level domain is all digits), so it is never looked up. Stateless. Errors are
 * {@link IllegalArgumentException}s whose message is the reason only.
 */
final class Ipv4Patterns {
    private Ipv4Patterns() {}

    /**
     * Whether {@code t} is IPv4 text: digits, dots, dashes, commas and stars only. Such a token is parsed
     * here or refused, never taken for a hostname ({@code 1-3} is a bad address, not a name to look up).
     */
    static boolean applies(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (!isIpv4Char(t.charAt(i))) {
                return false;
            }
        }
        return !t.isEmpty();
    }

    static boolean isIpv4Char(char c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ',' || c == '*';
    }

    /** The spec of IPv4 text for which {@link #applies} holds. */
    static TargetSpec parse(String t) {
        int dash = t.indexOf('-');
        if (dash < 0 && t.indexOf(',') < 0 && t.indexOf('*') < 0) {
            return new TargetSpec.SingleAddress(IpLiterals.ipv4(t)); // the usual case: a plain address
        }
        if (dash >= 0 && t.indexOf('-', dash + 1) < 0 && t.indexOf(',') < 0 && t.indexOf('*') < 0
                && dots(t.substring(0, dash)) == 3 && dots(t.substring(dash + 1)) == 3) {
            return new TargetSpec.AddressRange(IpLiterals.ipv4(t.substring(0, dash)), IpLiterals.ipv4(t.substring(dash + 1)));
        }
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            boolean list = TargetTokens.split(t).size() > 1; // 10.0.0.1,10.0.0.2 given as one target
            throw new IllegalArgumentException("an IPv4 address has four dot-separated octets"
                    + (list ? " (separate targets with blanks)" : ""));
        }
        List<OctetSet> octets = new ArrayList<>(4);
        for (String part : parts) {
            octets.add(OctetSet.parse(part));
        }
        return simplest(octets);
    }

    /** An address or a range where the pattern is one, so each set of addresses has one canonical spec. */
    private static TargetSpec simplest(List<OctetSet> octets) {
        boolean prefixFixed = octets.get(0).size() == 1 && octets.get(1).size() == 1 && octets.get(2).size() == 1;
        OctetSet last = octets.get(3);
        if (!prefixFixed || !last.isRange()) {
            return new TargetSpec.OctetPattern(octets);
        }
        byte[] first = {(byte) octets.get(0).first(), (byte) octets.get(1).first(), (byte) octets.get(2).first(),
            (byte) last.first()};
        Inet4Address start = address(first);
        if (last.size() == 1) {
            return new TargetSpec.SingleAddress(start);
        }
        first[3] = (byte) last.last();
        return new TargetSpec.AddressRange(start, address(first));
    }

    private static Inet4Address address(byte[] bytes) {
        return (Inet4Address) Addresses.fromNumber(new java.math.BigInteger(1, bytes), 32);
    }

    private static int dots(String s) {
        return (int) s.chars().filter(c -> c == '.').count();
    }
}
