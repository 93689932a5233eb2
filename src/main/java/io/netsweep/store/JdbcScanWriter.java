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
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes one scan into a store (SQLite or PostgreSQL), a batch per transaction. Hosts get their identity here,
 * inside the batch's transaction and under the dialect's host lock ({@link Dialect#lockHosts}): the host with the
 * same MAC, or, without a MAC, the host last seen at the same address, or a new one ({@link HostInventory}: the
 * inventory's rows a batch may match are read in a few statements, and written in one batch). The rows of a batch are queued
 * per statement and go to the database as JDBC batches, one per statement, sent in an order that puts every host's
 * row before what updates it. An upsert's rows are queued by their key, the last one of a key replacing earlier ones
 * as sequential upserts would: a multi-row INSERT (PostgreSQL's driver rewrites batched INSERTs into them) may not
 * touch one row twice. Many rows of hosts or ports, new in the usual case, go by the dialect's fastest insert
 * ({@link Dialect#insertNew}: PostgreSQL's COPY), falling back to the upsert when a key is not new. Belongs to one
 * thread.
 */
final class JdbcScanWriter implements ScanWriter {
    private final JdbcScanStore store;
    private final Connection c;
    private final long scanId;
    /**
     * The row ({@code seq}) of each host the scan has reported and not finished yet. A finished host
     * ({@link HostDone}: the event model's {@code HostCompleted}, after which nothing of the host comes) leaves it, so
     * the map holds the hosts in flight, not every host of a /16 (about 100 bytes each). A port, name, service or
     * finding of a finished host, out of the event order, still finds its row ({@link #finished}); a finished host
     * reported up or down again in a later transaction is a new row.
     */
    private final Map<InetAddress, Integer> seqs = new HashMap<>();
    /**
     * The hosts this transaction added to {@link #seqs}, undone if it rolls back (rather than a copy of the map per
     * batch, which costs every host of the scan again at every batch).
     */
    private final List<InetAddress> seqsAdded = new ArrayList<>();
    /** The hosts this transaction finished and dropped from {@link #seqs}, with their rows, put back if it rolls back. */
    private final Map<InetAddress, Integer> seqsDropped = new HashMap<>();
    private int nextSeq = 1;
    /**
     * Where the database keeps no unique key of a port's row ({@link Dialect#uniquePortKey}: PostgreSQL, whose
     * primary key cost most of a scan's COPYs), the writer knows which keys it wrote: per host in flight (its
     * {@code seq}) and protocol, the ports written, dropped when the host's completion commits. A port of a host
     * finished in an earlier transaction is looked up in the table ({@link #finishedBefore}).
     */
    private final Map<Integer, Map<String, BitSet>> portsWritten = new HashMap<>();
    /** The ports this transaction added to {@link #portsWritten} ({seq, protocol, port}), taken out if it rolls back. */
    private final List<Object[]> portsAdded = new ArrayList<>();
    /** The hosts of this transaction's observations that finished in an earlier one, found by {@link #finished}. */
    private final Set<Integer> finishedBefore = new HashSet<>();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** Per statement, the rows queued in this transaction: by key for upserts, in order (a counter) for updates. */
    private final Map<String, Map<Object, Object[]>> queued = new HashMap<>();
    private long updates;
    private boolean hostsLocked;
    /** The inventory's hosts this transaction matches its sightings to, written at its {@link #flush}. */
    private HostInventory inventory;

    /** A NULL parameter of an SQL type, as a queued row holds it. */
    record Null(int type) {}

    private static final Null NO_TEXT = new Null(Types.VARCHAR);
    private static final Null NO_BIGINT = new Null(Types.BIGINT);

    /**
     * A host's row, with its completion when the host completed in the same transaction (else {@code completed} 0,
     * which leaves the completion of a row stored before as it was: {@link #DONE_UPDATE} sets it then).
     */
    private static final String HOST_UPSERT = "INSERT INTO scan_host (scan_id, seq, host_id, address, state,"
            + " reason, rtt_us, mac, vendor, completed, not_open, not_closed, not_filtered, not_open_filtered)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (scan_id, seq) DO UPDATE SET host_id = excluded.host_id, state = excluded.state,"
            + " reason = excluded.reason, rtt_us = excluded.rtt_us, mac = excluded.mac, vendor = excluded.vendor,"
            + " completed = CASE WHEN excluded.completed = 1 THEN 1 ELSE scan_host.completed END,"
            + " not_open = CASE WHEN excluded.completed = 1 THEN excluded.not_open ELSE scan_host.not_open END,"
            + " not_closed = CASE WHEN excluded.completed = 1 THEN excluded.not_closed ELSE scan_host.not_closed END,"
            + " not_filtered = CASE WHEN excluded.completed = 1 THEN excluded.not_filtered"
            + " ELSE scan_host.not_filtered END,"
            + " not_open_filtered = CASE WHEN excluded.completed = 1 THEN excluded.not_open_filtered"
            + " ELSE scan_host.not_open_filtered END";
    /** Where {@link #HOST_UPSERT}'s completion columns begin among its parameters (0-based). */
    private static final int HOST_COMPLETED = 9;
    /** A host not completed (yet): {@link #HOST_UPSERT}'s completion columns. */
    private static final Object[] NOT_COMPLETED = {0, 0, 0, 0, 0};
    /** A port row the writer knows is new, where the table has no unique key to upsert by (PostgreSQL, V11). */
    private static final String PORT_INSERT = "INSERT INTO scan_port (scan_id, seq, protocol, port, state,"
            + " service, reason, rtt_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    /** A port row written before, where the table has no unique key to upsert by: {@link #PORT_UPSERT}'s update. */
    private static final String PORT_UPDATE = "UPDATE scan_port SET state = ?, service = ?, reason = ?, rtt_us = ?"
            + " WHERE scan_id = ? AND seq = ? AND protocol = ? AND port = ?";
    private static final String PORT_UPSERT = "INSERT INTO scan_port (scan_id, seq, protocol, port, state,"
            + " service, reason, rtt_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scan_id, seq, protocol, port)"
            + " DO UPDATE SET"
            + " state = excluded.state, service = excluded.service, reason = excluded.reason,"
            + " rtt_us = excluded.rtt_us";
    private static final String SERVICE_UPSERT = "INSERT INTO scan_service (scan_id, seq, protocol, port, kind, name,"
            + " product, version, detail, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (scan_id, seq, protocol, port, kind) DO UPDATE SET name = excluded.name,"
            + " product = excluded.product, version = excluded.version, detail = excluded.detail,"
            + " json = excluded.json";
    private static final String FINDING_UPSERT = "INSERT INTO scan_finding (scan_id, seq, protocol, port, finding_id,"
            + " severity, title, cves, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (scan_id, seq, protocol, port, finding_id) DO UPDATE"
            + " SET severity = excluded.severity, title = excluded.title, cves = excluded.cves, json = excluded.json";
    // A name found is kept even if a later lookup of the same host fails, as the outputs keep it. The CAST gives
    // PostgreSQL the parameter's type, which it cannot infer from IS NULL.
    private static final String NAME_UPDATE = "UPDATE scan_host SET hostname = COALESCE(?, hostname),"
            + " dns = CASE WHEN CAST(? AS TEXT) IS NULL AND hostname IS NOT NULL THEN dns ELSE ? END"
            + " WHERE scan_id = ? AND seq = ?";
    private static final String DONE_UPDATE = "UPDATE scan_host SET completed = 1, not_open = ?,"
            + " not_closed = ?, not_filtered = ?, not_open_filtered = ? WHERE scan_id = ? AND seq = ?";
    /**
     * The order the batched statements are sent in: the hosts' rows first, as the updates of names and completion
     * need them.
     */
    private static final List<String> FLUSH_ORDER = List.of(HOST_UPSERT, PORT_UPSERT, SERVICE_UPSERT, FINDING_UPSERT,
            NAME_UPDATE, DONE_UPDATE);
    /**
     * The upserts of the many rows (a host per target, a port per probe with {@code --show closed}), whose queued
     * rows first go through {@link Dialect#insertNew}: their keys are new but for a host or port reported again.
     */
    private static final Set<String> INSERTED_NEW = Set.of(HOST_UPSERT, PORT_UPSERT);
    /**
     * Fewest rows {@link Dialect#insertNew} is worth its round trips for: PostgreSQL's driver sends up to 128 rows
     * of an INSERT as one statement.
     */
    static final int INSERT_NEW_AT_LEAST = 128;

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
        seqsAdded.clear();
        seqsDropped.clear();
        portsAdded.clear();
        finishedBefore.clear();
        int nextBefore = nextSeq;
        try {
            c.setAutoCommit(false);
            long up = 0;
            long open = 0;
            ScanEnded ended = null;
            hostsLocked = false;
            inventory = new HostInventory(scanId, this::ps);
            readInventory(batch);
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
            flush();
            PreparedStatement counts = ps("UPDATE scan SET hosts_up = hosts_up + ?, open_ports = open_ports + ?,"
                    + " heartbeat_at = ? WHERE id = ? AND status = 'running'");
            counts.setLong(1, up);
            counts.setLong(2, open);
            counts.setLong(3, store.clock().millis());
            counts.setLong(4, scanId);
            counts.executeUpdate();
            if (ended != null) {
                ended(ended);
            }
            c.commit();
            for (Integer seq : seqsDropped.values()) {
                portsWritten.remove(seq); // finished: nothing of the host comes in the event order again
            }
        } catch (SQLException e) {
            queued.clear();
            for (PreparedStatement p : statements.values()) {
                try {
                    p.clearBatch();
                } catch (SQLException ignored) {
                    // the statement goes with the connection; the failure below is what is reported
                }
            }
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the failure below is what is reported
            }
            seqsAdded.forEach(seqs::remove);
            seqsAdded.clear();
            for (Object[] key : portsAdded) {
                Map<String, BitSet> ports = portsWritten.get((Integer) key[0]);
                if (ports != null) {
                    ports.get((String) key[1]).clear((Integer) key[2]);
                }
            }
            portsAdded.clear();
            seqsDropped.forEach((address, seq) -> {
                if (seq < nextBefore) { // known before this transaction: known again
                    seqs.put(address, seq);
                }
            });
            seqsDropped.clear();
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

    @Override
    public Duration gather() {
        return store.dialect().gather();
    }

    @Override
    public int maxBatch() {
        return store.dialect().maxBatch();
    }

    @Override
    public void heartbeat() throws StoreException {
        try {
            PreparedStatement p = ps("UPDATE scan SET heartbeat_at = ? WHERE id = ? AND status = 'running'");
            p.setLong(1, store.clock().millis());
            p.setLong(2, scanId);
            p.executeUpdate();
        } catch (SQLException e) {
            throw store.failure("cannot write to", e);
        }
    }

    private int seq(InetAddress address) throws SQLException {
        Integer seq = seqs.get(address);
        if (seq == null) {
            seq = seqsDropped.get(address);
        }
        if (seq == null) {
            seq = finished(address);
            if (seq != null) {
                finishedBefore.add(seq);
            }
        }
        if (seq != null) {
            return seq;
        }
        // A port or name of a host never reported up or down (not in the event order, but not lost either).
        host(new HostSeen(address, true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        return seqs.get(address);
    }

    /**
     * The row of a host finished in an earlier transaction, read back: a scan's events never refer to a host after
     * its end, but a writer's caller may (an observation of a host after its {@link HostDone}). Null when the scan
     * has no such host.
     */
    private Integer finished(InetAddress address) throws SQLException {
        PreparedStatement p = ps("SELECT seq FROM scan_host WHERE scan_id = ? AND address = ? ORDER BY seq DESC"
                + " LIMIT 1");
        p.setLong(1, scanId);
        p.setString(2, AddressFormat.format(address));
        try (ResultSet r = p.executeQuery()) {
            return r.next() ? r.getInt(1) : null;
        }
    }

    private void host(HostSeen h) throws SQLException {
        String address = AddressFormat.format(h.address());
        // A host up is one of the inventory's; its id, when new, comes when the batch is written (flush).
        Object hostId = h.up() ? identity(address, h.mac()) : NO_BIGINT;
        Integer known = seqs.get(h.address());
        if (known == null) {
            known = seqsDropped.get(h.address()); // reported again in the transaction that finished it
        }
        int seq;
        if (known != null) {
            seq = known;
        } else {
            seq = nextSeq++;
            seqs.put(h.address(), seq);
            seqsAdded.add(h.address());
        }
        Object[] row = {scanId, seq, hostId, address, h.up() ? "up" : "down",
                text(h.reason()), micros(h.rtt()), text(h.mac()), text(h.vendor()), 0, 0, 0, 0, 0};
        // A host reported again after it completed in this transaction keeps its completion.
        Object[] earlier = queuedRow(HOST_UPSERT, seq);
        System.arraycopy(earlier == null ? NOT_COMPLETED : earlier, earlier == null ? 0 : HOST_COMPLETED, row,
                HOST_COMPLETED, NOT_COMPLETED.length);
        queue(HOST_UPSERT, seq, row);
    }

    /**
     * Reads the inventory's hosts that the batch's sightings of hosts up may be (by address and by MAC) in a few
     * statements, rather than one SELECT per host: with {@code -Pn}, every address of the targets is a host up.
     */
    private void readInventory(List<Observation> batch) throws SQLException {
        List<String> addresses = new ArrayList<>();
        List<String> macs = new ArrayList<>();
        for (Observation o : batch) {
            if (o instanceof HostSeen h && h.up()) {
                addresses.add(AddressFormat.format(h.address()));
                h.mac().ifPresent(macs::add);
            }
        }
        if (!addresses.isEmpty()) {
            lockHosts();
            inventory.load(c, addresses, macs);
        }
    }

    private void lockHosts() throws SQLException {
        if (!hostsLocked) {
            store.dialect().lockHosts(c);
            hostsLocked = true;
        }
    }

    /** The host this sighting is: by MAC, else by the address it was last seen at; a new one otherwise. */
    private HostInventory.Host identity(String address, Optional<String> mac) throws SQLException {
        lockHosts();
        return inventory.identify(c, address, mac);
    }

    private void port(PortSeen o) throws SQLException {
        int seq = seq(o.address());
        String protocol = o.protocol().label();
        queue(PORT_UPSERT, List.of(seq, protocol, o.port()), scanId, seq, protocol, o.port(), o.state().label(),
                text(o.service()), text(o.reason()), micros(o.rtt()));
    }

    private void name(NameSeen n) throws SQLException {
        int seq = seq(n.address());
        queue(NAME_UPDATE, updates++, text(n.hostname()), text(n.hostname()), text(n.dns()), scanId, seq);
    }

    private void service(ServiceSeen s) throws SQLException {
        int seq = seq(s.address());
        String protocol = s.protocol().label();
        queue(SERVICE_UPSERT, List.of(seq, protocol, s.port(), s.kind()), scanId, seq, protocol, s.port(), s.kind(),
                text(s.name()), text(s.product()), text(s.version()), text(s.detail()), s.json());
    }

    private void finding(FindingSeen f) throws SQLException {
        int seq = seq(f.address());
        String protocol = f.protocol().label();
        queue(FINDING_UPSERT, List.of(seq, protocol, f.port(), f.id()), scanId, seq, protocol, f.port(), f.id(),
                f.severity(), f.title(), text(f.cves()), f.json());
    }

    /**
     * A host's completion: folded into its row when that row is written in this transaction (a host down, or one
     * with few ports, is reported and completed in one batch: one row written once rather than a row and an
     * UPDATE of it, which costs PostgreSQL a new version of the row and of its index entries); an UPDATE of the row
     * an earlier transaction wrote otherwise.
     */
    private void done(HostDone d) throws SQLException {
        int seq = seq(d.address());
        Object[] row = queuedRow(HOST_UPSERT, seq);
        if (row != null) {
            row[HOST_COMPLETED] = 1;
            row[HOST_COMPLETED + 1] = d.notShown().open();
            row[HOST_COMPLETED + 2] = d.notShown().closed();
            row[HOST_COMPLETED + 3] = d.notShown().filtered();
            row[HOST_COMPLETED + 4] = d.notShown().openFiltered();
        } else {
            queue(DONE_UPDATE, updates++, d.notShown().open(), d.notShown().closed(), d.notShown().filtered(),
                    d.notShown().openFiltered(), scanId, seq);
        }
        // Nothing refers to a finished host again; its rows are queued under its seq already.
        seqs.remove(d.address());
        seqsDropped.put(d.address(), seq);
    }

    /** How many hosts the writer keeps a row number of: those reported and not yet finished. */
    int hostsInFlight() {
        return seqs.size();
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

    /** A text parameter, NULL when empty. */
    private static Object text(Optional<String> v) {
        return v.isPresent() ? v.get() : NO_TEXT;
    }

    private static Object text(String v) {
        return v == null ? NO_TEXT : v;
    }

    private static Object micros(Optional<Duration> d) {
        return d.isPresent() ? (Object) (d.get().toNanos() / 1000) : NO_BIGINT;
    }

    /**
     * Queues one row of {@code sql} with its parameters (String, Integer, Long or {@link Null}); a row of an upsert
     * under its conflict key, replacing an earlier row of the same key in this transaction.
     */
    private void queue(String sql, Object key, Object... values) {
        queued.computeIfAbsent(sql, k -> new LinkedHashMap<>()).put(key, values);
    }

    /** The row of {@code sql} queued under {@code key} in this transaction, null if there is none. */
    private Object[] queuedRow(String sql, Object key) {
        Map<Object, Object[]> rows = queued.get(sql);
        return rows == null ? null : rows.get(key);
    }

    /**
     * Sends the queued rows, one JDBC batch per statement, in {@link #FLUSH_ORDER}; many new rows of a host or port
     * upsert through {@link Dialect#insertNew}.
     */
    private void flush() throws SQLException {
        // The inventory's rows first: the hosts' rows name them, new ones by the ids they get now.
        inventory.flush(c, store.dialect());
        Map<Object, Object[]> hostRows = queued.get(HOST_UPSERT);
        if (hostRows != null) {
            for (Object[] row : hostRows.values()) {
                if (row[2] instanceof HostInventory.Host h) {
                    row[2] = h.id();
                }
            }
        }
        for (String sql : FLUSH_ORDER) {
            Map<Object, Object[]> rows = queued.remove(sql);
            if (rows == null || rows.isEmpty()) {
                continue;
            }
            if (sql.equals(PORT_UPSERT) && !store.dialect().uniquePortKey()) {
                ports(rows.values());
                continue;
            }
            send(sql, rows.values(), INSERTED_NEW.contains(sql));
        }
    }

    /**
     * Sends {@code rows} of {@code sql}: by {@link Dialect#insertNew} where {@code insertNew} allows it and they are
     * many enough, as one JDBC batch otherwise.
     */
    private void send(String sql, Collection<Object[]> rows, boolean insertNew) throws SQLException {
        if (insertNew && rows.size() >= INSERT_NEW_AT_LEAST && store.dialect().insertNew(c, sql, rows)) {
            return;
        }
        PreparedStatement p = ps(sql);
        for (Object[] row : rows) {
            bind(p, row, 0, 0, row.length);
            p.addBatch();
        }
        p.executeBatch();
    }

    /**
     * Port rows where the table has no unique key ({@link #portsWritten}): the new ones inserted (many of them by
     * {@link Dialect#insertNew}), those written before updated.
     */
    private void ports(Collection<Object[]> rows) throws SQLException {
        List<Object[]> fresh = new ArrayList<>(rows.size());
        List<Object[]> written = new ArrayList<>();
        for (Object[] row : rows) {
            (writtenBefore(row) ? written : fresh).add(row);
        }
        // In the order they came: the index on (scan_id, seq) holds a host's rows under one key, so sorting them by
        // port (as the upsert's key is sorted for COPY) saves the server nothing and cost the store's thread the most
        // of its time (profiled: 41 of 122 samples, three scans).
        if (!fresh.isEmpty()) {
            send(PORT_INSERT, fresh, true);
        }
        if (!written.isEmpty()) {
            PreparedStatement p = ps(PORT_UPDATE);
            for (Object[] row : written) {
                bind(p, row, 0, 4, 4); // state, service, reason, rtt_us
                bind(p, row, 4, 0, 4); // scan_id, seq, protocol, port
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /**
     * Whether a port row's key was written before; notes it as written otherwise. A method of its own, as the loop
     * over a batch's rows runs a few times a scan, too few for the JIT to compile it, and this per row.
     */
    private boolean writtenBefore(Object[] row) throws SQLException {
        int seq = (Integer) row[1];
        String protocol = (String) row[2];
        int port = (Integer) row[3];
        return finishedBefore.contains(seq) ? stored(seq, protocol, port) : !firstWrite(seq, protocol, port);
    }

    /** Notes a port of a host in flight as written in this transaction; false when it was written before. */
    private boolean firstWrite(int seq, String protocol, int port) {
        BitSet ports = portsWritten.computeIfAbsent(seq, k -> new HashMap<>(2)).computeIfAbsent(protocol,
                k -> new BitSet());
        if (ports.get(port)) {
            return false;
        }
        ports.set(port);
        portsAdded.add(new Object[] {seq, protocol, port});
        return true;
    }

    /** Whether the table holds a row of this port of a host finished in an earlier transaction. */
    private boolean stored(int seq, String protocol, int port) throws SQLException {
        PreparedStatement p = ps("SELECT 1 FROM scan_port WHERE scan_id = ? AND seq = ? AND protocol = ? AND port = ?");
        p.setLong(1, scanId);
        p.setInt(2, seq);
        p.setString(3, protocol);
        p.setInt(4, port);
        try (ResultSet r = p.executeQuery()) {
            return r.next();
        }
    }

    /** Binds {@code count} of the row's values from {@code from} on to the statement's parameters from {@code at + 1}. */
    private static void bind(PreparedStatement p, Object[] row, int at, int from, int count) throws SQLException {
        for (int i = 0; i < count; i++) {
            int index = at + i + 1;
            Object v = row[from + i];
            if (v instanceof String s) {
                p.setString(index, s);
            } else if (v instanceof Integer n) {
                p.setInt(index, n);
            } else if (v instanceof Long n) {
                p.setLong(index, n);
            } else if (v instanceof Null n) {
                p.setNull(index, n.type());
            } else {
                throw new IllegalArgumentException("not a parameter: " + v);
            }
        }
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
