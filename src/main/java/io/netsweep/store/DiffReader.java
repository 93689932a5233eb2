package io.netsweep.store;

import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads one stored scan as {@link ScanDiff} compares it, and nothing more: its hosts up (address, MAC, name and
 * lookup status, "not shown" counts), their reported ports (state and service name), the services (without
 * the detector's JSON) and the findings (without their JSON). A diff of two scans of 65,536 hosts reads about a quarter of the columns {@link ScanStore#load} reads, and no row of a host down; column
 * reads through JDBC, most of all of text, are what loading costs. Plain SQL shared by every dialect.
 * Stateless.
 */
final class DiffReader {
    private DiffReader() {}

    /**
     * The scan {@code entry} with what a diff compares: {@link ScanDiff#of} gives on it what it gives on the whole
     * scan. Hosts keep the scan's order; a host's RTT, reason, vendor and id are left empty, as is every JSON.
     */
    static StoredScan read(Connection c, ScanEntry entry) throws SQLException {
        long id = entry.id();
        // A handful of distinct values (lookup statuses, service names, detectors) repeat on every host: one
        // copy of each is kept.
        Map<String, String> shared = new HashMap<>();
        List<Builder> hosts = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT seq, address, mac, hostname, dns, not_open, not_closed,"
                + " not_filtered, not_open_filtered FROM scan_host WHERE scan_id = ? AND state = 'up' ORDER BY seq")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    hosts.add(new Builder(r.getInt(1), r.getString(2), r.getString(3), r.getString(4),
                            share(shared, r.getString(5)), new PortCounts(r.getInt(6), r.getInt(7), r.getInt(8),
                            r.getInt(9))));
                }
            }
        }
        // Ports ascend within a host and protocol (the key's order); "open" is by far the most common state, and a
        // text column read is a string made, so the state is read only where it is another (the protocol likewise).
        try (PreparedStatement p = c.prepareStatement("SELECT seq, port, CASE WHEN state = 'open' THEN NULL"
                + " ELSE state END, service, CASE WHEN protocol = 'udp' THEN 1 ELSE 0 END FROM scan_port WHERE scan_id = ?"
                + " ORDER BY seq, protocol, port")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                Cursor hostOf = new Cursor(hosts);
                while (r.next()) {
                    Builder h = hostOf.seek(r.getInt(1));
                    if (h != null) {
                        String state = r.getString(3);
                        String service = r.getString(4);
                        h.ports.add(new StoredScan.Port(r.getInt(2), state == null ? PortState.OPEN
                                : JdbcScanStore.portState(state), service == null ? "" : share(shared, service), "",
                                Optional.empty(), r.getInt(5) != 0 ? Protocol.UDP : Protocol.TCP));
                    }
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT seq, port, kind, name, product, version, detail"
                + " FROM scan_service WHERE scan_id = ? ORDER BY seq, port, kind")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                Cursor hostOf = new Cursor(hosts);
                while (r.next()) {
                    Builder h = hostOf.seek(r.getInt(1));
                    if (h != null) {
                        h.services.add(new StoredScan.Service(r.getInt(2), share(shared, r.getString(3)),
                                Optional.ofNullable(r.getString(4)), Optional.ofNullable(r.getString(5)),
                                Optional.ofNullable(r.getString(6)), Optional.ofNullable(r.getString(7)), ""));
                    }
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT seq, port, finding_id, severity, title"
                + " FROM scan_finding WHERE scan_id = ? ORDER BY seq, port, finding_id")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                Cursor hostOf = new Cursor(hosts);
                while (r.next()) {
                    Builder h = hostOf.seek(r.getInt(1));
                    if (h != null) {
                        h.findings.add(new StoredScan.Finding(r.getInt(2), r.getString(3), share(shared, r.getString(4)),
                                r.getString(5), ""));
                    }
                }
            }
        }
        List<StoredScan.Host> built = new ArrayList<>(hosts.size());
        for (Builder h : hosts) {
            built.add(h.build());
        }
        return new StoredScan(entry, built);
    }

    private static String share(Map<String, String> shared, String s) {
        if (s == null) {
            return null;
        }
        String before = shared.putIfAbsent(s, s);
        return before == null ? s : before;
    }

    /** Walks the hosts (ascending seq) alongside rows ordered by seq, as a merge join does. */
    private static final class Cursor {
        private final List<Builder> hosts;
        private int next;

        Cursor(List<Builder> hosts) {
            this.hosts = hosts;
        }

        /** The host with {@code seq}, or null where it is not one read (a host down); seqs never go back. */
        Builder seek(int seq) {
            while (next < hosts.size() && hosts.get(next).seq < seq) {
                next++;
            }
            return next < hosts.size() && hosts.get(next).seq == seq ? hosts.get(next) : null;
        }
    }

    private static final class Builder {
        final int seq;
        final String address;
        final Optional<String> mac;
        final Optional<String> hostname;
        final Optional<String> dns;
        final PortCounts notShown;
        final List<StoredScan.Port> ports = new ArrayList<>(4);
        final List<StoredScan.Service> services = new ArrayList<>(0);
        final List<StoredScan.Finding> findings = new ArrayList<>(0);

        Builder(int seq, String address, String mac, String hostname, String dns, PortCounts notShown) {
            this.seq = seq;
            this.address = address;
            this.mac = Optional.ofNullable(mac);
            this.hostname = Optional.ofNullable(hostname);
            this.dns = Optional.ofNullable(dns);
            this.notShown = notShown;
        }

        StoredScan.Host build() {
            return new StoredScan.Host(OptionalLong.empty(), JdbcScanStore.address(address), true, Optional.empty(),
                    Optional.empty(), mac, Optional.empty(), hostname, dns, true, notShown, ports, services, findings);
        }
    }
}
