package io.netsweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.store.StoreFixture.ScanBuilder;
import io.netsweep.testing.PostgresServer;
import io.netsweep.testing.StoreDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is PostgreSQL's own in the store, on a real server: the schema made and migrated under an advisory lock
 * (once, however many scanners start together), another program's tables and a newer netsweep's schema refused,
 * the password found where libpq users keep it, and never shown.
 */
class PostgresStoreTest {
    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @TempDir
    Path dir;

    private static final UnaryOperator<String> NO_ENV = v -> null;

    private PostgresUrl url(String database) {
        return PostgresUrl.parse(DATABASES.server().url(database));
    }

    private PostgresUrl urlWithoutPassword(String database) {
        return PostgresUrl.parse(DATABASES.server().urlWithoutPassword(database));
    }

    private long count(String database, String sql) throws Exception {
        try (Connection c = DATABASES.server().connect(database); Statement s = c.createStatement();
             var r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The backend of each connection of this test's application name to {@code database}, as the server lists them. */
    private List<Long> backends(String database, String application) throws Exception {
        List<Long> pids = new ArrayList<>();
        try (Connection c = DATABASES.server().connect(database); var p = c.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE datname = ? AND application_name = ? ORDER BY pid")) {
            p.setString(1, database);
            p.setString(2, application);
            try (var r = p.executeQuery()) {
                while (r.next()) {
                    pids.add(r.getLong(1));
                }
            }
        }
        return pids;
    }

    private static long backend(Connection c) throws Exception {
        try (Statement s = c.createStatement(); var r = s.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void theFirstConnectionAskedForSoonAfterOpeningIsTheOneThatOpenedTheStore() throws Exception {
        String db = DATABASES.server().newDatabase();
        long[] now = {0};
        PostgresScanStore store = PostgresScanStore.open(
                PostgresUrl.parse(DATABASES.server().url(db) + "?application_name=spare-soon"), NO_ENV,
                InstantSource.system(), PostgresScanStore.schemaVersion(), () -> now[0]);
        List<Long> opening = backends(db, "spare-soon");
        assertThat(opening).as("the connection that opened the store is kept").hasSize(1);
        now[0] = PostgresScanStore.SPARE_FOR.toNanos();
        try (Connection first = store.connect(false); Connection second = store.connect(false)) {
            assertThat(backend(first)).isEqualTo(opening.getFirst());
            assertThat(backend(second)).isNotEqualTo(opening.getFirst());
        }
        // A writer on it stores the scan as on any other connection.
        PostgresScanStore again = PostgresScanStore.open(url(db), NO_ENV, InstantSource.system());
        long id = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 22, "ssh").done("10.0.0.5", 0).write(again);
        assertThat(count(db, "SELECT count(*) FROM scan_port WHERE scan_id = " + id)).isEqualTo(1);
        again.close();
        store.close();
    }

    @Test
    void aStoreOpenedLongerAgoThanTheSpareTimeClosesItsOpeningConnectionAndConnectsAnew() throws Exception {
        String db = DATABASES.server().newDatabase();
        long[] now = {0};
        PostgresScanStore store = PostgresScanStore.open(
                PostgresUrl.parse(DATABASES.server().url(db) + "?application_name=spare-late"), NO_ENV,
                InstantSource.system(), PostgresScanStore.schemaVersion(), () -> now[0]);
        long opening = backends(db, "spare-late").getFirst();
        now[0] = PostgresScanStore.SPARE_FOR.toNanos() + 1;
        try (Connection c = store.connect(false)) {
            assertThat(backend(c)).isNotEqualTo(opening);
        }
        store.close();
    }

    @Test
    void closingAStoreNobodyConnectedThroughClosesItsOpeningConnection() throws Exception {
        String db = DATABASES.server().newDatabase();
        PostgresScanStore store = PostgresScanStore.open(
                PostgresUrl.parse(DATABASES.server().url(db) + "?application_name=spare-closed"), NO_ENV,
                InstantSource.system());
        assertThat(backends(db, "spare-closed")).hasSize(1);
        store.close();
        // The server ends the backend once it has read the connection's end: wait for that, not for a time.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!backends(db, "spare-closed").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(backends(db, "spare-closed")).as("the opening connection is closed").isEmpty();
    }

    @Test
    void aBatchTheServerRefusesIsOneShortLineWithTheServersReasonNotTheStatement() throws Exception {
        String db = DATABASES.server().newDatabase();
        PostgresScanStore store = PostgresScanStore.open(url(db), NO_ENV, InstantSource.system());
        try (Connection c = DATABASES.server().connect(db); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE scan_port ADD CONSTRAINT refuse_every_port CHECK (port < 0) NOT VALID");
        }
        ScanBuilder scan = new ScanBuilder().host("10.0.0.5", null);
        for (int port = 1; port <= 500; port++) {
            scan.port("10.0.0.5", port, "svc");
        }
        scan.done("10.0.0.5", 0);
        assertThatThrownBy(() -> scan.write(store)).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.getMessage()).contains("refuse_every_port").doesNotContain("INSERT INTO")
                    .doesNotContain("\n").hasSizeLessThanOrEqualTo(PostgresScanStore.MAX_REASON + 200);
        });
        store.close();
    }

