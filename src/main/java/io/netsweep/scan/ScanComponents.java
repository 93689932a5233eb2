package io.netsweep.scan;

import java.util.Objects;

/**
 * The parts a {@link PipelineScanner} builds each scan from, one factory per role. The composition root
 * passes {@link #standard()}; a test replaces a part whose behaviour it must script (a discovery that
 * reports given hosts, a resolver that answers when the test says) and keeps the others real.
 * Immutable; the factories must be thread-safe, as scans may start on any thread.
 *
 * @param discovery      host discovery, unless every target is taken as up
 * @param portScan       the port scan, unless the scan is discovery only
 * @param names          reverse DNS, unless it is off
 * @param identification service detection ({@code -sV}), when asked for
 * @param udpScan        the UDP port scan ({@code -sU}), when the request has UDP ports
 */
public record ScanComponents(
        Discovery.Factory discovery, PortScan.Factory portScan, NameLookup.Factory names,
        Identification.Factory identification, PortScan.Factory udpScan) {

    public ScanComponents {
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(portScan, "portScan");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(identification, "identification");
        Objects.requireNonNull(udpScan, "udpScan");
    }

    /** ICMP or TCP discovery, the SYN or connect scanner, the UDP scanner, dnsjava lookups and service detection. */
    public static ScanComponents standard() {
        return new ScanComponents(StandardComponents::discovery, new StandardComponents.PortScans(),
                StandardComponents::names, StandardComponents::identification, StandardComponents::udpScan);
    }

    public ScanComponents withDiscovery(Discovery.Factory f) {
        return new ScanComponents(f, portScan, names, identification, udpScan);
    }

    public ScanComponents withPortScan(PortScan.Factory f) {
        return new ScanComponents(discovery, f, names, identification, udpScan);
    }

    public ScanComponents withNames(NameLookup.Factory f) {
        return new ScanComponents(discovery, portScan, f, identification, udpScan);
    }

    public ScanComponents withIdentification(Identification.Factory f) {
        return new ScanComponents(discovery, portScan, names, f, udpScan);
    }

    public ScanComponents withUdpScan(PortScan.Factory f) {
        return new ScanComponents(discovery, portScan, names, identification, f);
    }
}
