package io.netsweep.scan;

import io.netsweep.discovery.DiscoveryListener;
import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.DiscoveryOptions;
import io.netsweep.dns.DnsOptions;
import io.netsweep.portscan.PortScanListener;
import io.netsweep.portscan.ScanTiming;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The components one scan opened, each present only when the request needs it: discovery unless every
 * target is taken as up, the port scan unless discovery is all there is, reverse DNS unless it is off,
 * service detection when asked for, the UDP scan when the request has UDP ports. Immutable; the components themselves are thread-safe.
 */
record RunComponents(
        Optional<Discovery> discovery, Optional<PortScan> portScan, Optional<NameLookup> names,
        Optional<Identification> identification, Optional<PortScan> udpScan) {

    /**
     * Opens what {@code request} needs with {@code factories}, options derived from the request. All or
     * nothing: when one cannot be opened, those already open are closed and its exception is thrown.
     */
    static RunComponents open(ScanRequest request, ScanComponents factories, DiscoveryListener verdicts,
            PortScanListener results, PortScanListener udpResults) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Optional<NameLookup> names = Optional.empty();
            if (request.dnsMode() != DnsMode.OFF) {
                DnsOptions options = DnsOptions.defaults().withTimeout(request.dnsTimeout());
                names = Optional.of(factories.names().open(request.dnsServers().isEmpty() ? options
                        : options.withServers(request.dnsServers())));
                opened.add(names.get());
            }
            boolean scansPorts = request.discovery() != DiscoveryMode.DISCOVERY_ONLY;
            Optional<Identification> identification = Optional.empty();
            if (request.identify() && scansPorts) {
                identification = Optional.of(factories.identification().open(request.detectOptions()));
                opened.add(identification.get());
            }
            Optional<PortScan> portScan = Optional.empty();
            if (scansPorts && !request.ports().isEmpty()) {
                portScan = Optional.of(factories.portScan().open(request.timing(), request.seed(), results, request.method()));
                opened.add(portScan.get());
            }
            Optional<PortScan> udpScan = Optional.empty();
            if (scansPorts && !request.udpPorts().isEmpty()) {
                udpScan = Optional.of(factories.udpScan().open(request.timing(), request.seed(), udpResults));
                opened.add(udpScan.get());
            }
            Optional<Discovery> discovery = Optional.empty();
            if (request.discovery() != DiscoveryMode.ASSUME_UP) {
                discovery = Optional.of(factories.discovery().open(discoveryOptions(request), verdicts));
            }
            return new RunComponents(discovery, portScan, names, identification, udpScan);
        } catch (RuntimeException e) {
            opened.forEach(RunComponents::closeQuietly);
            throw e;
        }
    }

    /** Discovery follows the scan's timing where the user set it: rate, retries and seed. */
    static DiscoveryOptions discoveryOptions(ScanRequest request) {
        DiscoveryOptions d = DiscoveryOptions.defaults();
        ScanTiming t = request.timing();
        if (t.ratePerSecond() > 0) {
            d = d.withRate(t.ratePerSecond());
        }
        return new DiscoveryOptions(d.forcedMethod(), d.ratePerSecond(), t.retries(), d.initialTimeout(),
                d.minTimeout(), d.maxTimeout(), d.tcpPingPorts(), request.seed(), d.readNeighbors());
    }

    /** How hosts are found, for {@link ScanEvent.Started}. */
    DiscoveryMethod method() {
        return discovery.map(Discovery::method).orElse(DiscoveryMethod.NONE);
    }

    /** Asks discovery and the port scan to stop; returns at once. */
    void cancel() {
        discovery.ifPresent(Discovery::cancel);
        portScan.ifPresent(PortScan::cancel);
        udpScan.ifPresent(PortScan::cancel);
    }

    /** Closes every component; afterwards none of their threads or sockets remain. Best effort. */
    void close() {
        discovery.ifPresent(RunComponents::closeQuietly);
        portScan.ifPresent(RunComponents::closeQuietly);
        udpScan.ifPresent(RunComponents::closeQuietly);
        names.ifPresent(RunComponents::closeQuietly);
        identification.ifPresent(RunComponents::closeQuietly);
    }

    /** Port probes sent so far. */
    long probesSent() {
        return portScan.map(PortScan::probesSent).orElse(0L) + udpScan.map(PortScan::probesSent).orElse(0L);
    }

    /** The port scans that run: TCP, UDP, or both. */
    java.util.List<PortScan> portScans() {
        List<PortScan> all = new ArrayList<>(2);
        portScan.ifPresent(all::add);
        udpScan.ifPresent(all::add);
        return List.copyOf(all);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Closing is best effort: the scan's outcome is already decided.
        }
    }
}
