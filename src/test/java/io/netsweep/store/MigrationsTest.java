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

    @Test
    void aDatabaseOfEveryEarlierVersionMigratesToTheSchemaANewOneHasKeepingItsScans() throws Exception {
        Path fresh = dir.resolve("fresh.db");
        SqliteScanStore.open(fresh, StoreFixture.cache(), InstantSource.system());
        for (int v = 1; v <= SqliteScanStore.schemaVersion(); v++) {
            Path old = dir.resolve("v" + v + ".db");
            SqliteScanStore.open(old, StoreFixture.cache(), InstantSource.system(), v);
            long id;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old)) {
                id = StoreFixture.writeAsAnOldNetsweep(c);
            }
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
