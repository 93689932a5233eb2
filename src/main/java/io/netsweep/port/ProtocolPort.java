package io.netsweep.port;

import java.util.Locale;
import java.util.Objects;

/**
 * One port of one transport: {@code 22/tcp} or {@code 53/udp} (two different ports share a number). Immutable.
 *
 * @param protocol the transport
 * @param port     1-65535
 */
public record ProtocolPort(Protocol protocol, int port) {
    public ProtocolPort {
        Objects.requireNonNull(protocol, "protocol");
        if (port < 1 || port > PortSet.MAX_PORT) {
            throw new IllegalArgumentException("port " + port + " is not 1-65535");
        }
    }

    /**
     * The port {@code text} names in {@code -p}'s form for one port: a number is a TCP port ({@code 22}), nmap's
     * {@code T:} and {@code U:} prefixes (any case) name the protocol ({@code T:22}, {@code U:53}).
     *
     * @throws PortSpecException with a one-line message quoting {@code text} when it is anything else
     */
    public static ProtocolPort parse(String text) {
        Objects.requireNonNull(text, "text");
        String entry = text.strip();
        Protocol protocol = Protocol.TCP;
        int colon = entry.indexOf(':');
        if (colon >= 0) {
            protocol = switch (entry.substring(0, colon).strip().toUpperCase(Locale.ROOT)) {
                case "T" -> Protocol.TCP;
                case "U" -> Protocol.UDP;
                default -> throw new PortSpecException("invalid port " + PortSpecException.quote(text)
                        + ": a TCP port (22 or T:22) or a UDP port (U:53)");
            };
            entry = entry.substring(colon + 1).strip();
        }
        if (entry.isEmpty() || entry.length() > 5 || !entry.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new PortSpecException("invalid port " + PortSpecException.quote(text)
                    + ": a TCP port (22 or T:22) or a UDP port (U:53)");
        }
        int n = Integer.parseInt(entry);
        if (n < 1 || n > PortSet.MAX_PORT) {
            throw new PortSpecException("invalid port " + PortSpecException.quote(text) + ": ports are 1-65535");
        }
        return new ProtocolPort(protocol, n);
    }

    /** {@code 22/tcp}, {@code 53/udp}. */
    @Override
    public String toString() {
        return port + "/" + protocol.label();
    }
}
