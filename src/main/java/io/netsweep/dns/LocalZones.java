package io.netsweep.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The addresses and names that are about this machine or the link it sits on, and so are answered here,
 * never asked of a DNS server.
 *
 * <p>Reverse: the zones of RFC 6303 that say nothing about any network beyond this machine or its link:
 * loopback ({@code 127.0.0.0/8}, {@code ::1}), link-local ({@code 169.254.0.0/16}, {@code fe80::/10}: their
 * names come from mDNS, and no unicast DNS server is authoritative for them), "this network"
 * ({@code 0.0.0.0/8}, {@code ::}) and the limited broadcast address. Asking a server for those only tells it
 * what is being scanned, and the public servers that end up asked (AS112) have nothing to say. RFC 6303 also
 * lists the private ranges (10/8, 172.16/12, 192.168/16, {@code fd00::/8}) and the documentation ranges, but
 * the DNS servers of real LANs do serve names for those, so they are asked as any other address. An
 * IPv4-mapped IPv6 address ({@code ::ffff:127.0.0.1}) is judged by the IPv4 address it carries.
 *
 * <p>Forward: {@code localhost} and the names under it (RFC 6761, section 6.3) are the loopback addresses.
 *
 * <p>Stateless and thread-safe.
 */
final class LocalZones {
    /** The name the system gives 127.0.0.1 and ::1 when the hosts file does not list them. */
    static final String LOCALHOST = "localhost";

    private static final InetAddress IPV4_LOOPBACK = address(new byte[] {127, 0, 0, 1});
    private static final InetAddress IPV6_LOOPBACK = address(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    private LocalZones() {}

    /** Whether the reverse name of {@code address} is served only locally, so no DNS server is asked for it. */
    static boolean isLocalOnly(InetAddress address) {
        Optional<Inet4Address> v4 = ipv4Of(address);
        if (v4.isPresent()) {
            byte[] b = v4.get().getAddress();
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            boolean limitedBroadcast = (b[0] & b[1] & b[2] & b[3]) == (byte) 0xFF;
            return first == 127 || first == 0 || (first == 169 && second == 254) || limitedBroadcast;
        }
        byte[] b = address.getAddress();
        boolean linkLocal = (b[0] & 0xFF) == 0xFE && (b[1] & 0xC0) == 0x80;
        return linkLocal || isAllZeroUpTo(b, 15) && (b[15] == 0 || b[15] == 1); // fe80::/10, ::, ::1
    }

    /** The name the system's resolver gives {@code address} without any file: localhost for 127.0.0.1 and ::1. */
    static Optional<String> builtInName(InetAddress address) {
        InetAddress plain = ipv4Of(address).<InetAddress>map(a -> a).orElse(address);
        return plain.equals(IPV4_LOOPBACK) || plain.equals(IPV6_LOOPBACK) ? Optional.of(LOCALHOST) : Optional.empty();
    }

    /** Whether {@code hostname} is {@code localhost} or a name under it (any case, with or without the root dot). */
    static boolean isLocalhostName(String hostname) {
        String name = hostname.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.equals(LOCALHOST) || name.endsWith("." + LOCALHOST);
    }

    /** What {@code localhost} means: 127.0.0.1 and ::1. */
    static List<InetAddress> loopbackAddresses() {
        return List.of(IPV4_LOOPBACK, IPV6_LOOPBACK);
    }

    /** The IPv4 address {@code address} is, or carries as an IPv4-mapped IPv6 address. */
    static Optional<Inet4Address> ipv4Of(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return Optional.of(v4);
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && isAllZeroUpTo(b, 10) && b[10] == (byte) 0xFF && b[11] == (byte) 0xFF) {
            return Optional.of((Inet4Address) address(new byte[] {b[12], b[13], b[14], b[15]}));
        }
        return Optional.empty();
    }

    private static boolean isAllZeroUpTo(byte[] bytes, int end) {
        for (int i = 0; i < end; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are an address", e);
        }
    }
}
