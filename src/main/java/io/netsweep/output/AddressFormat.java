package io.netsweep.output;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * The one textual form of an IP address in every netsweep output: dotted quad for IPv4, and for
 * IPv6 the canonical form of RFC 5952 (lower case, no leading zeros, the longest run of two or more
 * zero groups as {@code ::}, the first such run on a tie, IPv4-mapped addresses as
 * {@code ::ffff:192.0.2.1}). Only the address bits are used: never a host name the
 * {@link InetAddress} may carry, never an IPv6 scope. Stateless and thread-safe.
 */
public final class AddressFormat {
    private AddressFormat() {}

    /** {@code 10.0.0.5}, {@code 2001:db8::1}, {@code ::ffff:192.0.2.1}. */
    public static String format(InetAddress address) {
        Objects.requireNonNull(address, "address");
        byte[] b = address.getAddress();
        return switch (address) {
            case Inet4Address v4 -> dotted(b, 0);
            case Inet6Address v6 -> ipv6(b);
            default -> throw new IllegalArgumentException("neither IPv4 nor IPv6: " + address.getClass());
        };
    }

    /** {@code ipv4} or {@code ipv6}, as nmap's XML names the address type. */
    public static String family(InetAddress address) {
        return address instanceof Inet6Address ? "ipv6" : "ipv4";
    }

    private static String dotted(byte[] b, int from) {
        return (b[from] & 0xFF) + "." + (b[from + 1] & 0xFF) + "." + (b[from + 2] & 0xFF) + "." + (b[from + 3] & 0xFF);
    }

    private static String ipv6(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        if (isIpv4Mapped(groups)) {
            return "::ffff:" + dotted(b, 12);
        }
        // RFC 5952 4.2: compress the longest run of at least two zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static boolean isIpv4Mapped(int[] groups) {
        for (int i = 0; i < 5; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[5] == 0xFFFF;
    }
}
