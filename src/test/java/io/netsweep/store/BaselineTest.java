package io.netsweep.store;

import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.store.StoreFixture.ScanBuilder;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approved baselines in a real store (SQLite and PostgreSQL): one per target set and ports, replaced by a new approval, never pruned. */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class BaselineTest {
    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @Parameter
    StoreBackend backend;

    @TempDir
    Path dir;

    private static long scan(JdbcScanStore store, String ports) throws StoreException {
        ScanBuilder b = new ScanBuilder().host("10.0.0.5", null).port("10.0.0.5", 22, "ssh").done("10.0.0.5", 1);
        b.ports = ports;
        return b.write(store);
    }

    @Test
    void anApprovalIsFoundByItsTargetsAndPortsAndReplacedByTheNext() throws Exception {
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
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

    /**
     * A target list of thousands of scattered addresses (a part of a scan sharded by address, a long list of
     * targets) is a key of tens of kilobytes, more than a b-tree entry of PostgreSQL may hold even compressed: such
     * a scan is stored since V9 and must be approvable too, and found by its key.
     */
    @Test
    void aScanOfThousandsOfScatteredTargetsIsApprovedAndFoundByItsLongKey() throws Exception {
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
        java.util.Random random = new java.util.Random(20261207);
        java.util.Set<String> addresses = new java.util.HashSet<>();
        while (addresses.size() < 4000) {
            addresses.add("10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254)));
        }
        String key = TargetKey.of(io.netsweep.target.TargetSet.of(addresses.toArray(String[]::new)));
        assertThat(key).as("a listed key, not a digest").doesNotContain("sha256:").hasSizeGreaterThan(40_000);
        ScanBuilder b = new ScanBuilder().host("10.0.0.5", null).done("10.0.0.5", 1);
        b.key = key;
        b.ports = "22";
        long first = b.write(store);
        long second = b.write(store);
        ScanBuilder shorter = new ScanBuilder().host("10.0.0.5", null).done("10.0.0.5", 1);
        shorter.key = key.substring(0, key.lastIndexOf(','));
        shorter.ports = "22";
        long other = shorter.write(store);

        assertThat(store.approve(first).targetKey()).isEqualTo(key);
        assertThat(store.baseline(key, "22")).map(Baseline::scanId).contains(first);
        store.approve(other);
        assertThat(store.baseline(key, "22")).as("a key one target shorter is another").map(Baseline::scanId)
                .contains(first);
        store.approve(second);
        assertThat(store.baseline(key, "22")).as("approving again replaces").map(Baseline::scanId).contains(second);
        assertThat(store.baseline(shorter.key, "22")).map(Baseline::scanId).contains(other);
        assertThat(DATABASES.count(backend, dir, "SELECT count(*) FROM baseline")).isEqualTo(2);
    }

    @Test
    void onlyAFinishedScanCanBeApproved() throws Exception {
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
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
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
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
        assertThat(DATABASES.count(backend, dir, "SELECT count(*) FROM host"))
                .as("the baseline's host stays in the inventory").isEqualTo(1);
    }
}
