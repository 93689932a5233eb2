package io.netsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A scan written by another machine (a shard in another pod), SQLite and PostgreSQL: running while its writer's
 * heartbeat is recent, incomplete once it is older than three intervals, running again when its writer says it is
 * alive; a scan of this machine is judged by its process, as before; an ended scan is what it ended as.
 */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class ScanElsewhereTest {
    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @Parameter
    StoreBackend backend;

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(Instant.parse("2026-12-07T14:00:00Z").toEpochMilli());
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());

    private JdbcScanStore open() throws StoreException {
        return switch (backend) {
            case SQLITE -> SqliteScanStore.open(dir.resolve("netsweep.db"), StoreFixture.cache(), clock);
            case POSTGRESQL -> PostgresScanStore.open(PostgresUrl.parse(DATABASES.location(backend, dir)), v -> null,
                    clock);
        };
    }

    private static ScanHeader header() {
        return new ScanHeader("cli", "netsweep 10.0.0.5", "10.0.0.5", "10.0.0.5", 1, "22", Optional.empty(),
                Instant.parse("2026-12-07T14:00:00Z"));
    }

    /** The scan as another machine wrote it: its host's name and, as that machine's, a pid meaningless here. */
    private void elsewhere(long id) throws Exception {
        try (Connection c = DATABASES.connect(backend, dir);
             PreparedStatement p = c.prepareStatement("UPDATE scan SET writer_host = 'netsweep-scan-2-x7k2q',"
                     + " writer_pid = 1 WHERE id = ?")) {
            p.setLong(1, id);
            assertThat(p.executeUpdate()).isEqualTo(1);
        }
    }

    private static ScanStatus status(ScanStore store, long id) throws StoreException {
        return store.history().stream().filter(e -> e.id() == id).findFirst().orElseThrow().status();
    }

    private void advance(long seconds) {
        now.addAndGet(seconds * 1000);
    }

    @Test
    void aScanOfAnotherMachineRunsWhileItsHeartbeatIsRecent() throws Exception {
        JdbcScanStore store = open();
        try (ScanWriter w = store.begin(header(), ProcessHandle.current().pid(), Optional.empty())) {
            elsewhere(w.scanId());
            assertThat(status(store, w.scanId())).isEqualTo(ScanStatus.RUNNING);
            advance(WriterLiveness.STALE.toSeconds());
            assertThat(status(store, w.scanId())).as("three intervals without a heartbeat")
                    .isEqualTo(ScanStatus.RUNNING);
            advance(1);
            assertThat(status(store, w.scanId())).as("older than three intervals").isEqualTo(ScanStatus.INCOMPLETE);
            w.heartbeat();
            assertThat(status(store, w.scanId())).isEqualTo(ScanStatus.RUNNING);
            advance(25);
            w.write(List.of(new Observation.HostSeen(StoreFixture.ip("10.0.0.5"), true, Optional.of("syn-ack"),
                    Optional.empty(), Optional.empty(), Optional.empty()))); // a batch is a heartbeat too
            advance(25);
            assertThat(status(store, w.scanId())).isEqualTo(ScanStatus.RUNNING);
            assertThat(store.load(w.scanId()).orElseThrow().entry().status()).isEqualTo(ScanStatus.RUNNING);
            advance(31);
            assertThat(status(store, w.scanId())).isEqualTo(ScanStatus.INCOMPLETE);
            w.write(List.of(new Observation.ScanEnded(ScanStatus.FINISHED, Optional.empty(),
                    Instant.ofEpochMilli(now.get()), 1, 0, OptionalLong.of(2))));
            advance(3600);
            assertThat(status(store, w.scanId())).as("an ended scan").isEqualTo(ScanStatus.FINISHED);
        }
    }

    @Test
    void aScanOfThisMachineIsJudgedByItsProcessWhateverItsHeartbeat() throws Exception {
        JdbcScanStore store = open();
        try (ScanWriter w = store.begin(header(), ProcessHandle.current().pid(), Optional.empty())) {
            advance(3600);
            assertThat(status(store, w.scanId())).as("this process writes it").isEqualTo(ScanStatus.RUNNING);
        }
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (ScanWriter w = store.begin(header(), gone.pid(), Optional.empty())) {
            assertThat(status(store, w.scanId())).as("its process is gone, its heartbeat fresh")
                    .isEqualTo(ScanStatus.INCOMPLETE);
        }
    }
}
