package io.netsweep.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real databases for the scan store's tests, one per test directory: an SQLite file in it ({@code netsweep.db}), or
 * a PostgreSQL database of its own on the test JVM's server ({@link PostgresServer}, started when first needed).
 * The same directory gives the same database again. Register it as a static extension
 * ({@code @RegisterExtension}). Thread-safe.
 */
public final class StoreDatabases implements BeforeAllCallback {
    private volatile ExtensionContext context;
    private final Map<Path, String> postgres = new ConcurrentHashMap<>();

    @Override
    public void beforeAll(ExtensionContext c) {
        context = c;
    }

    /** The test JVM's PostgreSQL server, started on first use. */
    public PostgresServer server() {
        return PostgresServer.shared(context);
    }

    /** Where the store of {@code dir} is, as {@code --db} takes it (a PostgreSQL URL with its password). */
    public String location(StoreBackend backend, Path dir) {
        return switch (backend) {
            case SQLITE -> dir.resolve("netsweep.db").toString();
            case POSTGRESQL -> server().url(database(dir));
        };
    }

    /** The PostgreSQL database of {@code dir}, made on first use. */
    public String database(Path dir) {
        return postgres.computeIfAbsent(dir, d -> {
            try {
                return server().newDatabase();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A plain JDBC connection to the store of {@code dir}, for checking what it holds. */
    public Connection connect(StoreBackend backend, Path dir) throws SQLException {
        return switch (backend) {
            case SQLITE -> new org.sqlite.JDBC().connect("jdbc:sqlite:" + dir.resolve("netsweep.db"),
                    new java.util.Properties());
            case POSTGRESQL -> server().connect(database(dir));
        };
    }

    /** The first column of the first row {@code sql} selects from the store of {@code dir}; 0 for no row. */
    public long count(StoreBackend backend, Path dir, String sql) throws SQLException {
        try (Connection c = connect(backend, dir); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }
}
