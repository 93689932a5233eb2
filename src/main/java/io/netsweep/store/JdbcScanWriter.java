package io.netsweep.store;

import io.netsweep.output.AddressFormat;
import io.netsweep.store.Observation.FindingSeen;
import io.netsweep.store.Observation.HostDone;
import io.netsweep.store.Observation.HostSeen;
import io.netsweep.store.Observation.NameSeen;
import io.netsweep.store.Observation.PortSeen;
import io.netsweep.store.Observation.ScanEnded;
import io.netsweep.store.Observation.ServiceSeen;
import io.netsweep.portscan.PortState;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes one scan into a store (SQLite or PostgreSQL), a batch per transaction. Hosts get their identity here,
 * inside the batch's transaction and under the dialect's host lock ({@link Dialect#lockHosts}): the host with the
 * same MAC, or, without a MAC, the host last seen at the same address, or a new one. The rows of a batch go to the
 * database as JDBC batches, one per statement, sent in an order that puts every host's row before what updates it.
 * Belongs to one thread.
 */
final class JdbcScanWriter implements ScanWriter {
    private final JdbcScanStore store;
    private final Connection c;
    private final long scanId;
    private final Map<InetAddress, Integer> seqs = new HashMap<>();
    private int nextSeq = 1;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Set<PreparedStatement> pending = new HashSet<>();
    private boolean hostsLocked;

    private static final String HOST_UPSERT = "INSERT INTO scan_host (scan_id, seq, host_id, address, state,"
            + " reason, rtt_us, mac, vendor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (scan_id, seq) DO UPDATE SET host_id = excluded.host_id, state = excluded.state,"
            + " reason = excluded.reason, rtt_us = excluded.rtt_us, mac = excluded.mac, vendor = excluded.vendor";
    /** Before V5, a port's key has no protocol (only TCP ports are written there). */
    private static final String PORT_UPSERT_V1 = "INSERT INTO scan_port (scan_id, seq, port, state, service,"
            + " reason, rtt_us) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scan_id, seq, port) DO UPDATE SET"
            + " state = excluded.state, service = excluded.service, reason = excluded.reason,"
            + " rtt_us = excluded.rtt_us";
    private static final String PORT_UPSERT = "INSERT INTO scan_port (scan_id, seq, protocol, port, state,"
            + " service, reason, rtt_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scan_id, seq, protocol, port)"
            + " DO UPDATE SET"
            + " state = excluded.state, service = excluded.service, reason = excluded.reason,"
            + " rtt_us = excluded.rtt_us";
    private static final String SERVICE_UPSERT = "INSERT INTO scan_service (scan_id, seq, port, kind, name,"
            + " product, version, detail, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (scan_id, seq, port, kind) DO UPDATE SET name = excluded.name,"
            + " product = excluded.product, version = excluded.version, detail = excluded.detail,"
            + " json = excluded.json";
    private static final String FINDING_UPSERT = "INSERT INTO scan_finding (scan_id, seq, port, finding_id, severity,"
            + " title, cves, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scan_id, seq, port, finding_id) DO UPDATE"
            + " SET severity = excluded.severity, title = excluded.title, cves = excluded.cves, json = excluded.json";
    // A name found is kept even if a later lookup of the same host fails, as the outputs keep it. The CAST gives
    // PostgreSQL the parameter's type, which it cannot infer from IS NULL.
    private static final String NAME_UPDATE = "UPDATE scan_host SET hostname = COALESCE(?, hostname),"
            + " dns = CASE WHEN CAST(? AS TEXT) IS NULL AND hostname IS NOT NULL THEN dns ELSE ? END"
            + " WHERE scan_id = ? AND seq = ?";
    private static final String DONE_UPDATE_V1 = "UPDATE scan_host SET completed = 1, not_open = ?,"
            + " not_closed = ?, not_filtered = ? WHERE scan_id = ? AND seq = ?";
    private static final String DONE_UPDATE = "UPDATE scan_host SET completed = 1, not_open = ?,"
            + " not_closed = ?, not_filtered = ?, not_open_filtered = ? WHERE scan_id = ? AND seq = ?";
    /**
     * The order the batched statements are sent in: the hosts' rows first, as the updates of names and completion
     * need them.
     */
    private static final List<String> FLUSH_ORDER = List.of(HOST_UPSERT, PORT_UPSERT_V1, PORT_UPSERT, SERVICE_UPSERT,
            FINDING_UPSERT, NAME_UPDATE, DONE_UPDATE_V1, DONE_UPDATE);

    JdbcScanWriter(JdbcScanStore store, Connection c, long scanId) {
        this.store = store;
        this.c = c;
        this.scanId = scanId;
    }

    @Override
    public long scanId() {
        return scanId;
    }

    @Override
    public void write(List<Observation> batch) throws StoreException {
        Map<InetAddress, Integer> seqsBefore = new HashMap<>(seqs);
        int nextBefore = nextSeq;
        try {
            c.setAutoCommit(false);
            long up = 0;
            long open = 0;
            ScanEnded ended = null;
            hostsLocked = false;
            for (Observation o : batch) {
                switch (o) {
                    case HostSeen h -> {
                        host(h);
                        up += h.up() ? 1 : 0;
                    }
                    case PortSeen p -> {
                        port(p);
                        open += p.state() == PortState.OPEN ? 1 : 0;
                    }
                    case NameSeen n -> name(n);
                    case ServiceSeen s -> service(s);
                    case FindingSeen f -> finding(f);
                    case HostDone d -> done(d);
                    case ScanEnded e -> ended = e;
                }
            }
            for (String sql : FLUSH_ORDER) {
                PreparedStatement p = statements.get(sql);
                if (p != null && pending.remove(p)) {
                    p.executeBatch();
                }
            }
            if (up > 0 || open > 0) {
                {
            PreparedStatement p = ps(
                        "UPDATE scan SET hosts_up = hosts_up + ?, open_ports = open_ports + ? WHERE id = ?"
                                + " AND status = 'running'");
                    p.setLong(1, up);
                    p.setLong(2, open);
                    p.setLong(3, scanId);
                    p.executeUpdate();
                }
            }
            if (ended != null) {
                ended(ended);
            }
            c.commit();
        } catch (SQLException e) {
            for (PreparedStatement p : pending) {
                try {
                    p.clearBatch();
                } catch (SQLException ignored) {
                    // the statement goes with the connection; the failure below is what is reported
                }
            }
            pending.clear();
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the failure below is what is reported
            }
            seqs.clear();
            seqs.putAll(seqsBefore);
            nextSeq = nextBefore;
            throw store.failure("cannot write to", e);
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is unusable; the next write reports it
            }
        }
    }

    private int seq(InetAddress address) throws SQLException {
        Integer seq = seqs.get(address);
        if (seq != null) {
            return seq;
        }
        // A port or name of a host never reported up or down (not in the event order, but not lost either).
        host(new HostSeen(address, true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        return seqs.get(address);
    }

    private void host(HostSeen h) throws SQLException {
        String address = AddressFormat.format(h.address());
        Long hostId = h.up() ? identity(address, h.mac()) : null;
        int seq = seqs.computeIfAbsent(h.address(), a -> nextSeq++);
        {
            PreparedStatement p = ps(HOST_UPSERT);
            p.setLong(1, scanId);
            p.setInt(2, seq);
            setLong(p, 3, hostId);
            p.setString(4, address);
            p.setString(5, h.up() ? "up" : "down");
            p.setString(6, h.reason().orElse(null));
            setMicros(p, 7, h.rtt());
            p.setString(8, h.mac().orElse(null));
            p.setString(9, h.vendor().orElse(null));
            batch(p);
        }
    }

    /** The host this sighting is: by MAC, else by the address it was last seen at; a new one otherwise. */
    private long identity(String address, Optional<String> mac) throws SQLException {
        if (!hostsLocked) {
            store.dialect().lockHosts(c);
            hostsLocked = true;
        }
        if (mac.isPresent()) {
            Optional<Long> byMac = one("SELECT id FROM host WHERE mac = ?", mac.get());
            if (byMac.isPresent()) {
                update(byMac.get(), address, mac);
                return byMac.get();
            }
            Optional<Long> unnamed = one("SELECT id FROM host WHERE address = ? AND mac IS NULL ORDER BY seen DESC"
                    + " LIMIT 1", address);
            if (unnamed.isPresent()) {
                update(unnamed.get(), address, mac);
                return unnamed.get();
            }
        } else {
            Optional<Long> byAddress = one("SELECT id FROM host WHERE address = ? ORDER BY seen DESC LIMIT 1", address);
            if (byAddress.isPresent()) {
                update(byAddress.get(), address, Optional.empty());
                return byAddress.get();
            }
        }
        {
            PreparedStatement p = ps(
                "INSERT INTO host (mac, address, seen) VALUES (?, ?, ?) RETURNING id");
            p.setString(1, mac.orElse(null));
            p.setString(2, address);
            p.setLong(3, scanId);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private Optional<Long> one(String sql, String value) throws SQLException {
        {
            PreparedStatement p = ps(sql);
            p.setString(1, value);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            }
        }
    }

    private void update(long hostId, String address, Optional<String> mac) throws SQLException {
        {
            PreparedStatement p = ps(
                "UPDATE host SET address = ?, seen = ?, mac = COALESCE(?, mac) WHERE id = ?");
            p.setString(1, address);
            p.setLong(2, scanId);
            p.setString(3, mac.orElse(null));
            p.setLong(4, hostId);
            p.executeUpdate();
        }
    }

    private void port(PortSeen o) throws SQLException {
        int seq = seq(o.address());
        {
            // A store migrated only so far (tests of migrations) is written as its schema has it.
            boolean v5 = store.migratedVersion() >= 5;
            PreparedStatement p = ps(v5 ? PORT_UPSERT : PORT_UPSERT_V1);
            int i = 1;
            p.setLong(i++, scanId);
            p.setInt(i++, seq);
            if (v5) {
                p.setString(i++, o.protocol().label());
            }
            p.setInt(i++, o.port());
            p.setString(i++, o.state().label());
            p.setString(i++, o.service());
            p.setString(i++, o.reason());
            setMicros(p, i, o.rtt());
            batch(p);
        }
    }

    private void name(NameSeen n) throws SQLException {
        int seq = seq(n.address());
        {
            PreparedStatement p = ps(NAME_UPDATE);
            p.setString(1, n.hostname().orElse(null));
            p.setString(2, n.hostname().orElse(null));
            p.setString(3, n.dns());
            p.setLong(4, scanId);
            p.setInt(5, seq);
            batch(p);
        }
    }

    private void service(ServiceSeen s) throws SQLException {
        int seq = seq(s.address());
        {
            PreparedStatement p = ps(SERVICE_UPSERT);
            p.setLong(1, scanId);
            p.setInt(2, seq);
            p.setInt(3, s.port());
            p.setString(4, s.kind());
            p.setString(5, s.name().orElse(null));
            p.setString(6, s.product().orElse(null));
            p.setString(7, s.version().orElse(null));
            p.setString(8, s.detail().orElse(null));
            p.setString(9, s.json());
            batch(p);
        }
    }

    private void finding(FindingSeen f) throws SQLException {
        int seq = seq(f.address());
        PreparedStatement p = ps(FINDING_UPSERT);
        p.setLong(1, scanId);
        p.setInt(2, seq);
        p.setInt(3, f.port());
        p.setString(4, f.id());
        p.setString(5, f.severity());
        p.setString(6, f.title());
        p.setString(7, f.cves().orElse(null));
        p.setString(8, f.json());
        batch(p);
    }

    private void done(HostDone d) throws SQLException {
        int seq = seq(d.address());
        {
            boolean v5 = store.migratedVersion() >= 5;
            PreparedStatement p = ps(v5 ? DONE_UPDATE : DONE_UPDATE_V1);
            int i = 1;
            p.setInt(i++, d.notShown().open());
            p.setInt(i++, d.notShown().closed());
            p.setInt(i++, d.notShown().filtered());
            if (v5) {
                p.setInt(i++, d.notShown().openFiltered());
            }
            p.setLong(i++, scanId);
            p.setInt(i, seq);
            batch(p);
        }
    }

    private void ended(ScanEnded e) throws SQLException {
        {
            PreparedStatement p = ps("UPDATE scan SET status = ?, message = ?, ended_at = ?,"
                + " hosts_up = ?, open_ports = ?, probes_sent = ? WHERE id = ?");
            p.setString(1, e.status().label());
            p.setString(2, e.message().orElse(null));
            p.setLong(3, e.endedAt().toEpochMilli());
            p.setLong(4, e.hostsUp());
            p.setLong(5, e.openPorts());
            if (e.probesSent().isPresent()) {
                p.setLong(6, e.probesSent().getAsLong());
            } else {
                p.setNull(6, Types.BIGINT);
            }
            p.setLong(7, scanId);
            p.executeUpdate();
        }
    }

    private static void setLong(PreparedStatement p, int i, Long v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.BIGINT);
        } else {
            p.setLong(i, v);
        }
    }

    private static void setMicros(PreparedStatement p, int i, Optional<Duration> d) throws SQLException {
        if (d.isPresent()) {
            p.setLong(i, d.get().toNanos() / 1000);
        } else {
            p.setNull(i, Types.BIGINT);
        }
    }

    /** Adds the statement's parameters to its JDBC batch, sent when the transaction's observations are all in. */
    private void batch(PreparedStatement p) throws SQLException {
        p.addBatch();
        pending.add(p);
    }

    /** The statement for {@code sql}, prepared once per writer. */
    private PreparedStatement ps(String sql) throws SQLException {
        PreparedStatement p = statements.get(sql);
        if (p == null) {
            p = c.prepareStatement(sql);
            statements.put(sql, p);
        }
        return p;
    }

    @Override
    public void close() {
        statements.values().forEach(JdbcScanStore::closeQuietly);
        JdbcScanStore.closeQuietly(c);
    }
}
