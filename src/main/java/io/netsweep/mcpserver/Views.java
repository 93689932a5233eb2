package io.netsweep.mcpserver;

import io.netsweep.store.Change;
import io.netsweep.store.InventoryHost;
import io.netsweep.store.ScanDiff;
import io.netsweep.store.ScanEntry;
import io.netsweep.store.StoredScan;
import java.net.InetAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The typed results of the tools, as JSON objects (records serialized by Jackson, absent values left out), and the
 * mapping from the store's values to them. Every string that came from the network stays data inside JSON: clients
 * get it escaped by the JSON encoding, never as markup or a command. Stateless.
 */
final class Views {
    private Views() {}

    record Started(long scan_id, String status, String targets, long addresses, String scope) {}

    record Status(long scan_id, String status, String targets, Long done, Long total, Double percent, long hosts_up,
                  long open_ports, Long elapsed_ms, String message) {}

    record Cancel(long scan_id, boolean cancelled, String status) {}

    record ScanItem(long scan_id, String source, String targets, String ports, String started_at, String ended_at,
                    String status, long hosts_up, long open_ports, String message) {}

    record ScanList(long total, int offset, List<ScanItem> scans, Integer next_offset) {}

    record Service(String detector, String name, String product, String version, String detail) {}

    record Port(int port, String protocol, String state, String service, String reason, List<Service> detected) {}

    record Host(String address, boolean up, String hostname, String mac, String vendor, boolean completed,
                List<Port> ports) {}

    record Results(long scan_id, String status, String targets, long total_hosts, int offset, List<Host> hosts,
                   Integer next_offset) {}

    record ChangeItem(String kind, String address, Integer port, String protocol, String from, String mac, String hostname,
                      String service, String product, String version, String before, String after,
                      List<Integer> open_ports, List<Integer> open_udp_ports) {}

    record Diff(long older_scan_id, long newer_scan_id, String targets, int count, List<ChangeItem> changes) {}

    record InventoryPort(int port, String protocol, String service, String product, String version) {}

    record InventoryItem(String address, String mac, String vendor, List<String> names, String first_seen,
                         String last_seen, long last_scan_id, int scans, List<InventoryPort> open_ports) {}

    record Inventory(int count, List<InventoryItem> hosts) {}

    static String iso(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** An address as every netsweep output writes it (IPv6 compressed, RFC 5952). */
    static String address(InetAddress a) {
        return io.netsweep.output.AddressFormat.format(a);
    }

    static ScanItem item(ScanEntry e) {
        return new ScanItem(e.id(), e.source(), e.targets(), e.ports(), iso(e.startedAt()),
                e.endedAt().map(Views::iso).orElse(null), e.status().name().toLowerCase(java.util.Locale.ROOT),
                e.hostsUp(), e.openPorts(), e.message().orElse(null));
    }

    static Host host(StoredScan.Host h) {
        List<Port> ports = h.ports().stream().map(p -> new Port(p.port(), p.protocol().label(), p.state().label(),
                p.service(), p.reason(), h.services(p.protocol(), p.port()).stream().map(Views::service).toList())).toList();
        return new Host(address(h.address()), h.up(), h.hostname().orElse(null), h.mac().orElse(null),
                h.vendor().orElse(null), h.completed(), ports);
    }

    private static Service service(StoredScan.Service s) {
        return new Service(s.kind(), s.name().orElse(null), s.product().orElse(null), s.version().orElse(null),
                s.detail().orElse(null));
    }

    static ChangeItem change(Change c) {
        String a = address(c.address());
        String proto = ScanDiff.protocol(c).map(io.netsweep.port.Protocol::label).orElse(null);
        return switch (c) {
            case Change.HostAppeared h -> new ChangeItem("host_appeared", a, null, null, null, h.mac().orElse(null),
                    h.hostname().orElse(null), null, null, null, null, null, h.openPorts(), h.openUdpPorts());
            case Change.HostGone h -> new ChangeItem("host_gone", a, null, null, null, h.mac().orElse(null),
                    h.hostname().orElse(null), null, null, null, null, null, null, null);
            case Change.HostMoved m -> new ChangeItem("host_moved", a, null, null, address(m.from()), m.mac(), null, null,
                    null, null, null, null, null, null);
            case Change.MacChanged m -> new ChangeItem("mac_changed", a, null, null, null, null, null, null, null, null,
                    m.before(), m.after(), null, null);
            case Change.PortOpened p -> new ChangeItem("port_opened", a, p.port(), proto, null, null, null, p.service(),
                    p.product().orElse(null), p.version().orElse(null), null, null, null, null);
            case Change.PortClosed p -> new ChangeItem("port_closed", a, p.port(), proto, null, null, null, p.service(),
                    null, null, null, p.state(), null, null);
            case Change.ServiceChanged s -> new ChangeItem("service_changed", a, s.port(), proto, null, null, null, null,
                    null, null, s.before(), s.after(), null, null);
            case Change.HostnameChanged n -> new ChangeItem("hostname_changed", a, null, null, null, null, null, null,
                    null, null, n.before().orElse(null), n.after().orElse(null), null, null);
            case Change.FindingRaised f -> new ChangeItem("finding_raised", a, f.port(), proto, null, null, null, null, null,
                    null, null, f.severity() + " " + f.id() + ": " + f.title(), null, null);
            case Change.FindingGone f -> new ChangeItem("finding_gone", a, f.port(), proto, null, null, null, null, null,
                    null, f.severity() + " " + f.id() + ": " + f.title(), null, null, null);
        };
    }

    static InventoryItem inventory(InventoryHost h) {
        return new InventoryItem(address(h.address()), h.mac().orElse(null), h.vendor().orElse(null), h.names(),
                iso(h.firstSeen()), iso(h.lastSeen()), h.lastScan(), h.scans(),
                h.openPorts().stream().map(p -> new InventoryPort(p.port(), p.protocol().label(), p.service(), p.product().orElse(null),
                        p.version().orElse(null))).toList());
    }

    static <T> T orNull(Optional<T> o) {
        return o.orElse(null);
    }
}
