package io.netsweep.store;

import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One fact a scan reported, as the store writes it: the scan's events, or an imported file's elements,
 * mapped to rows. Immutable. Every string may come from the network: the store keeps it as it is, and
 * whoever shows it escapes it.
 */
public sealed interface Observation {

    /** A host is up (or, where down hosts are shown, down). */
    record HostSeen(InetAddress address, boolean up, Optional<String> reason, Optional<Duration> rtt,
                    Optional<String> mac, Optional<String> vendor) implements Observation {
        public HostSeen {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(rtt, "rtt");
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(vendor, "vendor");
        }
    }

    /** A port's state, as reported; 53/tcp and 53/udp are two ports. */
    record PortSeen(InetAddress address, int port, PortState state, String service, String reason,
                    Optional<Duration> rtt, Protocol protocol) implements Observation {
        public PortSeen {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(rtt, "rtt");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** A TCP port's state. */
        public PortSeen(InetAddress address, int port, PortState state, String service, String reason,
                        Optional<Duration> rtt) {
            this(address, port, state, service, reason, rtt, Protocol.TCP);
        }
    }

    /** A reverse lookup's outcome; {@code dns} is its status label ({@code ok}, {@code nxdomain}, ...). */
    record NameSeen(InetAddress address, Optional<String> hostname, String dns) implements Observation {
        public NameSeen {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(dns, "dns");
        }
    }

    /**
     * What a detector said is behind a port; what was found on 53/udp is not what was found on 53/tcp.
     *
     * @param kind     the detector: {@link #IDENTIFY} (service detection and AI/ML identification), {@link #NMAP} (an
     *                 imported nmap {@code service} element), or another that later detectors add
     * @param name     a service name where the detector gives one ({@code ssh}, {@code http})
     * @param detail   a short summary of the rest, for diffs and listings (auth state, extra info)
     * @param json     the detector's whole report as one JSON object, so nothing it said is lost
     * @param protocol the port's protocol
     */
    record ServiceSeen(InetAddress address, int port, String kind, Optional<String> name, Optional<String> product,
                       Optional<String> version, Optional<String> detail, String json, Protocol protocol)
            implements Observation {
        public static final String IDENTIFY = "identify";
        public static final String NMAP = "nmap";

        public ServiceSeen {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(product, "product");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** What a detector said is behind a TCP port. */
        public ServiceSeen(InetAddress address, int port, String kind, Optional<String> name, Optional<String> product,
                           Optional<String> version, Optional<String> detail, String json) {
            this(address, port, kind, name, product, version, detail, json, Protocol.TCP);
        }
    }

    /**
     * A finding on a port ({@code severity} its label, {@code cves} its identifiers joined with {@code ;}), with
     * the finding event whole as {@code json}, which {@link ScanReplay} reads back; {@code protocol} the port's.
     */
    record FindingSeen(InetAddress address, int port, String id, String severity, String title, Optional<String> cves,
                       String json, Protocol protocol) implements Observation {
        public FindingSeen {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(cves, "cves");
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** A finding on a TCP port. */
        public FindingSeen(InetAddress address, int port, String id, String severity, String title,
                           Optional<String> cves, String json) {
            this(address, port, id, severity, title, cves, json, Protocol.TCP);
        }
    }

    /** The scan is done with a host; {@code notShown} counts its ports probed but not reported. */
    record HostDone(InetAddress address, PortCounts notShown) implements Observation {
        public HostDone {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(notShown, "notShown");
        }
    }

    /** The scan ended, whatever ended it. */
    record ScanEnded(ScanStatus status, Optional<String> message, Instant endedAt, long hostsUp, long openPorts,
                     OptionalLong probesSent) implements Observation {
        public ScanEnded {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(endedAt, "endedAt");
            Objects.requireNonNull(probesSent, "probesSent");
        }
    }
}
