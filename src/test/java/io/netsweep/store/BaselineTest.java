package io.netsweep.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.store.StoreFixture.ScanBuilder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approved baselines in a real SQLite store: one per target set and ports, replaced by a new approval, never pruned. */
class BaselineTest {
    @TempDir
    Path dir;

    private static long scan(SqliteScanStore store, String ports) throws StoreException {
        ScanBuilder b = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 22, "ssh").done("10.0.0.5", 1);
        b.ports = ports;
        return b.write(store);
    }

    @Test
    void anApprovalIsFoundByItsTargetsAndPortsAndReplacedByTheNext() throws Exception {
        SqliteScanStore store = StoreFixture.open(dir);
        long first = scan(store, "22");
        long other = scan(store, "1-1024");
        long second = scan(store, "22");
        String key = store.load(first).orElseThrow().entry().targetKey();
        assertThat(store.baseline(key, "22")).isEmpty();

        Baseline b = store.approve(first);
        assertThat(b.scanId()).isEqualTo(first);
        assertThat(store.baseline(key, "22")).map(Baseline::scanId).contains(first);
        assertThat(store.baseline(key, "1-1024")).as("other ports, other baseline").isEmpty();
        assertThat(store.baseline("10.0.1.1", "22")).as("other targets").isEmpty();

        store.approve(other);
        store.approve(second);
        assertThat(store.baseline(key, "22")).map(Baseline::scanId).contains(second);
        assertThat(store.baseline(key, "1-1024")).map(Baseline::scanId).contains(other);
    }

    @Test
    void onlyAFinishedScanCanBeApproved() throws Exception {
        SqliteScanStore store = StoreFixture.open(dir);
        ScanHeader h = new ScanHeader("cli", "netsweep 10.0.0.5", "10.0.0.5", "10.0.0.5", 1, "22",
                Optional.empty(), java.time.Instant.parse("2026-12-01T10:00:00Z"));
        long cancelled;
        try (ScanWriter w = store.begin(h, ProcessHandle.current().pid(), Optional.empty())) {
            w.write(java.util.List.of(new Observation.ScanEnded(ScanStatus.CANCELLED, Optional.empty(),
                    h.startedAt().plusSeconds(1), 0, 0, OptionalLong.of(1))));
            cancelled = w.scanId();
        }
        assertThatThrownBy(() -> store.approve(cancelled)).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.problem()).isEqualTo(StoreException.Problem.NOT_FOUND);
            assertThat(e.getMessage()).contains("did not finish");
        });
        assertThatThrownBy(() -> store.approve(99)).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.problem()).isEqualTo(StoreException.Problem.NOT_FOUND));
        assertThat(store.baseline("10.0.0.5", "22")).isEmpty();
    }

    @Test
    void pruningKeepsAnApprovedBaselineAndItsHosts() throws Exception {
        SqliteScanStore store = StoreFixture.open(dir);
        long approved = scan(store, "22");
        store.approve(approved);
        long later = scan(store, "22");
        long latest = scan(store, "22");

        assertThat(store.prune(new PruneRule.KeepNewest(1))).containsExactly(later);
        assertThat(store.history()).extracting(ScanEntry::id).containsExactly(approved, latest);
        assertThat(store.prune(new PruneRule.StartedBefore(java.time.Instant.parse("2030-01-01T00:00:00Z"))))
                .containsExactly(latest);
        assertThat(store.load(approved).orElseThrow().hosts()).singleElement()
                .satisfies(host -> assertThat(host.hostId()).isPresent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("netsweep.db"));
             Statement s = c.createStatement(); var r = s.executeQuery("SELECT count(*) FROM host")) {
            r.next();
            assertThat(r.getInt(1)).as("the baseline's host stays in the inventory").isEqualTo(1);
        }
    }
}
