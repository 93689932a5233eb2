package io.netsweep.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

/**
 * What differs between the SQL databases the store can live in. The tables, queries and migrations are
 * plain, portable SQL (each dialect has its own copy of the migrations under
 * {@code migrations/DIALECT/}, as column types and indexes differ; upserts are {@code ON CONFLICT ... DO UPDATE}
 * and new ids come back through {@code RETURNING} in both); only what this type covers is not: where the schema
 * version lives and how migrating is locked. Stateless.
 */
enum Dialect {
    /** SQLite: the schema version in the file header's {@code user_version}, beside netsweep's application id. */
    SQLITE("sqlite") {
        @Override
        int schemaVersion(Connection c) throws SQLException {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
                return r.next() ? r.getInt(1) : 0;
            }
        }

        @Override
        void lockForMigration(Connection c) throws SQLException {
            // Write transactions begin IMMEDIATE (SqliteScanStore's connections): the first statement takes the lock.
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA application_id = " + SqliteHeader.APPLICATION_ID);
            }
        }

        @Override
        void setSchemaVersion(Connection c, int version) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA user_version = " + version);
            }
        }

        @Override
        void lockHosts(Connection c) {
            // Write transactions begin IMMEDIATE: the batch's transaction holds the database's one write lock.
        }

        @Override
        long[] newHostIds(Connection c, int count) throws SQLException {
            // The ids SQLite gives a new row of an INTEGER PRIMARY KEY table: the highest one's successors.
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT coalesce(max(id), 0) FROM host")) {
                r.next();
                long last = r.getLong(1);
                long[] ids = new long[count];
                for (int i = 0; i < count; i++) {
                    ids[i] = last + 1 + i;
                }
                return ids;
            }
        }

        @Override
        boolean insertNew(Connection c, String insert, Collection<Object[]> rows) {
            return false; // SQLite runs a batch of prepared upserts in process: nothing to save on the way
        }
    },

    /**
     * PostgreSQL: the version is the newest row of {@code schema_migration}; migrating takes a transaction-scoped
     * advisory lock, so scanners that start at once against a new database migrate it once (the others wait, then
     * read the version the first one committed).
     */
    POSTGRESQL("postgresql") {
        @Override
        int schemaVersion(Connection c) throws SQLException {
            // From the catalog's table, read with this statement's snapshot: to_regclass would answer from the
            // session's cache, which a wait on an advisory lock does not refresh, and miss the table another
            // netsweep made meanwhile.
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT " + TABLE_EXISTS + "'schema_migration')")) {
                r.next();
                if (!r.getBoolean(1)) {
                    return 0;
                }
            }
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_migration")) {
                r.next();
                return r.getInt(1);
            }
        }

        @Override
        void lockForMigration(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            }
        }

        @Override
        void setSchemaVersion(Connection c, int version) {
            // recordMigration's rows are the version
        }

        @Override
        void lockHosts(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + HOST_LOCK + ")");
            }
        }

        @Override
        long[] newHostIds(Connection c, int count) throws SQLException {
            try (PreparedStatement p = c.prepareStatement("SELECT nextval(pg_get_serial_sequence('host', 'id'))"
                    + " FROM generate_series(1, ?)")) {
                p.setInt(1, count);
                long[] ids = new long[count];
                try (ResultSet r = p.executeQuery()) {
                    for (int i = 0; i < count; i++) {
                        r.next();
                        ids[i] = r.getLong(1);
                    }
                }
                return ids;
            }
        }

        @Override
        boolean insertNew(Connection c, String insert, Collection<Object[]> rows) throws SQLException {
            return RowCopy.insert(c, insert, rows);
        }
    };

    /** An SQL condition: whether a table exists in the current schema. Append the name, quoted, and a closing parenthesis. */
    static final String TABLE_EXISTS = "EXISTS (SELECT 1 FROM pg_catalog.pg_tables"
            + " WHERE schemaname = current_schema() AND tablename = ";
    /** PostgreSQL's advisory lock keys: "NSWP" (netsweep's SQLite application id), then a slot: 1 to migrate. */
    private static final long MIGRATION_LOCK = 0x4E535750_00000001L;
    /** The advisory lock under which host identities are looked up and made: slot 2. */
    private static final long HOST_LOCK = 0x4E535750_00000002L;

    private final String name;

    Dialect(String name) {
        this.name = name;
    }

    /** Where this dialect's migrations are, as a resource path. */
    String migrations() {
        return "/io/netsweep/store/migrations/" + name;
    }

    /** The schema version the database is at; 0 for a new one. */
    abstract int schemaVersion(Connection c) throws SQLException;

    /** Takes the lock that keeps two processes from migrating at once, first thing in the migration's transaction. */
    abstract void lockForMigration(Connection c) throws SQLException;

    /** Records the version reached, inside the migration's transaction. */
    abstract void setSchemaVersion(Connection c, int version) throws SQLException;

    /**
     * Keeps other writers from assigning host identities until this transaction ends: two scanners that see one
     * new host at once must make one host of it, not two (or fail on the MAC's uniqueness).
     */
    abstract void lockHosts(Connection c) throws SQLException;

    /**
     * {@code count} ids for new rows of {@code host}, none of them in use, as the table's own default would give them;
     * called under {@link #lockHosts}, in the transaction that inserts the rows.
     */
    abstract long[] newHostIds(Connection c, int count) throws SQLException;

    /**
     * Inserts the rows of an upsert ({@code insert}'s parameters, each row) the fastest way this database has, when
     * it has one faster than the upsert's statement and none of the rows' keys is in the table yet.
     *
     * @return true when the rows are inserted; false when the caller is to send them with its statement (nothing
     *     of them inserted)
     */
    abstract boolean insertNew(Connection c, String insert, Collection<Object[]> rows) throws SQLException;

    /**
     * How long a writer's batch gathers observations ({@link ScanWriter#gather}) and how many it may hold
     * ({@link ScanWriter#maxBatch}). SQLite gathers for up to 100 ms, at most 4,096: a silent /16 at 10,000 probes a
     * second brought about 25 observations per transaction without it (5,300 transactions for 65,536 hosts, a third
     * of the scan's CPU in the store's thread). PostgreSQL gathers for up to 200 ms and 16,384 observations: a fast scan's batches came to about
     * 2,000 port rows each, and the same 65,535 rows sorted by key cost the server 0.27 s of CPU by COPYs of
     * 2,048 and 0.21 s by COPYs of 8,192 (PostgreSQL 15); a scan killed meanwhile loses at most 200 ms more.
     */
    java.time.Duration gather() {
        return switch (this) {
            case SQLITE -> java.time.Duration.ofMillis(100);
            case POSTGRESQL -> java.time.Duration.ofMillis(200);
        };
    }

    /** See {@link #gather}. */
    int maxBatch() {
        return switch (this) {
            case SQLITE -> ScanRecorder.MAX_BATCH;
            case POSTGRESQL -> 16_384;
        };
    }

    /**
     * Whether {@code scan_port} has a unique key (SQLite's primary key), so that a port's row is upserted by it.
     * PostgreSQL's has none since V11, only an index on (scan_id, seq): the writer knows which ports it wrote
     * ({@link JdbcScanWriter}) and inserts or updates accordingly.
     */
    boolean uniquePortKey() {
        return this == SQLITE;
    }

    /**
     * The {@code ON CONFLICT} target of an approval, the baseline table's unique key: its columns in SQLite, their
     * digests in PostgreSQL (whose b-tree entries cannot hold a long target key; postgresql/V10.sql).
     */
    String baselineKey() {
        return switch (this) {
            case SQLITE -> "(target_key, ports)";
            case POSTGRESQL -> "((md5(target_key)), (md5(ports)))";
        };
    }

    /** Notes a migration applied, in {@code schema_migration} (which the first migration creates). */
    void recordMigration(Connection c, Migrations.Migration m, long now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO schema_migration (version, description, applied_at) VALUES (?, ?, ?)")) {
            p.setInt(1, m.version());
            p.setString(2, m.description());
            p.setLong(3, now);
            p.executeUpdate();
        }
    }
}
