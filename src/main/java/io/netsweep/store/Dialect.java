package io.netsweep.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What differs between the SQL databases the store can live in. The tables, queries and migrations are
 * plain, portable SQL (each dialect has its own copy of the migrations under
 * {@code migrations/DIALECT/}, as column types and indexes differ); only what this interface covers is
 * not. SQLite is the one implemented; a PostgreSQL dialect keeps its version in {@code schema_migration}
 * alone and takes an advisory lock to migrate.
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
    };

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
