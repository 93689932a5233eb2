package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import io.netsweep.testing.PostgresServer;
import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The store's commands end to end on loopback scans (into SQLite and PostgreSQL), and the bad input they refuse in one line. */
class StoreCliTest {
    @TempDir
    Path dir;

    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();
    private StoreBackend backend = StoreBackend.SQLITE;

    private String db() {
        return DATABASES.location(backend, dir);
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void scansAreStoredListedShownDiffedInventoriedAndPruned(StoreBackend backend) throws IOException {
        this.backend = backend;
        try (ServerSocket a = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String ports = a.getLocalPort() + "," + b.getLocalPort();
            assertThat(CliRunner.run("--db", db(), "-n", "-p", ports, "127.0.0.1").exitCode()).isZero();
            b.close();
            CliRunner scan = CliRunner.run("--db", db(), "-n", "-p", ports, "127.0.0.1");
            assertThat(scan.exitCode()).isZero();
            assertThat(scan.err()).isEmpty();

            CliRunner history = CliRunner.run("history", "--db", db());
            assertThat(history.out().lines()).hasSize(3).element(1).asString().startsWith("1 ").contains("finished");
            CliRunner json = CliRunner.run("history", "--db", db(), "-o", "json");
            assertThat(json.out().lines()).hasSize(2).allMatch(l -> l.contains("\"targets\":\"127.0.0.1\""))
                    .allMatch(l -> l.contains("\"command\":\"netsweep --db " + db().replace(":" + PostgresServer.PASSWORD + "@", "@")))
                    .noneMatch(l -> l.contains(PostgresServer.PASSWORD));
            // The scan ran as the process may (SYN as root, connect otherwise): the store keeps which, and replays it
            java.util.regex.Matcher type = java.util.regex.Pattern.compile("\"scan_type\":\"(syn|connect)\"")
                    .matcher(json.out().lines().toList().getLast());
            assertThat(type.find()).as(json.out()).isTrue();
            assertThat(CliRunner.run("show", "2", "--db", db(), "-o", "xml").out())
                    .contains("<scaninfo type=\"" + type.group(1) + "\"");

            CliRunner shown = CliRunner.run("show", "1", "--db", db(), "-o", "csv");
            assertThat(shown.exitCode()).isZero();
            assertThat(shown.out()).contains("127.0.0.1,", "," + a.getLocalPort() + ",tcp,open",
                    "," + b.getLocalPort() + ",tcp,open");
            Path xml = dir.resolve("one.xml");
            assertThat(CliRunner.run("show", "2", "--db", db(), "-oX", xml.toString()).exitCode()).isZero();
            assertThat(Files.readString(xml)).contains("<nmaprun").contains("portid=\"" + a.getLocalPort() + "\"")
                    .doesNotContain("portid=\"" + b.getLocalPort() + "\"");

            CliRunner diff = CliRunner.run("diff", "--db", db());
            assertThat(diff.exitCode()).isEqualTo(DiffCommand.CHANGED);
            assertThat(diff.out()).contains("scan 1").contains("scan 2")
                    .contains("- 127.0.0.1 " + b.getLocalPort() + "/tcp closed");
            assertThat(CliRunner.run("diff", "2", "2", "--db", db()).exitCode()).isEqualTo(DiffCommand.SAME);

            CliRunner hosts = CliRunner.run("hosts", "--db", db(), "-o", "json", "--port", Integer.toString(a.getLocalPort()));
            assertThat(hosts.out().lines()).singleElement().asString().contains("\"ip\":\"127.0.0.1\"")
                    .contains("\"scans\":2");
            assertThat(CliRunner.run("hosts", "--db", db(), "--port", Integer.toString(b.getLocalPort())).out()).isEmpty();

            assertThat(CliRunner.run("prune", "--db", db(), "--keep", "1").out()).isEqualTo("pruned 1 scan\n");
            assertThat(CliRunner.run("history", "--db", db(), "-o", "json").out().lines()).singleElement()
                    .asString().startsWith("{\"id\":2,");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void noSaveStoresNothing(StoreBackend backend) {
        this.backend = backend;
        assertThat(CliRunner.run("--no-save", "-n", "-sn", "127.0.0.1").exitCode()).isZero();
        assertThat(CliRunner.run("-n", "-sn", "--db", db(), "127.0.0.1").exitCode()).isZero();
        assertThat(CliRunner.run("history", "--db", db(), "-o", "json").out().lines()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "sqlite-foreign", "newer"})
    void aDatabaseThatIsNotUsableIsRefusedBeforeAnythingIsScanned(String kind) throws Exception {
        Path file = dir.resolve("bad.db");
        switch (kind) {
            case "text" -> Files.writeString(file, "\u001b]0;title\u0007 these are notes, not scans\n".repeat(10));
            case "sqlite-foreign" -> {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                    s.execute("PRAGMA application_id = 1234");
                    s.execute("CREATE TABLE t (x)");
                }
            }
            default -> {
                assertThat(CliRunner.run("-n", "-sn", "--db", file.toString(), "127.0.0.1").exitCode()).isZero();
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                    s.execute("PRAGMA user_version = 42");
                }
            }
        }
        byte[] before = Files.readAllBytes(file);
        CliRunner.Recorded r = CliRunner.recorded("--db", file.toString(), "-n", "127.0.0.1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.scanner().started()).isEmpty();
        assertThat(r.errLines()).singleElement().asString().startsWith("netsweep: --db: ")
                .contains(kind.equals("newer") ? "newer netsweep" : "not a netsweep database")
                .doesNotContain("\u001b").doesNotContain("Exception");
        for (String command : new String[] {"history", "hosts"}) {
            CliRunner q = CliRunner.run(command, "--db", file.toString());
            assertThat(q.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(q.err().lines()).singleElement().asString().startsWith("netsweep: ");
        }
        assertThat(CliRunner.run("diff", "--db", file.toString()).exitCode()).isEqualTo(DiffCommand.ERROR);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"show 7", "show x", "show 0", "show -- -1", "diff 1 9", "diff 1 2 3", "prune",
            "prune --keep 1 --older-than 3d", "prune --older-than 3y", "hosts --since yesterday", "hosts --port 0", "hosts --finding a;b",
            "history -o xml", "import /nonexistent/scan.xml"})
    void badInputToTheStoreCommandsIsOneLineAndExitCodeTwo(String args) {
        CliRunner.run("-n", "-sn", "--db", db(), "127.0.0.1");
        String[] a = (args + " --db " + db()).split(" ");
        CliRunner r = CliRunner.run(a);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString().startsWith("netsweep: ").doesNotContain("Exception");
    }

    @Test
    void aMalformedPostgresUrlIsOneLineWithoutItsPasswordAndNothingIsScanned() {
        for (String[] args : new String[][] {
                {"--db", "postgresql://scanner:hunter2@db.lab:99999/netsweep", "-n", "127.0.0.1"},
                {"-n", "-p", "22", "--db", "postgres://scanner:hunter2@/netsweep?sslmode=sometimes", "127.0.0.1"}}) {
            CliRunner.Recorded r = CliRunner.recorded(args);
            assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.scanner().started()).isEmpty();
            assertThat(r.errLines()).singleElement().asString().startsWith("netsweep: ").contains("--db")
                    .contains("PostgreSQL URL").doesNotContain("hunter2");
        }
        for (String command : new String[] {"history", "show 1", "diff", "hosts", "prune --keep 1"}) {
            String[] a = (command + " --db postgresql://scanner:hunter2@db.lab/x?password=y").split(" ");
            CliRunner q = CliRunner.run(a);
            assertThat(q.exitCode()).as(command).isEqualTo(ExitCodes.USAGE);
            assertThat(q.err().lines()).as(command).singleElement().asString().startsWith("netsweep: ")
                    .doesNotContain("hunter2");
        }
    }

    @Test
    void aPostgresServerThatRefusesThePasswordIsOneLineNamingItWithoutThePassword() throws Exception {
        String database = DATABASES.database(dir);
        String url = "postgresql://" + PostgresServer.USER + ":wrong-" + ProcessHandle.current().pid() + "@127.0.0.1:"
                + DATABASES.server().port() + "/" + database;
        CliRunner history = CliRunner.run("history", "--db", url);
        assertThat(history.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(history.err().lines()).singleElement().asString()
                .startsWith("netsweep: cannot open postgresql://" + PostgresServer.USER + "@127.0.0.1:"
                        + DATABASES.server().port() + "/" + database + ": ")
                .contains("password authentication failed").doesNotContain("wrong-");
        CliRunner scan = CliRunner.run("--db", url, "-n", "-sn", "127.0.0.1");
        assertThat(scan.exitCode()).as("the scan runs; storing it failed").isEqualTo(ExitCodes.FAILED);
        assertThat(scan.out()).contains("127.0.0.1");
        assertThat(scan.err().lines()).singleElement().asString().doesNotContain("wrong-")
                .contains("postgresql://" + PostgresServer.USER + "@127.0.0.1:");
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void aStoredSynScanIsListedAndShownAsASynScan(StoreBackend backend) throws Exception {
        this.backend = backend;
        InetAddress a = InetAddress.getByName("10.7.0.1");
        java.time.Instant t0 = java.time.Instant.parse("2026-12-07T09:00:00Z");
        io.netsweep.store.StoreLocation location = io.netsweep.store.StoreLocation.parse(db());
        io.netsweep.store.ScanArchive archive = new io.netsweep.store.ScanArchive(
                () -> location.open(dir.resolve("cache"), v -> null, java.time.InstantSource.system()),
                java.time.InstantSource.system());
        io.netsweep.store.ScanRecorder recorder = archive.record(io.netsweep.scan.ScanRequest.builder(
                io.netsweep.target.TargetSet.of("10.7.0.1"), io.netsweep.port.PortSet.of(22)).build(), "cli", "10.7.0.1");
        // The events a SYN scan's session sends (a SYN scan of loopback needs a namespace lab; what is tested is
        // that the store keeps the type the started event carries)
        recorder.onEvent(new io.netsweep.scan.ScanEvent.Started(t0, "netsweep -sS -p 22 10.7.0.1", 1,
                io.netsweep.port.PortSet.of(22), io.netsweep.discovery.DiscoveryMethod.NONE,
                io.netsweep.portscan.ScanType.SYN, false));
        recorder.onEvent(new io.netsweep.scan.ScanEvent.HostUp(new io.netsweep.discovery.HostInfo(a, "user-set",
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty())));
        recorder.onEvent(new io.netsweep.scan.ScanEvent.PortObserved(a, 22, io.netsweep.portscan.PortState.OPEN,
                "ssh", "syn-ack", java.util.Optional.empty()));
        recorder.onEvent(new io.netsweep.scan.ScanEvent.HostCompleted(a));
        recorder.onEvent(new io.netsweep.scan.ScanEvent.Finished(new io.netsweep.scan.ScanSummary(t0,
                t0.plusSeconds(1), 1, 1, 1, 1)));
        assertThat(recorder.await(java.time.Duration.ofSeconds(60))).isEmpty();
        archive.store().close();

        assertThat(CliRunner.run("history", "--db", db(), "-o", "json").out().lines()).singleElement().asString()
                .contains("\"scan_type\":\"syn\"");
        CliRunner xml = CliRunner.run("show", "1", "--db", db(), "-o", "xml");
        assertThat(xml.exitCode()).isZero();
        assertThat(xml.out()).contains("<scaninfo type=\"syn\"").contains("portid=\"22\"");
    }

    @Test
    void dbAndNoSaveExcludeEachOther() {
        CliRunner.Recorded r = CliRunner.recorded("--db", db(), "--no-save", "127.0.0.1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).containsExactly("netsweep: --db and --no-save exclude each other: --no-save stores nothing");
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void servicesDetectedWithSvAreStoredReplayedAndDiffed(StoreBackend backend) throws Exception {
        this.backend = backend;
        try (ServerSocket ssh = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(ssh.getLocalPort());
            AtomicReference<String> banner = new AtomicReference<>("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
            Thread server = Thread.ofVirtual().start(() -> serveBanner(ssh, banner));
            Path live = dir.resolve("live.jsonl");
            assertThat(CliRunner.run("--db", db(), "-n", "-sV", "-p", port, "-oJ", live.toString(), "127.0.0.1")
                    .exitCode()).isZero();
            banner.set("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n");
            assertThat(CliRunner.run("--db", db(), "-n", "-sV", "-p", port, "127.0.0.1").exitCode()).isZero();
            ssh.close();
            server.join(10_000);

            String liveService = Files.readAllLines(live).stream().filter(l -> l.startsWith("{\"type\":\"service\""))
                    .collect(Collectors.joining("\n"));
            assertThat(liveService).contains("\"product\":\"OpenSSH\"", "\"version\":\"9.2p1\"");
            CliRunner shown = CliRunner.run("show", "1", "--db", db(), "-o", "json");
            assertThat(shown.out().lines().filter(l -> l.startsWith("{\"type\":\"service\"")))
                    .containsExactly(liveService);
            CliRunner table = CliRunner.run("show", "2", "--db", db());
            assertThat(table.out()).contains("OpenSSH 9.6p1");

            CliRunner diff = CliRunner.run("diff", "--db", db());
            assertThat(diff.exitCode()).isEqualTo(DiffCommand.CHANGED);
            assertThat(diff.out()).contains("~ 127.0.0.1 " + port + "/tcp OpenSSH 9.2p1")
                    .contains("-> OpenSSH 9.6p1");
        }
    }

    /** Greets every connection with the banner of the moment, as an SSH server does, until the socket closes. */
    private static void serveBanner(ServerSocket server, AtomicReference<String> banner) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.getOutputStream().write(banner.get().getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }
}
