package io.netsweep.store;

import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A stored scan with everything it reported, for {@code show} and {@code diff}. Hosts are in the order the
 * scan reported them; each host's ports ascend. Immutable.
 */
public record StoredScan(ScanEntry entry, List<Host> hosts) {
    public StoredScan {
        Objects.requireNonNull(entry, "entry");
        hosts = List.copyOf(hosts);
    }

    /**
     * A host as this scan saw it.
     *
     * @param hostId    the device across scans (by MAC where known, else by address); empty for a host down
     * @param dns       the reverse lookup's status label, where a lookup ran
     * @param completed whether the scan finished with this host (false where it was cut short)
     */
    public record Host(OptionalLong hostId, InetAddress address, boolean up, Optional<String> reason,
                       Optional<Duration> rtt, Optional<String> mac, Optional<String> vendor,
                       Optional<String> hostname, Optional<String> dns, boolean completed, PortCounts notShown,
                       List<Port> ports, List<Service> services, List<Finding> findings) {
        public Host {
            Objects.requireNonNull(hostId, "hostId");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(rtt, "rtt");
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(vendor, "vendor");
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(dns, "dns");
            Objects.requireNonNull(notShown, "notShown");
            ports = List.copyOf(ports);
            services = List.copyOf(services);
            findings = List.copyOf(findings);
        }

        /** A host without findings (an imported scan, a scan stored before findings were). */
        public Host(OptionalLong hostId, InetAddress address, boolean up, Optional<String> reason,
                    Optional<Duration> rtt, Optional<String> mac, Optional<String> vendor,
                    Optional<String> hostname, Optional<String> dns, boolean completed, PortCounts notShown,
                    List<Port> ports, List<Service> services) {
            this(hostId, address, up, reason, rtt, mac, vendor, hostname, dns, completed, notShown, ports, services,
                    List.of());
        }

        /** The TCP port's reported state, if it was reported. */
        public Optional<Port> port(int port) {
            return port(Protocol.TCP, port);
        }

        /** The port's reported state, if it was reported. */
        public Optional<Port> port(Protocol protocol, int port) {
            return ports.stream().filter(p -> p.port() == port && p.protocol() == protocol).findFirst();
        }

        /** Whether a detector reported on the TCP port (with or without naming a product). */
        public boolean identified(int port) {
            return identified(Protocol.TCP, port);
        }

        /** Whether a detector reported on the port (with or without naming a product). */
        public boolean identified(Protocol protocol, int port) {
            return services.stream().anyMatch(s -> s.port() == port && s.protocol() == protocol);
        }

        /** The services found on the TCP port, one per detector. */
        public List<Service> services(int port) {
            return services(Protocol.TCP, port);
        }

        /** The services found on the port, one per detector. */
        public List<Service> services(Protocol protocol, int port) {
            return services.stream().filter(s -> s.port() == port && s.protocol() == protocol).toList();
        }
    }

    /** A port as reported; 53/tcp and 53/udp are two. */
    public record Port(int port, PortState state, String service, String reason, Optional<Duration> rtt,
                       Protocol protocol) {
        public Port {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(rtt, "rtt");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** A TCP port as reported. */
        public Port(int port, PortState state, String service, String reason, Optional<Duration> rtt) {
            this(port, state, service, reason, rtt, Protocol.TCP);
        }
    }

    /**
     * A finding on a port ({@link Observation.FindingSeen}): its identifier, severity label, title, event JSON and
     * the port's protocol.
     */
    public record Finding(int port, String id, String severity, String title, String json, Protocol protocol) {
        public Finding {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** A finding on a TCP port. */
        public Finding(int port, String id, String severity, String title, String json) {
            this(port, id, severity, title, json, Protocol.TCP);
        }
    }

    /** What a detector said about a port ({@link Observation.ServiceSeen}) of {@code protocol}. */
    public record Service(int port, String kind, Optional<String> name, Optional<String> product,
                          Optional<String> version, Optional<String> detail, String json, Protocol protocol) {
        public Service {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(product, "product");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** What a detector said about a TCP port. */
        public Service(int port, String kind, Optional<String> name, Optional<String> product,
                       Optional<String> version, Optional<String> detail, String json) {
            this(port, kind, name, product, version, detail, json, Protocol.TCP);
        }
    }
}
