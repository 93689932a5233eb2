package io.netsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.StoreDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two dialects' migrations, each run to the latest version on a real database, give the same schema: the same
 * tables, each with the same columns and the same primary key (in key order). The store's SQL is shared by both,
 * so a column or key that one migration directory forgets is a query that fails on one database only. Column
 * order may differ (PostgreSQL appends an added column where SQLite rebuilds the table): no statement of the
 * store relies on it, as every one names its columns.
 */
class SchemaParityTest {
    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @TempDir
    Path dir;

    @Test
    void sqliteAndPostgresqlMigrateToTheSameTablesColumnsAndKeys() throws Exception {
        Path file = dir.resolve("netsweep.db");
        SqliteScanStore.open(file, StoreFixture.cache(), InstantSource.system()).close();
        String database = DATABASES.server().newDatabase();
        PostgresScanStore.open(PostgresUrl.parse(DATABASES.server().url(database)), v -> null,
                InstantSource.system()).close();

        Map<String, Table> sqlite;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            sqlite = sqliteTables(c);
        }
        Map<String, Table> postgresql;
        String baselineKey;
        try (Connection c = DATABASES.server().connect(database)) {
            postgresql = postgresqlTables(c);
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT indexdef FROM pg_indexes"
                    + " WHERE schemaname = current_schema() AND indexname = 'baseline_by_key'")) {
                baselineKey = r.next() ? r.getString(1) : "";
            }
        }
        // PostgreSQL keys a baseline by a unique index on digests of its key's columns (V10), as a b-tree entry there
        // cannot hold a long target key; SQLite by the columns themselves. Either is one approval per both columns.
        assertThat(postgresql.get("baseline").primaryKey()).isEmpty();
        assertThat(baselineKey).startsWith("CREATE UNIQUE INDEX").contains("md5(target_key), md5(ports)");
        assertThat(sqlite.get("baseline").primaryKey()).containsExactly("target_key", "ports");
        postgresql.put("baseline", new Table(postgresql.get("baseline").columns(), List.of("target_key", "ports")));
        // PostgreSQL's port rows have no unique key (V11), only an index on (scan_id, seq): the one writer of a scan's
        // rows keeps the key there. SQLite's rows live in their primary key.
        String portIndex;
        try (Connection c = DATABASES.server().connect(database); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT string_agg(indexdef, '; ') FROM pg_indexes"
                     + " WHERE schemaname = current_schema() AND tablename = 'scan_port'")) {
            portIndex = r.next() && r.getString(1) != null ? r.getString(1) : "";
        }
        assertThat(postgresql.get("scan_port").primaryKey()).isEmpty();
        assertThat(portIndex).isEqualTo("CREATE INDEX scan_port_by_host ON public.scan_port USING btree (scan_id, seq)");
        postgresql.put("scan_port", new Table(postgresql.get("scan_port").columns(),
                List.of("scan_id", "seq", "protocol", "port")));

        assertThat(sqlite).as("tables").containsKeys("scan", "scan_host", "scan_port", "scan_service", "scan_finding");
        assertThat(postgresql.keySet()).as("tables").isEqualTo(sqlite.keySet());
        for (String table : sqlite.keySet()) {
            assertThat(postgresql.get(table)).as(table).isEqualTo(sqlite.get(table));
        }
        assertThat(SqliteScanStore.schemaVersion()).isEqualTo(PostgresScanStore.schemaVersion());
        // A port's protocol is in the key of every table of what was found on a port (V5, V8): 53/tcp is not 53/udp.
        assertThat(sqlite.get("scan_port").primaryKey()).containsExactly("scan_id", "seq", "protocol", "port");
        assertThat(sqlite.get("scan_service").primaryKey())
                .containsExactly("scan_id", "seq", "protocol", "port", "kind");
        assertThat(sqlite.get("scan_finding").primaryKey())
                .containsExactly("scan_id", "seq", "protocol", "port", "finding_id");
    }

    /** A table's column names, and its primary key's columns in key order. */
    private record Table(java.util.SortedSet<String> columns, List<String> primaryKey) {
        Table(List<String> columns, List<String> primaryKey) {
            this(new java.util.TreeSet<>(columns), primaryKey);
        }
    }

    private static Map<String, Table> sqliteTables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        Map<String, Table> tables = new TreeMap<>();
        for (String name : names) {
            List<String> columns = new ArrayList<>();
            Map<Integer, String> key = new TreeMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA table_info(" + name + ")")) {
                while (r.next()) {
                    columns.add(r.getString("name"));
                    int pk = r.getInt("pk");
                    if (pk > 0) {
                        key.put(pk, r.getString("name"));
                    }
                }
            }
            tables.put(name, new Table(columns, List.copyOf(key.values())));
        }
        return tables;
    }

    private static Map<String, Table> postgresqlTables(Connection c) throws SQLException {
        Map<String, List<String>> columns = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT table_name, column_name"
                + " FROM information_schema.columns WHERE table_schema = current_schema()"
                + " ORDER BY table_name, ordinal_position")) {
            while (r.next()) {
                columns.computeIfAbsent(r.getString(1), t -> new ArrayList<>()).add(r.getString(2));
            }
        }
        Map<String, List<String>> keys = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT k.table_name, k.column_name"
                + " FROM information_schema.table_constraints t JOIN information_schema.key_column_usage k"
                + " ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema"
                + " WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = current_schema()"
                + " ORDER BY k.table_name, k.ordinal_position")) {
            while (r.next()) {
                keys.computeIfAbsent(r.getString(1), t -> new ArrayList<>()).add(r.getString(2));
            }
        }
        Map<String, Table> tables = new TreeMap<>();
        columns.forEach((name, cols) -> tables.put(name, new Table(cols, keys.getOrDefault(name, List.of()))));
        return tables;
    }
}
