package io.netsweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.store.StoreFixture.ScanBuilder;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema's migrations against real SQLite files: from every earlier version, atomic, never past a newer one. */
class MigrationsTest {
    @TempDir
    Path dir;

    private static List<String> schema(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                     + " ORDER BY type, name")) {
            List<String> out = new ArrayList<>();
            while (r.next()) {
                out.add(r.getString(1) + " " + r.getString(2) + " " + r.getString(3));
            }
            return out;
        }
    }

    private static String pragma(Path db, String pragma) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + pragma)) {
            r.next();
            return r.getString(1);
        }
    }

    /** The version whose scan_port has a protocol: the writer of this version cannot write older schemas. */
    private static final int UDP_VERSION = 5;

    /** A scan of one host with 22/tcp open, written with the columns every version before {@link #UDP_VERSION} has. */
    private static long writeAsBeforeUdp(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO scan (source, command, targets, target_key, target_count, ports, discovery,"
                    + " started_at, ended_at, status, hosts_up, open_ports) VALUES ('cli', 'netsweep -p 22 10.0.0.5',"
                    + " '10.0.0.5', '10.0.0.5', 1, '22', 'none', 1000, 2000, 'finished', 1, 1)");
            long scan;
            try (ResultSet r = s.executeQuery("SELECT max(id) FROM scan")) {
                r.next();
                scan = r.getLong(1);
            }
            s.executeUpdate("INSERT INTO host (mac, address, seen) VALUES ('02:00:00:00:00:05', '10.0.0.5', " + scan + ")");
            s.executeUpdate("INSERT INTO scan_host (scan_id, seq, host_id, address, state, reason, completed, not_closed)"
                    + " VALUES (" + scan + ", 0, (SELECT max(id) FROM host), '10.0.0.5', 'up', 'arp', 1, 999)");
            s.executeUpdate("INSERT INTO scan_port (scan_id, seq, port, state, service, reason) VALUES (" + scan
                    + ", 0, 22, 'open', 'ssh', 'syn-ack')");
            return scan;
        }
    }

    @Test
    void aDatabaseOfEveryEarlierVersionMigratesToTheSchemaANewOneHasKeepingItsScans() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        SqliteScanStore.open(fresh, StoreFixture.cache(), InstantSource.system());
        for (int v = 1; v <= SqliteScanStore.schemaVersion(); v++) {
            Path old = dir.resolve("v" + v + ".db");
            SqliteScanStore atV = SqliteScanStore.open(old, StoreFixture.cache(), InstantSource.system(), v);
            long id = v < UDP_VERSION ? writeAsBeforeUdp(old)
                    : new ScanBuilder().host("10.0.0.5", "02:00:00:00:00:05").port("10.0.0.5", 22, "ssh")
                            .done("10.0.0.5", 999).write(atV);
            SqliteScanStore migrated = SqliteScanStore.open(old, StoreFixture.cache(), InstantSource.system());
            assertThat(schema(old)).isEqualTo(schema(fresh));
            assertThat(pragma(old, "user_version")).isEqualTo(Integer.toString(SqliteScanStore.schemaVersion()));
            assertThat(pragma(old, "integrity_check")).isEqualTo("ok");
            assertThat(migrated.load(id).orElseThrow().hosts()).singleElement()
                    .satisfies(h -> assertThat(h.ports()).extracting(StoredScan.Port::port, StoredScan.Port::protocol)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple(22, io.netsweep.port.Protocol.TCP)));
        }
        assertThat(pragma(fresh, "journal_mode")).isEqualTo("wal");
        assertThat(pragma(fresh, "application_id")).isEqualTo(Integer.toString(SqliteHeader.APPLICATION_ID));
    }

    @Test
    void aMigrationThatFailsLeavesTheDatabaseAtItsVersionBefore() throws Exception {
        Path db = dir.resolve("half.db");
        SqliteScanStore.open(db, StoreFixture.cache(), InstantSource.system());
        List<String> before = schema(db);
        Migrations real = Schemas.SQLITE;
        List<Migrations.Migration> withBroken = new ArrayList<>();
        for (int v = 1; v <= real.latest(); v++) {
            withBroken.add(Migrations.parse(v, "-- as shipped\nSELECT 1;\n"));
        }
        withBroken.add(Migrations.parse(real.latest() + 1,
                "-- a table, then a statement that fails\nCREATE TABLE extra (x INTEGER);\nINSERT INTO missing VALUES (1);\n"));
        Migrations broken = new Migrations(withBroken);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertThatThrownBy(() -> broken.migrate(c, Dialect.SQLITE, broken.latest(), db.toString(), 0))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(schema(db)).isEqualTo(before);
        assertThat(pragma(db, "user_version")).isEqualTo(Integer.toString(real.latest()));
    }

    @Test
    void aDatabaseOfANewerNetsweepIsRefusedAndLeftAsItIs() throws Exception {
        Path db = dir.resolve("newer.db");
        SqliteScanStore.open(db, StoreFixture.cache(), InstantSource.system());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        byte[] bytes = Files.readAllBytes(db);
        assertThatThrownBy(() -> SqliteScanStore.open(db, StoreFixture.cache(), InstantSource.system()))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.problem()).isEqualTo(StoreException.Problem.NEWER_SCHEMA);
                    assertThat(e.getMessage()).contains("newer netsweep").contains("schema 99");
                });
        assertThat(Files.readAllBytes(db)).isEqualTo(bytes);
    }

    @Test
    void anotherProgramsDatabaseIsRefused() throws Exception {
        Path db = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (body TEXT)");
        }
        assertThatThrownBy(() -> SqliteScanStore.open(db, StoreFixture.cache(), InstantSource.system()))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.problem()).isEqualTo(StoreException.Problem.FOREIGN));
        assertThat(schema(db)).singleElement().asString().startsWith("table notes");
    }

    @Test
    void aFileThatIsNoDatabaseIsRefusedUntouched() throws Exception {
        Path db = dir.resolve("notes.txt");
        Files.writeString(db, "not a database\n".repeat(20));
        assertThatThrownBy(() -> SqliteScanStore.open(db, StoreFixture.cache(), InstantSource.system()))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.problem()).isEqualTo(StoreException.Problem.NOT_A_DATABASE));
        assertThat(Files.readString(db)).isEqualTo("not a database\n".repeat(20));
    }

    @Test
    void aDamagedDatabaseIsReportedAsDamaged() throws Exception {
        Path db = dir.resolve("damaged.db");
        SqliteScanStore store = SqliteScanStore.open(db, StoreFixture.cache(), InstantSource.system());
        ScanBuilder b = new ScanBuilder();
        for (int i = 1; i < 250; i++) {
            b.host("10.0.0." + i, null).port("10.0.0." + i, 22, "ssh").done("10.0.0." + i, 999);
        }
        b.write(store);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        // Garbage over every page after the first (the header stays: it still looks like netsweep's file).
        long size = Files.size(db);
        try (var ch = java.nio.channels.FileChannel.open(db, StandardOpenOption.WRITE)) {
            ByteBuffer junk = ByteBuffer.allocate((int) size - 4096);
            for (int i = 0; i < junk.capacity(); i++) {
                junk.put((byte) (i * 31 + 7));
            }
            junk.flip();
            ch.write(junk, 4096);
        }
        assertThatThrownBy(() -> SqliteScanStore.open(db, StoreFixture.cache(), InstantSource.system()).history())
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.problem()).isIn(StoreException.Problem.CORRUPT, StoreException.Problem.NOT_A_DATABASE);
                    assertThat(e.getMessage()).contains(db.toString()).doesNotContain("\n");
                });
    }
}
