package io.netsweep.store;

import io.netsweep.port.PortSet;
import io.netsweep.port.PortSpecParser;
import io.netsweep.port.ProtocolPorts;
import java.util.Optional;

/**
 * A scan's ports as the store keeps them in {@code scan.ports}: the TCP ports in {@code -p} form, then for a UDP
 * scan {@code U:} and its ports, as nmap writes a mixed list ({@code 22,80,U:53,161}; a UDP-only scan
 * {@code U:53,161}). A scan stored before UDP existed has TCP ports only, in the same form. Stateless.
 */
final class StoredPorts {
    /** A scan's TCP and UDP ports. */
    record Ports(PortSet tcp, PortSet udp) {}

    private StoredPorts() {
    }

    static String format(PortSet tcp, PortSet udp) {
        if (udp.isEmpty()) {
            return tcp.toString();
        }
        return (tcp.isEmpty() ? "" : tcp + ",") + "U:" + udp;
    }

    /** The ports of stored text; empty when the text is not one this version can read. */
    static Optional<Ports> parse(String text) {
        if (text.isEmpty()) {
            return Optional.of(new Ports(PortSet.empty(), PortSet.empty()));
        }
        try {
            ProtocolPorts p = PortSpecParser.parseByProtocol(text);
            return Optional.of(new Ports(p.unqualifiedTcp().union(p.tcp()), p.udp()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