    @Test
    void aScanOfManyScatteredTargetsIsStoredAndFoundByItsTargets() throws Exception {
        // A part of a /16 split by address in two: some 32,000 addresses in no order, whose target key no b-tree
        // index entry can hold (V9).
        java.util.Random random = new java.util.Random(20261207);
        java.util.TreeSet<Integer> addresses = new java.util.TreeSet<>();
        while (addresses.size() < 32_768) {
            addresses.add(random.nextInt(65_536));
        }
        String key = addresses.stream().map(a -> "10.231." + (a >> 8) + "." + (a & 255))
                .collect(java.util.stream.Collectors.joining(","));
        assertThat(key.length()).isGreaterThan(400_000);
        String db = DATABASES.server().newDatabase();
        try (PostgresScanStore store = PostgresScanStore.open(url(db), NO_ENV, InstantSource.system())) {
            java.time.Instant at = java.time.Instant.parse("2026-12-07T10:00:00Z");
            long first = 0;
            for (int scan = 0; scan < 2; scan++) {
                ScanHeader h = new ScanHeader("cli", "netsweep -iL part", "part", key, addresses.size(), "22",
                        java.util.Optional.of("icmp-raw"), at.plusSeconds(scan));
                try (ScanWriter w = store.begin(h, ProcessHandle.current().pid(), java.util.Optional.empty())) {
                    w.write(List.of(new Observation.ScanEnded(ScanStatus.FINISHED, java.util.Optional.empty(),
                            at.plusSeconds(scan + 1), 0, 0, java.util.OptionalLong.of(1))));
                    first = scan == 0 ? w.scanId() : first;
                }
            }
            assertThat(store.sameTargets(first)).extracting(ScanEntry::targetKey).containsExactly(key, key);
        }
    }

