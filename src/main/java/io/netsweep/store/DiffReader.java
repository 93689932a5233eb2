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
 * lookup status, "not shown" counts), their reported ports (protocol, state and service name), the services
 * (protocol too; without the detector's JSON) and the findings (without their JSON). A diff of two scans of 65,536 hosts reads about a
 * quarter of the columns {@link ScanStore#load} reads, and no row of a host down.
 *
 * <p>Each column read through JDBC is a call into the driver that costs about as much as SQLite's own work for
 * the row, so the columns of a host, a port or a service come packed by the database into one text
 * ({@link #packed}): two reads a row instead of up to nine. Ports and services repeat from host to host (the
 * same sshd, the same web server), so each distinct packed text is parsed once and its record shared. Where a
 * value holds the separator itself (names and banners are the network's), that row's own columns are read
 * instead. Plain SQL shared by every dialect. Stateless.
 */
final class DiffReader {
    /** Between the fields of a packed row: a control character, which names and banners seldom hold. */
    private static final char SEP = '\u001f';

    private DiffReader() {}

    /**
     * The scan {@code entry} with what a diff compares: {@link ScanDiff#of} gives on it what it gives on the whole
     * scan. Hosts keep the scan's order; a host's RTT, reason, vendor and id are left empty, as is every JSON.
     */
    static StoredScan read(Connection c, ScanEntry entry) throws SQLException {
        long id = entry.id();
        // A handful of distinct values (lookup statuses, detectors) repeat on every host: one copy of each is kept.
        Map<String, String> shared = new HashMap<>();
        List<Builder> hosts = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT seq, " + packed("address", nullable("mac"),
                nullable("hostname"), nullable("dns"), "not_open", "not_closed", "not_filtered",
                "not_open_filtered") + ", address, mac, hostname, dns, not_open, not_closed, not_filtered,"
                + " not_open_filtered FROM scan_host WHERE scan_id = ? AND state = 'up' ORDER BY seq")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                String[] f = new String[8];
                while (r.next()) {
                    int seq = r.getInt(1);
                    if (split(r.getString(2), f)) {
                        hosts.add(new Builder(seq, f[0], value(f[1]), value(f[2]), share(shared, value(f[3])),
                                new PortCounts(Integer.parseInt(f[4]), Integer.parseInt(f[5]),
                                        Integer.parseInt(f[6]), Integer.parseInt(f[7]))));
                    } else {
                        hosts.add(new Builder(seq, r.getString(3), r.getString(4), r.getString(5),
                                share(shared, r.getString(6)), new PortCounts(r.getInt(7), r.getInt(8), r.getInt(9),
                                r.getInt(10))));
                    }
                }
            }
        }
        // Ports ascend within a host and protocol (the key's order).
        try (PreparedStatement p = c.prepareStatement("SELECT seq, " + packed("port", "protocol", "state",
                nullable("service")) + ", port, protocol, state, service FROM scan_port WHERE scan_id = ?"
                + " ORDER BY seq, protocol, port")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                Cursor hostOf = new Cursor(hosts);
                Map<String, StoredScan.Port> seen = new HashMap<>();
                String[] f = new String[4];
                while (r.next()) {
                    Builder h = hostOf.seek(r.getInt(1));
                    if (h != null) {
                        String packed = r.getString(2);
                        StoredScan.Port port = seen.get(packed);
                        if (port == null) {
                            port = split(packed, f) ? port(Integer.parseInt(f[0]), f[1], f[2], value(f[3]))
                                    : port(r.getInt(3), r.getString(4), r.getString(5), r.getString(6));
                            if (f[0] != null) {
                                seen.put(packed, port);
                            }
                        }
                        h.ports.add(port);
                    }
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT seq, " + packed("port", "protocol", "kind",
                nullable("name"), nullable("product"), nullable("version"), nullable("detail")) + ", port, protocol,"
                + " kind, name, product, version, detail FROM scan_service WHERE scan_id = ?"
                + " ORDER BY seq, protocol, port, kind")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                Cursor hostOf = new Cursor(hosts);
                Map<String, StoredScan.Service> seen = new HashMap<>();
                String[] f = new String[7];
                while (r.next()) {
                    Builder h = hostOf.seek(r.getInt(1));
                    if (h != null) {
                        String packed = r.getString(2);
                        StoredScan.Service service = seen.get(packed);
                        if (service == null) {
                            service = split(packed, f)
                                    ? service(Integer.parseInt(f[0]), f[1], f[2], value(f[3]), value(f[4]),
                                            value(f[5]), value(f[6]))
                                    : service(r.getInt(3), r.getString(4), r.getString(5), r.getString(6),
                                            r.getString(7), r.getString(8), r.getString(9));
                            if (f[0] != null) {
                                seen.put(packed, service);
                            }
                        }
                        h.services.add(service);
                    }
                }
            }
        }
        // One host in many has a finding: its columns are read as they are.
        try (PreparedStatement p = c.prepareStatement("SELECT seq, port, finding_id, severity, title, protocol"
                + " FROM scan_finding WHERE scan_id = ? ORDER BY seq, protocol, port, finding_id")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                Cursor hostOf = new Cursor(hosts);
                while (r.next()) {
                    Builder h = hostOf.seek(r.getInt(1));
                    if (h != null) {
                        h.findings.add(new StoredScan.Finding(r.getInt(2), r.getString(3), share(shared, r.getString(4)),
                                r.getString(5), "", JdbcScanStore.protocol(r.getString(6))));
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

    /**
     * SQL for one text of the given SQL expressions (each never NULL; numbers become their decimal text) joined by
     * {@link #SEP}: {@code concat_ws}, which SQLite (3.44 on) and PostgreSQL both have, and which builds the text
     * at once where a chain of {@code ||} makes a string at each step. The separator is a literal holding the
     * control character itself, which both take.
     */
    static String packed(String... fields) {
        return "concat_ws('" + SEP + "', " + String.join(", ", fields) + ")";
    }

    /** SQL for a nullable text column as a packed field: empty for NULL, else "=" and the text. */
    static String nullable(String column) {
        return "coalesce('=' || " + column + ", '')";
    }

    /**
     * Splits a {@link #packed} text into exactly {@code fields.length} fields; false, with {@code fields[0]} null,
     * where it holds another count (a value with the separator in it: read that row's columns instead).
     */
    static boolean split(String packed, String[] fields) {
        int from = 0;
        for (int i = 0; i < fields.length - 1; i++) {
            int at = packed.indexOf(SEP, from);
            if (at < 0) {
                fields[0] = null;
                return false;
            }
            fields[i] = packed.substring(from, at);
            from = at + 1;
        }
        if (packed.indexOf(SEP, from) >= 0) {
            fields[0] = null;
            return false;
        }
        fields[fields.length - 1] = packed.substring(from);
        return true;
    }

    /** A {@link #nullable} field's value: null for an empty field, else the text after "=". */
    static String value(String field) {
        return field.isEmpty() ? null : field.substring(1);
    }

    private static StoredScan.Port port(int port, String protocol, String state, String service) {
        return new StoredScan.Port(port, JdbcScanStore.portState(state), service == null ? "" : service, "",
                Optional.empty(), protocol(protocol));
    }

    private static StoredScan.Service service(int port, String protocol, String kind, String name, String product,
                                              String version, String detail) {
        return new StoredScan.Service(port, kind, Optional.ofNullable(name), Optional.ofNullable(product),
                Optional.ofNullable(version), Optional.ofNullable(detail), "", protocol(protocol));
    }

    /** The two protocols' labels, compared before any lookup: every port and service row has one. */
    private static Protocol protocol(String label) {
        return label.equals("udp") ? Protocol.UDP : label.equals("tcp") ? Protocol.TCP : JdbcScanStore.protocol(label);
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
