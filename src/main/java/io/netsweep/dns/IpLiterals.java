package io.netsweep.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Strict IP literal parsing that never touches DNS. IPv4 must be a dotted quad without leading zeros
 * (so {@code 010.0.0.1} is not silently read as octal or decimal); IPv6 may carry a scope as
 * {@code %<number>} or {@code %<interface name>} of an interface present on this machine.
 * Stateless and thread-safe.
 */
final class IpLiterals {
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    private IpLiterals() {}

    /** The address {@code text} spells, or empty when it is not a valid literal. */
    static Optional<InetAddress> parse(String text) {
        return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
    }

    private static Optional<InetAddress> parseIpv4(String text) {
        var m = DOTTED_QUAD.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(m.group(i + 1));
            if (octet > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) octet;
        }
        return byAddress(bytes);
    }

    private static Optional<InetAddress> parseIpv6(String text) {
        int percent = text.indexOf('%');
        String addressPart = percent < 0 ? text : text.substring(0, percent);
        if (!IPV6_CHARS.matcher(addressPart).matches()) {
            return Optional.empty();
        }
        InetAddress plain;
        try {
            plain = InetAddress.ofLiteral(addressPart);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (percent < 0) {
            return Optional.of(plain);
        }
        String scope = text.substring(percent + 1);
        if (!(plain instanceof Inet6Address) || !SCOPE.matcher(scope).matches()) {
            return Optional.empty();
        }
        return withScope(plain.getAddress(), scope);
    }

    private static Optional<InetAddress> withScope(byte[] bytes, String scope) {
        try {
            if (scope.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.of(Inet6Address.getByAddress(null, bytes, Integer.parseInt(scope)));
            }
            NetworkInterface nif = NetworkInterface.getByName(scope);
            return nif == null ? Optional.empty() : Optional.of(Inet6Address.getByAddress(null, bytes, nif));
        } catch (UnknownHostException | SocketException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> byAddress(byte[] bytes) {
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always a valid IPv4 address", e);
        }
    }
}