    @Test
    void anApprovalMadeBeforeTheBaselineKeyBecameDigestsIsKeptAndReplacedByTheNext() throws Exception {
        String db = DATABASES.server().newDatabase();
        PostgresScanStore.open(url(db), NO_ENV, InstantSource.system(), 9).close();
        long old;
        try (Connection c = DATABASES.server().connect(db)) {
            old = StoreFixture.writeAsAnOldNetsweep(c);
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("INSERT INTO baseline (target_key, ports, scan_id, approved_at)"
                        + " SELECT target_key, ports, id, 1 FROM scan WHERE id = " + old);
            }
        }
        try (PostgresScanStore store = PostgresScanStore.open(url(db), NO_ENV, InstantSource.system())) {
            StoredScan scan = store.load(old).orElseThrow();
            String key = scan.entry().targetKey();
            String ports = scan.entry().ports();
            assertThat(store.baseline(key, ports)).map(Baseline::scanId).contains(old);
            StoreFixture.ScanBuilder b = new StoreFixture.ScanBuilder().host("10.0.0.5", null);
            b.key = key;
            b.ports = ports;
            long next = b.write(store);
            store.approve(next);
            assertThat(store.baseline(key, ports)).map(Baseline::scanId).contains(next);
        }
        assertThat(count(db, "SELECT count(*) FROM baseline")).isEqualTo(1);
    }

    @Test
    void scannersOpeningANewDatabaseTogetherMigrateItOnce() throws Exception {
        String db = DATABASES.server().newDatabase();
        int openers = 6;
        CyclicBarrier together = new CyclicBarrier(openers);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < openers; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    together.await(30, TimeUnit.SECONDS);
                    PostgresScanStore.open(url(db), NO_ENV, InstantSource.system()).close();
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }));
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(failures).isEmpty();
        assertThat(count(db, "SELECT count(*) FROM schema_migration")).isEqualTo(PostgresScanStore.schemaVersion());
        assertThat(count(db, "SELECT max(version) FROM schema_migration")).isEqualTo(PostgresScanStore.schemaVersion());
    }

    @Test
    void aDatabaseOfEveryEarlierVersionMigratesKeepingItsScans() throws Exception {
        for (int v = 1; v < PostgresScanStore.schemaVersion(); v++) {
            String db = DATABASES.server().newDatabase();
            PostgresScanStore.open(url(db), NO_ENV, InstantSource.system(), v);
            long id;
            try (Connection c = DATABASES.server().connect(db)) {
                id = StoreFixture.writeAsAnOldNetsweep(c);
            }
            PostgresScanStore migrated = PostgresScanStore.open(url(db), NO_ENV, InstantSource.system());
            assertThat(count(db, "SELECT max(version) FROM schema_migration")).as("from version " + v)
                    .isEqualTo(PostgresScanStore.schemaVersion());
            assertThat(migrated.load(id).orElseThrow().hosts()).singleElement()
                    .satisfies(h -> assertThat(h.ports()).extracting(StoredScan.Port::port).containsExactly(22));
        }
    }

    @Test
    void aNewerNetsweepsDatabaseIsRefusedAndLeftAsItIs() throws Exception {
        String db = DATABASES.server().newDatabase();
        PostgresScanStore.open(url(db), NO_ENV, InstantSource.system());
        try (Connection c = DATABASES.server().connect(db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_migration VALUES (99, 'from the future', 0)");
        }
        assertThatThrownBy(() -> PostgresScanStore.open(url(db), NO_ENV, InstantSource.system()))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.problem()).isEqualTo(StoreException.Problem.NEWER_SCHEMA);
                    assertThat(e.getMessage()).contains("newer netsweep").doesNotContain(PostgresServer.PASSWORD);
                });
        assertThat(count(db, "SELECT count(*) FROM schema_migration")).isEqualTo(PostgresScanStore.schemaVersion() + 1);
    }

    @Test
    void anotherProgramsTablesAreRefusedUntouched() throws Exception {
        String db = DATABASES.server().newDatabase();
        try (Connection c = DATABASES.server().connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE scan (x INTEGER)");
        }
        assertThatThrownBy(() -> PostgresScanStore.open(url(db), NO_ENV, InstantSource.system()))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.problem()).isEqualTo(StoreException.Problem.FOREIGN));
        assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isEqualTo(1);
    }

    @Test
    void thePasswordComesFromPgpasswordWhenTheUrlHasNone() throws Exception {
        String db = DATABASES.server().newDatabase();
        Map<String, String> env = Map.of("PGPASSWORD", PostgresServer.PASSWORD);
        try (PostgresScanStore store = PostgresScanStore.open(urlWithoutPassword(db), env::get, InstantSource.system())) {
            assertThat(store.history()).isEmpty();
        }
    }

    @Test
    void thePasswordComesFromThePasswordFileOnlyWhenOthersCannotReadIt() throws Exception {
        String db = DATABASES.server().newDatabase();
        Path pgpass = dir.resolve("pgpass");
        int port = DATABASES.server().port();
        Files.writeString(pgpass, "# netsweep's test server\n"
                + "otherhost:*:*:*:wrong\n"
                + "127.0.0.1:" + port + ":" + db + ":" + PostgresServer.USER + ":" + PostgresServer.PASSWORD + "\n"
                + "*:*:*:*:wrong-too\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = Map.of("PGPASSFILE", pgpass.toString());
        try (PostgresScanStore store = PostgresScanStore.open(urlWithoutPassword(db), env::get, InstantSource.system())) {
            assertThat(store.history()).isEmpty();
        }
        Map<String, String> home = Map.of("HOME", dir.toString());
        Files.move(pgpass, dir.resolve(".pgpass"));
        PostgresScanStore.open(urlWithoutPassword(db), home::get, InstantSource.system()).close();

        Files.setPosixFilePermissions(dir.resolve(".pgpass"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(PgPassword.of(urlWithoutPassword(db), home::get)).as("a file others can read is ignored").isEmpty();
    }

    @Test
    void aWrongPasswordIsOneLineNamingTheDatabaseWithoutThePassword() throws Exception {
        String db = DATABASES.server().newDatabase();
        String secret = "not-the-password-" + ProcessHandle.current().pid();
        PostgresUrl wrong = PostgresUrl.parse("postgresql://" + PostgresServer.USER + ":" + secret + "@127.0.0.1:"
                + DATABASES.server().port() + "/" + db);
        assertThatThrownBy(() -> PostgresScanStore.open(wrong, NO_ENV, InstantSource.system()))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.getMessage()).startsWith("cannot open postgresql://" + PostgresServer.USER
                            + "@127.0.0.1:" + DATABASES.server().port() + "/" + db + ": ")
                            .contains("password authentication failed").doesNotContain(secret).doesNotContain("\n");
                });
    }
}
