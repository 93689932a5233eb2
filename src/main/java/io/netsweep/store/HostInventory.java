package io.netsweep.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The inventory's hosts ({@code host} rows) that one transaction of a scan's writer matches its sightings to, read
 * from the database in a few statements and written back in one batch, rather than a SELECT and an INSERT or
 * UPDATE per host sighted: a {@code -Pn} scan of a /16 reports every address up, each a host of the inventory.
 *
 * <p>A sighting is matched as the writer always matched it, one after another in the batch's order: the host with
 * its MAC; else, with a MAC, the host last seen at its address without a MAC; without a MAC, the host last seen at
 * its address (the latest scan, then the newest host); a new host otherwise. The matched host moves to the address
 * and is seen by this scan. The rows a transaction may match are read before ({@link #load}: those at the batch's
 * addresses and with its MACs), or when a sighting needs one not read yet; new hosts get their ids at
 * {@link #flush}, when the rows are written. Runs under the dialect's host lock ({@link Dialect#lockHosts}), so
 * that no other writer changes these rows meanwhile. Belongs to one transaction of one writer's thread.
 */
final class HostInventory {
    /** Most values bound in one {@code IN (...)} list: well under SQLite's limit of bound parameters. */
    private static final int IN_LIST = 500;
    static final String INSERT = "INSERT INTO host (id, mac, address, seen) VALUES (?, ?, ?, ?)";
    static final String UPDATE = "UPDATE host SET address = ?, seen = ?, mac = ? WHERE id = ?";

    /** A host row as this transaction sees it. Its id is 0 until a new host is written. */
    static final class Host {
        private long id;
        private final int created;
        private String mac;
        private String address;
        private long seen;
        private boolean changed;

        private Host(long id, int created, String mac, String address, long seen) {
            this.id = id;
            this.created = created;
            this.mac = mac;
            this.address = address;
            this.seen = seen;
        }

        /** The row's id; a new host's only after {@link #flush}. */
        long id() {
            if (id == 0) {
                throw new IllegalStateException("a new host has no id before it is written");
            }
            return id;
        }

        /** Whether this row is later in "ORDER BY seen DESC" than {@code o}: the later scan, then the newer host. */
        private boolean after(Host o) {
            if (seen != o.seen) {
                return seen > o.seen;
            }
            if ((id == 0) != (o.id == 0)) {
                return id == 0;
            }
            return id == 0 ? created > o.created : id > o.id;
        }
    }

    /** The writer's prepared statements, each prepared once per writer (not closed here). */
    interface Statements {
        PreparedStatement get(String sql) throws SQLException;
    }

    private final long scanId;
    private final Statements statements;
    private final Map<Long, Host> byId = new HashMap<>();
    private final Map<String, Host> byMac = new HashMap<>();
    private final Map<String, List<Host>> byAddress = new HashMap<>();
    private final Set<String> addressesRead = new HashSet<>();
    private final Set<String> macsRead = new HashSet<>();
    private final List<Host> created = new ArrayList<>();

    HostInventory(long scanId, Statements statements) {
        this.scanId = scanId;
        this.statements = statements;
    }

    /** Reads the rows at {@code addresses} and with {@code macs} that are not read yet. */
    void load(Connection c, Collection<String> addresses, Collection<String> macs) throws SQLException {
        read(c, "address", addresses, addressesRead);
        read(c, "mac", macs, macsRead);
    }

    private void read(Connection c, String column, Collection<String> values, Set<String> done) throws SQLException {
        List<String> wanted = new ArrayList<>(new LinkedHashSet<>(values));
        wanted.removeIf(done::contains);
        for (int from = 0; from < wanted.size(); from += IN_LIST) {
            List<String> part = wanted.subList(from, Math.min(wanted.size(), from + IN_LIST));
            String sql = "SELECT id, mac, address, seen FROM host WHERE " + column + " IN ("
                    + "?, ".repeat(part.size() - 1) + "?)";
            PreparedStatement p = statements.get(sql);
            for (int i = 0; i < part.size(); i++) {
                p.setString(i + 1, part.get(i));
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long id = r.getLong(1);
                    if (!byId.containsKey(id)) { // a row read before may have changed here since: keep that
                        add(new Host(id, 0, r.getString(2), r.getString(3), r.getLong(4)));
                    }
                }
            }
            done.addAll(part);
        }
    }

    private void add(Host h) {
        if (h.id != 0) {
            byId.put(h.id, h);
        }
        if (h.mac != null) {
            byMac.put(h.mac, h);
        }
        byAddress.computeIfAbsent(h.address, k -> new ArrayList<>()).add(h);
    }

    /** The host this sighting is, moved to {@code address} and seen by this scan; a new one if none matches. */
    Host identify(Connection c, String address, Optional<String> mac) throws SQLException {
        if (!addressesRead.contains(address) || (mac.isPresent() && !macsRead.contains(mac.get()))) {
            load(c, List.of(address), mac.map(List::of).orElse(List.of()));
        }
        Host match;
        if (mac.isPresent()) {
            match = byMac.get(mac.get());
            if (match == null) {
                match = latest(address, true);
            }
        } else {
            match = latest(address, false);
        }
        if (match == null) {
            match = new Host(0, created.size(), mac.orElse(null), address, scanId);
            created.add(match);
            add(match);
            return match;
        }
        if (!match.address.equals(address)) {
            byAddress.get(match.address).remove(match);
            match.address = address;
            byAddress.computeIfAbsent(address, k -> new ArrayList<>()).add(match);
        }
        match.seen = scanId;
        if (mac.isPresent() && match.mac == null) {
            match.mac = mac.get();
            byMac.put(match.mac, match);
        }
        match.changed = true;
        return match;
    }

    private Host latest(String address, boolean withoutMac) {
        Host best = null;
        for (Host h : byAddress.getOrDefault(address, List.of())) {
            if ((!withoutMac || h.mac == null) && (best == null || h.after(best))) {
                best = h;
            }
        }
        return best;
    }

    /**
     * Writes what this transaction changed: the hosts matched (one UPDATE each, in one batch) and the new ones (ids
     * from {@link Dialect#newHostIds}, one INSERT each, in one batch). Afterwards every host has its id.
     */
    void flush(Connection c, Dialect dialect) throws SQLException {
        // In the order of their ids, the table's own order: neighbours reach the same pages one after another.
        List<Host> changed = byId.values().stream().filter(h -> h.changed)
                .sorted(java.util.Comparator.comparingLong(h -> h.id)).toList();
        if (!changed.isEmpty()) {
            PreparedStatement p = statements.get(UPDATE);
            for (Host h : changed) {
                p.setString(1, h.address);
                p.setLong(2, h.seen);
                p.setString(3, h.mac);
                p.setLong(4, h.id);
                p.addBatch();
                h.changed = false;
            }
            p.executeBatch();
        }
        if (!created.isEmpty()) {
            long[] ids = dialect.newHostIds(c, created.size());
            PreparedStatement p = statements.get(INSERT);
            for (int i = 0; i < created.size(); i++) {
                Host h = created.get(i);
                h.id = ids[i];
                byId.put(h.id, h);
                p.setLong(1, h.id);
                p.setString(2, h.mac);
                p.setString(3, h.address);
                p.setLong(4, h.seen);
                p.addBatch();
            }
            p.executeBatch();
            created.forEach(h -> h.changed = false);
            created.clear();
        }
    }
}
