package io.netsweep.store;

import io.netsweep.concurrent.Threads;
import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.portscan.ScanType;
import io.netsweep.scan.PortCounts;
import io.netsweep.target.IpLiterals;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The scan store over plain JDBC: everything but opening the database, making its connections and naming its
 * failures, which {@link SqliteScanStore} and {@link PostgresScanStore} do each for their database. The queries
 * here are portable SQL; what is not goes through {@link Dialect}. Each writer and each query has a connection of
 * its own, so nothing is shared between threads. Thread-safe.
 */
public abstract sealed class JdbcScanStore implements ScanStore permits SqliteScanStore, PostgresScanStore {
    private final InstantSource clock;
    private final WriterLiveness liveness = new WriterLiveness(WriterLiveness.localHost());

    JdbcScanStore(InstantSource clock) {
        this.clock = clock;
    }

    /** A new connection with the store's settings; read-only ones for queries. */
    abstract Connection connect(boolean readOnly) throws SQLException;

    /** The one line a failed statement becomes, with the kind of trouble it was. */
    abstract StoreException failure(String doing, SQLException e);

    /** The SQL this database speaks where it differs. */
    abstract Dialect dialect();

    @Override
    public ScanWriter begin(ScanHeader h, long pid, Optional<Instant> pidStart) throws StoreException {
        Connection c = null;
        try {
            c = connect(false);
            long id;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO scan (source, command, targets, target_key,"
                    + " target_count, ports, discovery, started_at, status, writer_pid, writer_start, scan_type,"
                    + " shard_index, shard_count, shard_split, shard_seed, options_hash, shard_run, shard_target_key,"
                    + " writer_host, heartbeat_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                p.setString(1, h.source());
                p.setString(2, h.command());
                p.setString(3, h.targets());
                p.setString(4, h.targetKey());
                p.setLong(5, h.targetCount());
                p.setString(6, h.ports());
                p.setString(7, h.discovery().orElse(null));
                p.setLong(8, h.startedAt().toEpochMilli());
                p.setLong(9, pid);
                if (pidStart.isPresent()) {
                    p.setLong(10, pidStart.get().toEpochMilli());
                } else {
                    p.setNull(10, Types.BIGINT);
                }
                p.setString(11, h.scanType().map(ScanType::label).orElse(null));
                Optional<ScanShard> shard = h.shard();
                if (shard.isPresent()) {
                    p.setInt(12, shard.get().index());
                    p.setInt(13, shard.get().count());
                    p.setLong(15, shard.get().seed());
                } else {
                    p.setNull(12, Types.INTEGER);
                    p.setNull(13, Types.INTEGER);
                    p.setNull(15, Types.BIGINT);
                }
                p.setString(14, shard.map(ScanShard::split).orElse(null));
                p.setString(16, shard.map(ScanShard::optionsDigest).orElse(null));
                p.setString(17, shard.map(ScanShard::run).orElse(null));
                p.setString(18, shard.map(ScanShard::wholeTargetKey).orElse(null));
                p.setString(19, liveness.host());
                p.setLong(20, clock.millis());
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    id = r.getLong(1);
                }
            }
            return new JdbcScanWriter(this, c, id);
        } catch (SQLException e) {
            closeQuietly(c);
            throw failure("cannot write to", e);
        }
    }

    @Override
    public List<ScanEntry> history() throws StoreException {
        return query("SELECT " + ENTRY_COLUMNS + " FROM scan ORDER BY id", p -> { });
    }

    @Override
    public List<ScanEntry> sameTargets(long id) throws StoreException {
        return query("SELECT " + ENTRY_COLUMNS + " FROM scan WHERE status = 'finished'"
                + " AND target_key = (SELECT target_key FROM scan WHERE id = ?) ORDER BY id", p -> p.setLong(1, id));
    }

    private static final String ENTRY_COLUMNS = "id, source, command, targets, target_key, target_count, ports,"
            + " discovery, started_at, ended_at, status, message, hosts_up, open_ports, probes_sent, writer_pid,"
            + " writer_start, scan_type, shard_index, shard_count, shard_split, shard_seed, options_hash, shard_run,"
            + " shard_target_key, writer_host, heartbeat_at";

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    private List<ScanEntry> query(String sql, Binder binder) throws StoreException {
        try (Connection c = connect(true); PreparedStatement p = c.prepareStatement(sql)) {
            binder.bind(p);
            List<ScanEntry> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(entry(r));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("cannot read", e);
        }
    }

    private ScanEntry entry(ResultSet r) throws SQLException {
        String status = r.getString(11);
        ScanStatus s = status.equals("running")
                ? (liveness.alive(Optional.ofNullable(r.getString(26)), optionalLong(r, 16), optionalLong(r, 17),
                        optionalLong(r, 27), clock.instant()) ? ScanStatus.RUNNING : ScanStatus.INCOMPLETE)
                : ScanStatus.ofLabel(status);
        long ended = r.getLong(10);
        Optional<Instant> endedAt = r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ended));
        long probes = r.getLong(15);
        OptionalLong probesSent = r.wasNull() ? OptionalLong.empty() : OptionalLong.of(probes);
        return new ScanEntry(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getLong(6), r.getString(7), Optional.ofNullable(r.getString(8)),
                Instant.ofEpochMilli(r.getLong(9)), endedAt, s, Optional.ofNullable(r.getString(12)),
                r.getLong(13), r.getLong(14), probesSent, scanType(r.getString(18)), shard(r));
    }

    /** The part of a sharded scan a row is, from the V6 columns. */
    private static Optional<ScanShard> shard(ResultSet r) throws SQLException {
        int index = r.getInt(19);
        if (r.wasNull()) {
            return Optional.empty();
        }
        return Optional.of(new ScanShard(index, r.getInt(20), r.getString(21), r.getLong(22), r.getString(23),
                Optional.ofNullable(r.getString(24)).orElse(""), Optional.ofNullable(r.getString(25)).orElse("")));
    }

    /** The scan type a stored label names; empty for none (older scans) or one a newer netsweep wrote. */
    static Optional<ScanType> scanType(String label) {
        if (label == null) {
            return Optional.empty();
        }
        for (ScanType t : ScanType.values()) {
            if (t.label().equals(label)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static OptionalLong optionalLong(ResultSet r, int column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }

    @Override
    public Optional<StoredScan> load(long id) throws StoreException {
        try (Connection c = connect(true)) {
            Optional<ScanEntry> found = entry(c, id);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            ScanEntry entry = found.get();
            Map<Integer, HostBuilder> hosts = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT seq, host_id, address, state, reason, rtt_us, mac,"
                    + " vendor, hostname, dns, completed, not_open, not_closed, not_filtered, not_open_filtered FROM scan_host"
                    + " WHERE scan_id = ? ORDER BY seq")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        HostBuilder h = new HostBuilder();
                        long hostId = r.getLong(2);
                        h.hostId = r.wasNull() ? OptionalLong.empty() : OptionalLong.of(hostId);
                        h.address = address(r.getString(3));
                        h.up = r.getString(4).equals("up");
                        h.reason = Optional.ofNullable(r.getString(5));
                        h.rtt = micros(r, 6);
                        h.mac = Optional.ofNullable(r.getString(7));
                        h.vendor = Optional.ofNullable(r.getString(8));
                        h.hostname = Optional.ofNullable(r.getString(9));
                        h.dns = Optional.ofNullable(r.getString(10));
                        h.completed = r.getInt(11) != 0;
                        h.notShown = new PortCounts(r.getInt(12), r.getInt(13), r.getInt(14), r.getInt(15));
                        hosts.put(r.getInt(1), h);
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT seq, port, state, service, reason, rtt_us, protocol"
                    + " FROM scan_port WHERE scan_id = ? ORDER BY seq, protocol, port")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        HostBuilder h = hosts.get(r.getInt(1));
                        if (h != null) {
                            h.ports.add(new StoredScan.Port(r.getInt(2), portState(r.getString(3)),
                                    orEmpty(r.getString(4)), orEmpty(r.getString(5)), micros(r, 6),
                                    protocol(r.getString(7))));
                        }
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT seq, port, kind, name, product, version, detail,"
                    + " json, protocol FROM scan_service WHERE scan_id = ? ORDER BY seq, protocol, port, kind")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        HostBuilder h = hosts.get(r.getInt(1));
                        if (h != null) {
                            h.services.add(new StoredScan.Service(r.getInt(2), r.getString(3),
                                    Optional.ofNullable(r.getString(4)), Optional.ofNullable(r.getString(5)),
                                    Optional.ofNullable(r.getString(6)), Optional.ofNullable(r.getString(7)),
                                    r.getString(8), protocol(r.getString(9))));
                        }
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT seq, port, finding_id, severity, title, json, protocol"
                    + " FROM scan_finding WHERE scan_id = ? ORDER BY seq, protocol, port, finding_id")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        HostBuilder h = hosts.get(r.getInt(1));
                        if (h != null) {
                            h.findings.add(new StoredScan.Finding(r.getInt(2), r.getString(3), r.getString(4),
                                    r.getString(5), r.getString(6), protocol(r.getString(7))));
                        }
                    }
                }
            }
            return Optional.of(new StoredScan(entry, hosts.values().stream().map(HostBuilder::build).toList()));
        } catch (SQLException e) {
            throw failure("cannot read", e);
        }
    }

    @Override
    public Optional<StoredScan> loadRun(long id) throws StoreException {
        Optional<StoredScan> asked = load(id);
        if (asked.isEmpty() || asked.get().entry().shard().isEmpty()) {
            return asked;
        }
        List<StoredScan> parts = new ArrayList<>();
        for (ScanEntry part : ShardRuns.of(history()).parts(id)) {
            if (part.id() == id) {
                parts.add(asked.get());
            } else {
                // A part pruned since the history was read is missing from the run, as one never stored is.
                load(part.id()).ifPresent(parts::add);
            }
        }
        return Optional.of(ShardUnion.run(asked.get().entry(), parts));
    }

    private Optional<ScanEntry> entry(Connection c, long id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM scan WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(entry(r)) : Optional.empty();
            }
        }
    }

    /**
     * Reads the two scans at once, each on a connection of its own (the newer on a thread of its own), reading
     * only what a diff compares ({@link DiffReader}).
     */
    @Override
    public ScanDiff diff(long older, long newer) throws StoreException {
        FutureTask<StoredScan> second = new FutureTask<>(() -> readForDiff(newer));
        Thread reader = Thread.ofPlatform().name("netsweep-diff-read").daemon().start(second);
        StoredScan a;
        try {
            a = readForDiff(older);
        } catch (StoreException e) {
            second.cancel(false);
            Threads.joinUninterruptibly(reader);
            throw e;
        }
        StoredScan b;
        try {
            b = second.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Problem.IO, "interrupted while reading " + location());
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case StoreException s -> throw s;
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
        return ScanDiff.of(a, b);
    }

    private StoredScan readForDiff(long id) throws StoreException {
        try (Connection c = connect(true)) {
            Optional<ScanEntry> entry = entry(c, id);
            if (entry.isEmpty()) {
                throw new StoreException(StoreException.Problem.NOT_FOUND, "no scan " + id + " in " + location());
            }
            if (entry.get().shard().isEmpty()) {
                return DiffReader.read(c, entry.get());
            }
            // A part of a sharded run is compared as its whole run: the union of the parts that count.
            List<StoredScan> parts = new ArrayList<>();
            for (ScanEntry part : ShardRuns.of(history()).parts(id)) {
                parts.add(DiffReader.read(c, part));
            }
            return ShardUnion.of(entry.get(), parts);
        } catch (SQLException e) {
            throw failure("cannot read", e);
        }
    }

    private static final class HostBuilder {
        OptionalLong hostId;
        InetAddress address;
        boolean up;
        Optional<String> reason;
        Optional<Duration> rtt;
        Optional<String> mac;
        Optional<String> vendor;
        Optional<String> hostname;
        Optional<String> dns;
        boolean completed;
        PortCounts notShown;
        final List<StoredScan.Port> ports = new ArrayList<>();
        final List<StoredScan.Service> services = new ArrayList<>();
        final List<StoredScan.Finding> findings = new ArrayList<>();

        StoredScan.Host build() {
            return new StoredScan.Host(hostId, address, up, reason, rtt, mac, vendor, hostname, dns, completed,
                    notShown, ports, services, findings);
        }
    }

    @Override
    public List<InventoryHost> hosts(HostQuery query) throws StoreException {
        return Inventory.query(this, query);
    }

    @Override
    public Optional<HostTimeline> timeline(long hostId, int limit) throws StoreException {
        return HostTimeline.query(this, hostId, limit);
    }

    @Override
    public List<Long> prune(PruneRule rule) throws StoreException {
        // An approved baseline is kept whatever the rule: watch --baseline compares every round with it.
        String select = switch (rule) {
            case PruneRule.KeepNewest k -> "SELECT id FROM scan WHERE id NOT IN"
                    + " (SELECT id FROM scan ORDER BY id DESC LIMIT " + k.count() + ")"
                    + " AND id NOT IN (SELECT scan_id FROM baseline) ORDER BY id";
            case PruneRule.StartedBefore b -> "SELECT id FROM scan WHERE started_at < "
                    + b.cutoff().toEpochMilli() + " AND id NOT IN (SELECT scan_id FROM baseline) ORDER BY id";
        };
        try (Connection c = connect(false)) {
            c.setAutoCommit(false);
            try {
                List<Long> ids = new ArrayList<>();
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(select)) {
                    while (r.next()) {
                        ids.add(r.getLong(1));
                    }
                }
                for (String table : List.of("scan_finding", "scan_service", "scan_port", "scan_host", "scan")) {
                    String column = table.equals("scan") ? "id" : "scan_id";
                    try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " = ?")) {
                        for (long id : ids) {
                            p.setLong(1, id);
                            p.addBatch();
                        }
                        p.executeBatch();
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM host WHERE NOT EXISTS"
                            + " (SELECT 1 FROM scan_host h WHERE h.host_id = host.id)");
                }
                c.commit();
                return ids;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot prune", e);
        }
    }

    @Override
    public Baseline approve(long id) throws StoreException {
        try (Connection c = connect(false)) {
            c.setAutoCommit(false);
            try {
                String key;
                String ports;
                try (PreparedStatement p = c.prepareStatement("SELECT target_key, ports, status FROM scan WHERE id = ?")) {
                    p.setLong(1, id);
                    try (ResultSet r = p.executeQuery()) {
                        if (!r.next()) {
                            throw new StoreException(StoreException.Problem.NOT_FOUND, "no scan " + id + " in " + location());
                        }
                        if (!r.getString(3).equals(ScanStatus.FINISHED.label())) {
                            throw new StoreException(StoreException.Problem.NOT_FOUND, "scan " + id + " in " + location()
                                    + " did not finish: only a finished scan can be a baseline");
                        }
                        key = r.getString(1);
                        ports = r.getString(2);
                    }
                }
                Instant now = clock.instant();
                try (PreparedStatement p = c.prepareStatement("INSERT INTO baseline (target_key, ports, scan_id,"
                        + " approved_at) VALUES (?, ?, ?, ?) ON CONFLICT " + dialect().baselineKey()
                        + " DO UPDATE SET scan_id = excluded.scan_id, approved_at = excluded.approved_at")) {
                    p.setString(1, key);
                    p.setString(2, ports);
                    p.setLong(3, id);
                    p.setLong(4, now.toEpochMilli());
                    p.executeUpdate();
                }
                c.commit();
                return new Baseline(key, ports, id, Instant.ofEpochMilli(now.toEpochMilli()));
            } catch (SQLException | StoreException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("cannot approve a baseline in", e);
        }
    }

    @Override
    public Optional<Baseline> baseline(String targetKey, String ports) throws StoreException {
        try (Connection c = connect(true); PreparedStatement p = c.prepareStatement(
                "SELECT scan_id, approved_at FROM baseline WHERE target_key = ? AND ports = ?")) {
            p.setString(1, targetKey);
            p.setString(2, ports);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new Baseline(targetKey, ports, r.getLong(1),
                        Instant.ofEpochMilli(r.getLong(2)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("cannot read", e);
        }
    }

    @Override
    public void close() {
        // Connections are per writer and per query; nothing is held between them.
    }

    InstantSource clock() {
        return clock;
    }

    /**
     * A stored address. Stored IPv4 addresses are in canonical dotted form, read here without the general
     * parser's splitting (a diff of two scans of 65,536 hosts reads 131,072 of them); anything else goes to
     * {@link IpLiterals#parse}, which also judges what is not canonical.
     */
    static InetAddress address(String text) {
        int n = text.length();
        if (n >= 7 && n <= 15) {
            byte[] b = new byte[4];
            int octet = 0;
            int value = 0;
            int digits = 0;
            boolean canonical = true;
            for (int i = 0; i <= n && canonical; i++) {
                char c = i < n ? text.charAt(i) : '.';
                if (c >= '0' && c <= '9' && digits < 3 && !(digits == 1 && value == 0)) {
                    value = value * 10 + (c - '0');
                    digits++;
                } else if (c == '.' && digits > 0 && value <= 255 && octet < 4) {
                    b[octet++] = (byte) value;
                    value = 0;
                    digits = 0;
                } else {
                    canonical = false;
                }
            }
            if (canonical && octet == 4) {
                try {
                    return InetAddress.getByAddress(b);
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException("4 bytes are an IPv4 address", e);
                }
            }
        }
        return IpLiterals.parse(text);
    }

    /** A stored protocol column ({@code tcp} or {@code udp}); TCP for one this version does not know. */
    static Protocol protocol(String label) {
        return Protocol.ofLabel(label).orElse(Protocol.TCP);
    }

    static PortState portState(String label) {
        return PortState.ofLabel(label).orElseGet(() -> PortState.valueOf(label.toUpperCase(Locale.ROOT)));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static Optional<Duration> micros(ResultSet r, int column) throws SQLException {
        long us = r.getLong(column);
        return r.wasNull() ? Optional.empty() : Optional.of(Duration.ofNanos(us * 1000));
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // being given up after a failure that is reported instead
            }
        }
    }
}

