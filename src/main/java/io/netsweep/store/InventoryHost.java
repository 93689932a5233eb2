package io.netsweep.store;

import io.netsweep.port.Protocol;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One device of the inventory: a host across every scan that saw it up, identified by its MAC where one
 * was seen (so a new address from DHCP is the same host), else by its address. Immutable.
 *
 * @param address   its address at its last scan
 * @param names     every hostname it had, newest first
 * @param lastScan  the last scan that saw it up
 * @param openPorts the ports open at that scan, ascending, with what was found behind them
 * @param findings  the findings that scan raised, by protocol (TCP first), port, then id
 */
public record InventoryHost(long id, InetAddress address, Optional<String> mac, Optional<String> vendor,
                            List<String> names, Instant firstSeen, Instant lastSeen, long lastScan, int scans,
                            List<OpenPort> openPorts, List<HostFinding> findings) {
    public InventoryHost {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(vendor, "vendor");
        names = List.copyOf(names);
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        openPorts = List.copyOf(openPorts);
        findings = List.copyOf(findings);
    }

    /** A finding on one of its ports: its id and severity label, and the port's protocol. */
    public record HostFinding(int port, String id, String severity, Protocol protocol) {
        public HostFinding {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** A finding on a TCP port. */
        public HostFinding(int port, String id, String severity) {
            this(port, id, severity, Protocol.TCP);
        }

        /** {@code 22/tcp}, {@code 161/udp}. */
        public String label() {
            return port + "/" + protocol.label();
        }
    }

    /** An open port and the product found behind it, if any. */
    public record OpenPort(int port, String service, Optional<String> product, Optional<String> version,
                           Protocol protocol) {
        public OpenPort {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(product, "product");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** An open TCP port. */
        public OpenPort(int port, String service, Optional<String> product, Optional<String> version) {
            this(port, service, product, version, Protocol.TCP);
        }

        /** An order of a host's ports: TCP ones by number, then UDP ones by number. */
        public int key() {
            return protocol == Protocol.UDP ? 65536 + port : port;
        }

        /** {@code 22/tcp}, {@code 53/udp}. */
        public String label() {
            return port + "/" + protocol.label();
        }
    }
}
