package io.netsweep.store;

import java.net.InetAddress;
import io.netsweep.port.Protocol;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One host of the inventory across the scans that saw it up, newest first: its address, name and MAC at each
 * sighting, and the ports open then with what was found behind them. Immutable.
 *
 * @param hostId    the inventory's host ({@link InventoryHost#id()})
 * @param sightings newest first, at most the number asked for
 * @param total     how many scans saw it up in all
 */
public record HostTimeline(long hostId, List<Sighting> sightings, int total) {
    public HostTimeline {
        sightings = List.copyOf(sightings);
    }

    /**
     * The host as one scan saw it.
     *
     * @param openPorts ascending, with the product found behind each, as the inventory lists them
     */
    public record Sighting(long scanId, Instant startedAt, InetAddress address, Optional<String> hostname,
                           Optional<String> mac, List<InventoryHost.OpenPort> openPorts) {
        public Sighting {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(mac, "mac");
            openPorts = List.copyOf(openPorts);
        }
    }

    /** The timeline of {@code hostId}, its newest {@code limit} sightings; empty when no scan saw it. */
    static Optional<HostTimeline> query(JdbcScanStore store, long hostId, int limit) throws StoreException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        try (Connection c = store.connect(true)) {
            int total;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT count(*) FROM scan_host WHERE host_id = ? AND state = 'up'")) {
                p.setLong(1, hostId);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    total = r.getInt(1);
                }
            }
            if (total == 0) {
                return Optional.empty();
            }
            record Row(long scan, int seq, Instant at, String address, String hostname, String mac) {}
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT h.scan_id, h.seq, s.started_at, h.address,"
                    + " h.hostname, h.mac FROM scan_host h JOIN scan s ON s.id = h.scan_id"
                    + " WHERE h.host_id = ? AND h.state = 'up' ORDER BY h.scan_id DESC, h.seq LIMIT ?")) {
                p.setLong(1, hostId);
                p.setInt(2, limit);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        rows.add(new Row(r.getLong(1), r.getInt(2), Instant.ofEpochMilli(r.getLong(3)),
                                r.getString(4), r.getString(5), r.getString(6)));
                    }
                }
            }
            List<Sighting> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT p.port, p.service,"
                    + " (SELECT s.product FROM scan_service s WHERE s.scan_id = p.scan_id AND s.seq = p.seq"
                    + "  AND s.protocol = p.protocol AND s.port = p.port AND s.product IS NOT NULL ORDER BY s.kind LIMIT 1),"
                    + " (SELECT s.version FROM scan_service s WHERE s.scan_id = p.scan_id AND s.seq = p.seq"
                    + "  AND s.protocol = p.protocol AND s.port = p.port AND s.product IS NOT NULL ORDER BY s.kind LIMIT 1),"
                    + " p.protocol"
                    + " FROM scan_port p WHERE p.scan_id = ? AND p.seq = ? AND p.state = 'open' ORDER BY p.protocol, p.port")) {
                for (Row row : rows) {
                    p.setLong(1, row.scan());
                    p.setInt(2, row.seq());
                    Map<Integer, InventoryHost.OpenPort> ports = new LinkedHashMap<>();
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            InventoryHost.OpenPort port = new InventoryHost.OpenPort(r.getInt(1),
                                    r.getString(2) == null ? "unknown" : r.getString(2),
                                    Optional.ofNullable(r.getString(3)), Optional.ofNullable(r.getString(4)),
                                    Protocol.ofLabel(r.getString(5)).orElse(Protocol.TCP));
                            ports.put(port.key(), port);
                        }
                    }
                    out.add(new Sighting(row.scan(), row.at(), JdbcScanStore.address(row.address()),
                            Optional.ofNullable(row.hostname()), Optional.ofNullable(row.mac()),
                            List.copyOf(ports.values())));
                }
            }
            return Optional.of(new HostTimeline(hostId, out, total));
        } catch (SQLException e) {
            throw store.failure("cannot read", e);
        }
    }
}
