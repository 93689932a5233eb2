package io.netsweep.output;

import io.netsweep.discovery.HostInfo;
import io.netsweep.dns.DnsStatus;
import io.netsweep.finding.Finding;
import io.netsweep.scan.PortCounts;
import io.netsweep.port.Protocol;
import io.netsweep.scan.ScanEvent.PortObserved;
import io.netsweep.service.ServiceReport;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What has been reported about one host so far, for the writers that print a host as a whole.
 * Ports are kept in ascending order; a later report of the same port replaces the earlier one.
 * Not thread-safe.
 */
final class HostRecord {
    private final InetAddress address;
    private Optional<HostInfo> up = Optional.empty();
    private boolean down;
    private Optional<String> hostname = Optional.empty();
    private final TreeMap<Integer, PortObserved> ports = new TreeMap<>();
    private final TreeMap<Integer, PortObserved> udpPorts = new TreeMap<>();
    private final TreeMap<Integer, ServiceReport> services = new TreeMap<>();
    private final TreeMap<Integer, ServiceReport> udpServices = new TreeMap<>();
    private final TreeMap<Integer, List<Finding>> findings = new TreeMap<>();
    private final TreeMap<Integer, List<Finding>> udpFindings = new TreeMap<>();
    private Optional<PortCounts> notShown = Optional.empty();

    HostRecord(InetAddress address) {
        this.address = address;
    }

    InetAddress address() {
        return address;
    }

    void up(HostInfo info) {
        up = Optional.of(info);
        down = false;
    }

    void down() {
        if (up.isEmpty()) {
            down = true;
        }
    }

    /** A name found is kept even if a later lookup of the same host fails. */
    void hostname(Optional<String> name, DnsStatus status) {
        if (status == DnsStatus.OK && name.isPresent()) {
            hostname = name;
        }
    }

    void port(PortObserved port) {
        (port.protocol() == Protocol.UDP ? udpPorts : ports).put(port.port(), port);
    }

    /** The UDP ports reported, ascending (the other methods about ports speak of TCP ports). */
    java.util.Collection<PortObserved> udpPorts() {
        return Collections.unmodifiableCollection(udpPorts.values());
    }

    void service(Protocol protocol, int port, ServiceReport report) {
        (protocol == Protocol.UDP ? udpServices : services).put(port, report);
    }

    /** What service detection reported of a UDP port. */
    Optional<ServiceReport> udpService(int port) {
        return Optional.ofNullable(udpServices.get(port));
    }

    void finding(Protocol protocol, int port, Finding finding) {
        (protocol == Protocol.UDP ? udpFindings : findings).computeIfAbsent(port, p -> new ArrayList<>()).add(finding);
    }

    /** The TCP port's findings in the order they were reported (most severe first). */
    List<Finding> findings(int port) {
        return findings(Protocol.TCP, port);
    }

    /** The port's findings in the order they were reported (most severe first). */
    List<Finding> findings(Protocol protocol, int port) {
        return List.copyOf((protocol == Protocol.UDP ? udpFindings : findings).getOrDefault(port, List.of()));
    }

    /** A finding with the port it was raised on. */
    record PortFinding(Protocol protocol, int port, Finding finding) {}

    /** Every finding of the host: TCP ports' ascending, then UDP ports' ascending. */
    List<PortFinding> allFindings() {
        List<PortFinding> all = new ArrayList<>();
        findings.forEach((port, list) -> list.forEach(f -> all.add(new PortFinding(Protocol.TCP, port, f))));
        udpFindings.forEach((port, list) -> list.forEach(f -> all.add(new PortFinding(Protocol.UDP, port, f))));
        return all;
    }

    /** The scan is done with this host; {@code notShown} counts its ports whose state was not reported. */
    void completed(PortCounts notShown) {
        this.notShown = Optional.of(notShown);
    }

    /** Whether the scan completed this host (false for a host cut short by a cancel or a failure). */
    boolean isComplete() {
        return notShown.isPresent();
    }

    /** Ports probed but not reported, by state; none for a host not completed. */
    PortCounts notShown() {
        return notShown.orElse(PortCounts.NONE);
    }

    /** Rows this record holds: one per port, at least one for the host itself (a measure of its memory). */
    int size() {
        return 1 + ports.size() + udpPorts.size() + services.size() + udpServices.size() + findings.size()
                + udpFindings.size();
    }

    Optional<HostInfo> upInfo() {
        return up;
    }

    /** Reported down, and never up. */
    boolean isDown() {
        return down;
    }

    Optional<String> hostname() {
        return hostname;
    }

    /** Every TCP port with a state or a service report, ascending. */
    NavigableSet<Integer> portNumbers() {
        TreeSet<Integer> all = new TreeSet<>(ports.keySet());
        all.addAll(services.keySet());
        return Collections.unmodifiableNavigableSet(all);
    }

    Optional<PortObserved> port(int port) {
        return Optional.ofNullable(ports.get(port));
    }

    Optional<ServiceReport> service(int port) {
        return Optional.ofNullable(services.get(port));
    }

    /** Whether service detection reported on any port, TCP or UDP. */
    boolean hasServices() {
        return !services.isEmpty() || !udpServices.isEmpty();
    }

    /** Whether a port's service was named as an AI/ML product (with its category and auth state). */
    boolean hasAiServices() {
        return services.values().stream().anyMatch(r -> r.ai().isPresent());
    }
}
