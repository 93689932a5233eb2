package io.netsweep.store;

import io.netsweep.port.Protocol;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One difference between two stored scans ({@link ScanDiff}). The family is closed: renderers switch over
 * it exhaustively. Every string may come from the network: escape it where it is shown. Immutable.
 */
public sealed interface Change {
    /** The address the change is about (for a move, the new one). */
    InetAddress address();

    /** A host up in the new scan that the old one did not have, with its open TCP and UDP ports. */
    record HostAppeared(InetAddress address, Optional<String> mac, Optional<String> hostname, List<Integer> openPorts,
                        List<Integer> openUdpPorts) implements Change {
        public HostAppeared {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(hostname, "hostname");
            openPorts = List.copyOf(openPorts);
            openUdpPorts = List.copyOf(openUdpPorts);
        }

        /** A host that appeared with TCP ports open only. */
        public HostAppeared(InetAddress address, Optional<String> mac, Optional<String> hostname,
                            List<Integer> openPorts) {
            this(address, mac, hostname, openPorts, List.of());
        }
    }

    /** A host up in the old scan that the new one, which covered its address, did not find up. */
    record HostGone(InetAddress address, Optional<String> mac, Optional<String> hostname) implements Change {
        public HostGone {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(hostname, "hostname");
        }
    }

    /** The same host (by MAC) at another address. */
    record HostMoved(InetAddress from, InetAddress address, String mac) implements Change {
        public HostMoved {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(mac, "mac");
        }
    }

    /** Another MAC answers at an address: another device has it now. */
    record MacChanged(InetAddress address, String before, String after) implements Change {
        public MacChanged {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }
    }

    /** A port open now that was not before (and was probed before); 53/tcp and 53/udp are two ports. */
    record PortOpened(InetAddress address, int port, String service, Optional<String> product,
                      Optional<String> version, Protocol protocol) implements Change {
        public PortOpened {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(product, "product");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** A TCP port opened. */
        public PortOpened(InetAddress address, int port, String service, Optional<String> product,
                          Optional<String> version) {
            this(address, port, service, product, version, Protocol.TCP);
        }
    }

    /**
     * A port open before that is not now (and was probed now).
     *
     * @param state {@code closed} or {@code filtered} where the new scan reported it, else {@code not open}
     */
    record PortClosed(InetAddress address, int port, String service, String state, Protocol protocol)
            implements Change {
        public PortClosed {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** A TCP port no longer open. */
        public PortClosed(InetAddress address, int port, String service, String state) {
            this(address, port, service, state, Protocol.TCP);
        }
    }

    /**
     * What answers on a port open in both scans changed: product, version or detail (such as its auth state); 53/tcp
     * and 53/udp are two ports.
     */
    record ServiceChanged(InetAddress address, int port, String before, String after, Protocol protocol)
            implements Change {
        public ServiceChanged {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** What answers on a TCP port changed. */
        public ServiceChanged(InetAddress address, int port, String before, String after) {
            this(address, port, before, after, Protocol.TCP);
        }
    }

    /**
     * A finding on a port that the older scan did not raise: on a port both scans identified, on a port that
     * opened, or on a host that appeared.
     *
     * @param severity the severity's label ({@code high}, ...)
     */
    record FindingRaised(InetAddress address, int port, String id, String severity, String title, Protocol protocol)
            implements Change {
        public FindingRaised {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** A finding on a TCP port. */
        public FindingRaised(InetAddress address, int port, String id, String severity, String title) {
            this(address, port, id, severity, title, Protocol.TCP);
        }
    }

    /**
     * A finding of the older scan that the newer one no longer raises on a port both identified (the port still
     * open). A port that closed or a host that went is that change alone.
     */
    record FindingGone(InetAddress address, int port, String id, String severity, String title, Protocol protocol)
            implements Change {
        public FindingGone {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** A finding on a TCP port. */
        public FindingGone(InetAddress address, int port, String id, String severity, String title) {
            this(address, port, id, severity, title, Protocol.TCP);
        }
    }

    /** The host's name changed (both scans looked it up and got an answer). */
    record HostnameChanged(InetAddress address, Optional<String> before, Optional<String> after) implements Change {
        public HostnameChanged {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }
    }
}
