package io.netsweep.store;

import java.net.InetAddress;
import io.netsweep.port.Protocol;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The inventory query behind {@code netsweep hosts}: every sighting of every host, folded per host in scan
 * order (first and last seen, newest names, MAC and vendor), then the open ports of each host's last
 * sighting with what was found behind them, and the findings it raised. Stateless.
 */
final class Inventory {
    private Inventory() {}

    /** A host's last sighting, while sightings are folded. */
    private static final class Folded {
        final long id;
        long firstSeen;
        long lastSeen;
        long lastScan;
        long lastRun = -1;
        /** The host's (scan, seq) in each scan of its last sighting: one, or one per part of a sharded run. */
        final List<long[]> lastRows = new ArrayList<>(1);
        int scans;
        String address;
        String mac;
        String vendor;
        final LinkedHashSet<String> namesOldestFirst = new LinkedHashSet<>();

        Folded(long id) {
            this.id = id;
        }
    }

    /** One row of scan_host, a host up. */
    private record Row(long hostId, long scan, int seq, String address, String mac, String vendor, String hostname,
                       long startedAt) {}

    static List<InventoryHost> query(JdbcScanStore store, HostQuery q) throws StoreException {
        // A sharded run's parts are one sighting (their union), and an attempt of a part that another replaced
        // counts nowhere: a retried pod adds nothing.
        ShardRuns runs = ShardRuns.of(store.history());
        try (Connection c = store.connect(true)) {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT h.host_id, h.scan_id, h.seq, h.address, h.mac,"
                    + " h.vendor, h.hostname, s.started_at FROM scan_host h JOIN scan s ON s.id = h.scan_id"
                    + " WHERE h.host_id IS NOT NULL AND h.state = 'up' ORDER BY h.scan_id, h.seq");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long scan = r.getLong(2);
                    if (!runs.superseded(scan)) {
                        rows.add(new Row(r.getLong(1), scan, r.getInt(3), r.getString(4), r.getString(5),
                                r.getString(6), r.getString(7), r.getLong(8)));
                    }
                }
            }
            // Runs in the order of their last part, so that each run's rows are together (parts may interleave
            // with other scans); the sort is stable, keeping scan and seq order within a run.
            Map<Long, Long> order = new HashMap<>();
            rows.sort(java.util.Comparator.comparingLong(row -> order.computeIfAbsent(row.scan(), runs::lastId)));
            Map<Long, Folded> hosts = new LinkedHashMap<>();
            for (Row r : rows) {
                Folded f = hosts.computeIfAbsent(r.hostId(), Folded::new);
                long run = runs.runId(r.scan());
                long at = r.startedAt();
                if (f.scans == 0) {
                    f.firstSeen = at;
                }
                if (run != f.lastRun) {
                    f.scans++;
                    f.lastRun = run;
                    f.lastRows.clear();
                    f.lastSeen = at;
                }
                f.lastSeen = Math.max(f.lastSeen, at);
                f.lastScan = r.scan();
                f.lastRows.add(new long[] {r.scan(), r.seq()});
                f.address = r.address();
                f.mac = r.mac() != null ? r.mac() : f.mac;
                f.vendor = r.vendor() != null ? r.vendor() : f.vendor;
                String name = r.hostname();
                if (name != null) {
                    f.namesOldestFirst.remove(name);
                    f.namesOldestFirst.add(name);
                }
            }
            List<Folded> selected = hosts.values().stream()
                    .filter(f -> q.seenSince().map(t -> f.lastSeen >= t.toEpochMilli()).orElse(true))
                    .toList();
            Map<Long, Map<Integer, List<Folded>>> byLastScan = new TreeMap<>();
            for (Folded f : selected) {
                for (long[] row : f.lastRows) {
                    byLastScan.computeIfAbsent(row[0], k -> new HashMap<>())
                            .computeIfAbsent((int) row[1], k -> new ArrayList<>()).add(f);
                }
            }
            Map<Folded, TreeMap<Integer, InventoryHost.OpenPort>> ports = new HashMap<>();
            Map<Folded, List<InventoryHost.HostFinding>> findings = new HashMap<>();
            for (var e : byLastScan.entrySet()) {
                openPorts(c, e.getKey(), e.getValue(), ports);
                findings(c, e.getKey(), e.getValue(), findings);
            }
            List<InventoryHost> out = new ArrayList<>();
            for (Folded f : selected) {
                List<InventoryHost.OpenPort> open = List.copyOf(ports.getOrDefault(f, new TreeMap<>()).values());
                if (q.openPort().isPresent() && open.stream().noneMatch(p -> p.port() == q.openPort().get().port()
                        && p.protocol() == q.openPort().get().protocol())) {
                    continue;
                }
                if (q.product().isPresent()) {
                    String wanted = q.product().get().toLowerCase(Locale.ROOT);
                    if (open.stream().noneMatch(p -> p.product().map(s -> s.toLowerCase(Locale.ROOT).contains(wanted))
                            .orElse(false))) {
                        continue;
                    }
                }
                List<InventoryHost.HostFinding> raised = findings.getOrDefault(f, List.of());
                if (!q.selects(raised)) {
                    continue;
                }
                List<String> names = new ArrayList<>(f.namesOldestFirst);
                InetAddress address = JdbcScanStore.address(f.address);
                out.add(new InventoryHost(f.id, address, Optional.ofNullable(f.mac), Optional.ofNullable(f.vendor),
                        names.reversed(), Instant.ofEpochMilli(f.firstSeen), Instant.ofEpochMilli(f.lastSeen),
                        f.lastScan, f.scans, open, raised));
            }
            return out;
        } catch (SQLException e) {
            throw store.failure("cannot read", e);
        }
    }

    private static void findings(Connection c, long scan, Map<Integer, List<Folded>> bySeq,
                                 Map<Folded, List<InventoryHost.HostFinding>> out) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT seq, port, finding_id, severity, protocol"
                + " FROM scan_finding WHERE scan_id = ? ORDER BY seq, protocol, port, finding_id")) {
            p.setLong(1, scan);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    List<Folded> hosts = bySeq.get(r.getInt(1));
                    if (hosts == null) {
                        continue;
                    }
                    InventoryHost.HostFinding f = new InventoryHost.HostFinding(r.getInt(2), r.getString(3),
                            r.getString(4), JdbcScanStore.protocol(r.getString(5)));
                    for (Folded h : hosts) {
                        out.computeIfAbsent(h, k -> new ArrayList<>()).add(f);
                    }
                }
            }
        }
    }

    private static void openPorts(Connection c, long scan, Map<Integer, List<Folded>> bySeq,
                                  Map<Folded, TreeMap<Integer, InventoryHost.OpenPort>> out) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT p.seq, p.port, p.service,"
                + " (SELECT s.product FROM scan_service s WHERE s.scan_id = p.scan_id AND s.seq = p.seq"
                + "  AND s.protocol = p.protocol AND s.port = p.port AND s.product IS NOT NULL ORDER BY s.kind LIMIT 1),"
                + " (SELECT s.version FROM scan_service s WHERE s.scan_id = p.scan_id AND s.seq = p.seq"
                + "  AND s.protocol = p.protocol AND s.port = p.port AND s.product IS NOT NULL ORDER BY s.kind LIMIT 1),"
                + " p.protocol"
                + " FROM scan_port p WHERE p.scan_id = ? AND p.state = 'open'")) {
            p.setLong(1, scan);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    List<Folded> hosts = bySeq.get(r.getInt(1));
                    if (hosts == null) {
                        continue;
                    }
                    InventoryHost.OpenPort port = new InventoryHost.OpenPort(r.getInt(2),
                            r.getString(3) == null ? "unknown" : r.getString(3),
                            Optional.ofNullable(r.getString(4)), Optional.ofNullable(r.getString(5)),
                            Protocol.ofLabel(r.getString(6)).orElse(Protocol.TCP));
                    for (Folded f : hosts) {
                        out.computeIfAbsent(f, k -> new TreeMap<>()).put(port.key(), port);
                    }
                }
            }
        }
    }
}
