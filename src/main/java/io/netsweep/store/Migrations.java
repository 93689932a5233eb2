package io.netsweep.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The store's schema migrations: numbered SQL resources per dialect ({@code migrations/sqlite/V1.sql},
 * {@code V2.sql}, ...; the first line is a comment that describes it), applied in order, all that are
 * pending in one transaction together with the new version number, so a database is at one version or
 * the next and never between (SQLite's schema changes are transactional, as PostgreSQL's are).
 *
 * <p>A database ahead of the newest migration here was written by a newer netsweep and is refused, never
 * touched. Stateless apart from the migrations it read; thread-safe.
 */
final class Migrations {
    /** One migration: its version, what it does, its statements. */
    record Migration(int version, String description, List<String> statements) {
        Migration {
            Objects.requireNonNull(description, "description");
            statements = List.copyOf(statements);
        }
    }

    private final List<Migration> migrations;

    Migrations(List<Migration> migrations) {
        this.migrations = List.copyOf(migrations);
        for (int i = 0; i < this.migrations.size(); i++) {
            if (this.migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migrations must be numbered 1, 2, 3, ...");
            }
        }
    }

    /** The migrations of {@code dialect}, read from the resources under {@code base} ({@code V1.sql} on). */
    static Migrations load(String base) {
        List<Migration> all = new ArrayList<>();
        for (int v = 1; ; v++) {
            String name = base + "/V" + v + ".sql";
            try (InputStream in = Migrations.class.getResourceAsStream(name)) {
                if (in == null) {
                    break;
                }
                all.add(parse(v, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + name, e);
            }
        }
        return new Migrations(all);
    }

    /** A migration's text split into statements: each ends with a semicolon at the end of a line. */
    static Migration parse(int version, String sql) {
        String description = sql.lines().findFirst().filter(l -> l.startsWith("--"))
                .map(l -> l.substring(2).strip()).orElse("migration " + version);
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException("migration " + version + " does not end with a semicolon");
        }
        return new Migration(version, description, statements);
    }

    /** The version the newest migration makes. */
    int latest() {
        return migrations.size();
    }

    /**
     * Brings the database to {@code target}, inside one write transaction that also re-reads the version,
     * so two processes opening a new database at once migrate it once.
     *
     * @param connection a connection in auto-commit mode; left in it
     * @param dialect    how the version is read and written
     * @param target     the version to reach, at most {@link #latest()}
     * @return the version the database had before
     */
    int migrate(Connection connection, Dialect dialect, int target, String file, long now) throws SQLException, StoreException {
        if (target < 0 || target > latest()) {
            throw new IllegalArgumentException("no migration to version " + target);
        }
        int before = dialect.schemaVersion(connection);
        if (before > latest()) {
            throw newer(file, before);
        }
        if (before >= target) {
            return before;
        }
        connection.setAutoCommit(false);
        boolean committed = false;
        try {
            dialect.lockForMigration(connection);
            before = dialect.schemaVersion(connection);
            if (before > latest()) {
                throw newer(file, before);
            }
            try (Statement s = connection.createStatement()) {
                for (Migration m : migrations.subList(before, target)) {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                    dialect.recordMigration(connection, m, now);
                }
            }
            dialect.setSchemaVersion(connection, target);
            connection.commit();
            committed = true;
            return before;
        } finally {
            if (!committed) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the connection is being given up; the original failure is what matters
                }
            }
            connection.setAutoCommit(true);
        }
    }

    private StoreException newer(String file, int version) {
        return new StoreException(StoreException.Problem.NEWER_SCHEMA, file + " was written by a newer netsweep"
                + " (schema " + version + "; this one knows up to " + latest() + "): upgrade netsweep to read it");
    }
}
