package io.netsweep.web;

import io.netsweep.discovery.HostInfo;
import io.netsweep.discovery.MacAddress;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.ScanEvent;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One scan's results folded per host, in the order hosts were found: what the CSV export writes.
 * Counts every host and open port, but stores at most {@code maxEntries} hosts plus ports, so a
 * huge scan cannot grow it without bound. Not thread-safe: its owner guards it.
 */
final class HostTable {
    private final int maxEntries;
    private final Map<InetAddress, Host> hosts = new LinkedHashMap<>();
    private int entries;
    private long hostsUp;
    private long openPorts;

    HostTable(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    void hostUp(HostInfo info) {
        hostsUp++;
        Host h = host(info.address());
        if (h != null) {
            h.info = Optional.of(info);
        }
    }

    void port(ScanEvent.PortObserved p) {
        if (p.state() == PortState.OPEN) {
            openPorts++;
        }
        Host h = host(p.address());
        if (h != null && (h.ports.containsKey(p.port()) || take())) {
            h.ports.put(p.port(), new PortRow(p.port(), p.state(), p.service(), Optional.empty()));
        }
    }

    void hostname(ScanEvent.HostnameResolved r) {
        Host h = hosts.get(r.address());
        if (h != null) {
            h.hostname = r.hostname();
        }
    }

    void service(ScanEvent.ServiceIdentified s) {
        Host h = hosts.get(s.address());
        PortRow row = h == null ? null : h.ports.get(s.port());
        if (row != null) {
            h.ports.put(s.port(), new PortRow(s.port(), row.state(), row.service(), Optional.of(s.identity())));
        }
    }

    long hostsUp() {
        return hostsUp;
    }

    long openPorts() {
        return openPorts;
    }

    List<HostRow> snapshot() {
        List<HostRow> rows = new ArrayList<>(hosts.size());
        hosts.forEach((address, h) -> rows.add(new HostRow(address, h.hostname,
                h.info.flatMap(HostInfo::mac), h.info.flatMap(HostInfo::vendor), List.copyOf(h.ports.values()))));
        return rows;
    }

    private Host host(InetAddress address) {
        Host h = hosts.get(address);
        if (h == null && take()) {
            h = new Host();
            hosts.put(address, h);
        }
        return h;
    }

    private boolean take() {
        if (entries >= maxEntries) {
            return false;
        }
        entries++;
        return true;
    }

    private static final class Host {
        Optional<HostInfo> info = Optional.empty();
        Optional<String> hostname = Optional.empty();
        final Map<Integer, PortRow> ports = new TreeMap<>();
    }

    /** A host and what was found on it. Immutable. */
    record HostRow(InetAddress address, Optional<String> hostname, Optional<MacAddress> mac, Optional<String> vendor,
                   List<PortRow> ports) {}

    /** One observed port. Immutable. */
    record PortRow(int port, PortState state, String service, Optional<ServiceIdentity> identity) {}
}
