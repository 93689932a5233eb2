package io.netsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.NetsweepCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan killed with SIGKILL while it stores (into SQLite and into PostgreSQL): the database is consistent (SQLite's
 * integrity check passes), and the scan shows as incomplete with what was committed before the kill.
 */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class KilledScanTest {
    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @Parameter
    StoreBackend backend;

    @TempDir
    Path dir;

    private long count(String sql) throws Exception {
        try {
            return DATABASES.count(backend, dir, sql);
        } catch (java.sql.SQLException e) {
            return 0; // not created yet
        }
    }

    @Test
    void aScanKilledWhileStoringLeavesAConsistentDatabaseAndShowsAsIncomplete() throws Exception {
        String db = DATABASES.location(backend, dir);
        // -Pn over 64 loopback addresses, every port, paced: hosts are reported (and stored) at once, and the
        // scan would run for minutes.
        Process scan = new ProcessBuilder(NetsweepCommand.of("--db", db, "-n", "-Pn", "-p-", "--rate",
                "2000", "--no-progress", "-o", "json", "127.0.0.1-127.0.0.64"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("scan.err").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (count("SELECT count(*) FROM scan_host") < 10) {
                assertThat(scan.isAlive()).as("the scan runs until it is killed").isTrue();
                assertThat(System.nanoTime()).as("hosts stored within 60 s").isLessThan(deadline);
                scan.waitFor(20, TimeUnit.MILLISECONDS);
            }
        } finally {
            scan.destroyForcibly(); // SIGKILL
            scan.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(scan.exitValue()).isEqualTo(137);
        if (backend == StoreBackend.SQLITE) {
            try (Connection c = DATABASES.connect(backend, dir);
                 Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                r.next();
                assertThat(r.getString(1)).isEqualTo("ok");
            }
        }
        long stored = count("SELECT count(*) FROM scan_host");
        assertThat(stored).isGreaterThanOrEqualTo(10);

        List<String> history = netsweep("history", "--db", db, "-o", "json");
        assertThat(history).singleElement().asString().contains("\"status\":\"incomplete\"")
                .contains("\"hosts_up\":" + stored);
        List<String> shown = netsweep("show", "1", "--db", db);
        assertThat(String.join("\n", shown)).contains("127.0.0.1").contains(ScanReplay.INCOMPLETE);
    }

    private List<String> netsweep(String... args) throws Exception {
        Process p = new ProcessBuilder(NetsweepCommand.of(args)).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines().toList());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join("\n", lines)).isIn(0, 1);
        return lines;
    }
}
