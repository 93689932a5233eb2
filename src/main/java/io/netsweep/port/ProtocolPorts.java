package io.netsweep.port;

import java.util.Objects;

/**
 * A port specification read by protocol ({@link PortSpecParser#parseByProtocol}): ports named without a prefix
 * (for every protocol scanned; a service name resolved with each protocol's IANA names), and those after {@code T:}
 * and {@code U:}. Immutable.
 */
public record ProtocolPorts(PortSet unqualifiedTcp, PortSet unqualifiedUdp, PortSet tcp, PortSet udp) {
    public ProtocolPorts {
        Objects.requireNonNull(unqualifiedTcp, "unqualifiedTcp");
        Objects.requireNonNull(unqualifiedUdp, "unqualifiedUdp");
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(udp, "udp");
    }

    /** The TCP ports to scan: unqualified ones and {@code T:} ones. */
    public PortSet tcpPorts() {
        return unqualifiedTcp.union(tcp);
    }

    /** The UDP ports to scan: unqualified ones and {@code U:} ones. */
    public PortSet udpPorts() {
        return unqualifiedUdp.union(udp);
    }

    /** Whether some entry carried {@code U:}. */
    public boolean namesUdp() {
        return !udp.isEmpty();
    }

    /** Whether some entry carried {@code T:}. */
    public boolean namesTcp() {
        return !tcp.isEmpty();
    }
}
