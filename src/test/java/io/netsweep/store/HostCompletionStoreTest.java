package io.netsweep.store;

import static io.netsweep.store.StoreFixture.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.scan.PortCounts;
import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A host's completion (its counts of ports probed but not shown) in a real store: written with the host's row when
 * both are in one batch (the row written once, PostgreSQL's by {@code COPY} as it is new), set on the row of an
 * earlier batch otherwise, and kept when the host is reported again after it in that batch.
 */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class HostCompletionStoreTest {
    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @Parameter
    StoreBackend backend;

    @TempDir
    Path dir;

    /** More than {@link JdbcScanWriter#INSERT_NEW_AT_LEAST}, so that PostgreSQL's batch goes by COPY. */
    private static final int MANY = 2 * JdbcScanWriter.INSERT_NEW_AT_LEAST + 3;

    private static ScanHeader header() {
        return new ScanHeader("cli", "netsweep 10.2.0.0/22", "10.2.0.0/22", "10.2.0.0-10.2.3.255", 1024, "22",
                Optional.of("icmp-raw"), Instant.parse("2026-12-07T10:00:00Z"));
    }

    private static String address(int i) {
        return "10.2." + (i / 250) + "." + (i % 250 + 1);
    }

    private static Observation.HostSeen host(int i, boolean up) {
        return new Observation.HostSeen(ip(address(i)), up, up ? Optional.of("echo-reply") : Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Observation.HostDone done(int i) {
        return new Observation.HostDone(ip(address(i)), new PortCounts(0, i, i % 2, 0));
    }

    private static Observation.ScanEnded ended() {
        return new Observation.ScanEnded(ScanStatus.FINISHED, Optional.empty(), Instant.parse("2026-12-07T10:01:00Z"),
                0, 0, OptionalLong.of(1));
    }

    private static void assertCompleted(StoredScan.Host h, int i) {
        assertThat(h.address()).isEqualTo(ip(address(i)));
        assertThat(h.completed()).as(address(i)).isTrue();
        assertThat(h.notShown()).as(address(i)).isEqualTo(new PortCounts(0, i, i % 2, 0));
    }

    @Test
    void hostsReportedAndCompletedInOneBatchAreWrittenOnceCompleted() throws Exception {
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
        List<Observation> batch = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            batch.add(host(i, i % 3 == 0));
            batch.add(done(i));
            if (i % 5 == 0) {
                batch.add(host(i, i % 3 == 0)); // reported again after it completed: still completed
            }
        }
        batch.add(ended());
        long id;
        try (ScanWriter w = store.begin(header(), ProcessHandle.current().pid(), Optional.empty())) {
            w.write(batch);
            id = w.scanId();
        }
        List<StoredScan.Host> hosts = store.load(id).orElseThrow().hosts();
        assertThat(hosts).hasSize(MANY);
        for (int i = 0; i < MANY; i++) {
            assertCompleted(hosts.get(i), i);
        }
        if (backend == StoreBackend.POSTGRESQL) {
            // Every row version is the one statement's that wrote the batch's rows: no UPDATE made new versions.
            assertThat(DATABASES.count(backend, dir, "SELECT count(DISTINCT cmin::text) FROM scan_host WHERE scan_id = "
                    + id)).isEqualTo(1);
        }
    }

    @Test
    void aHostCompletedInALaterBatchIsCompletedAndKeepsItWhenReportedAgain() throws Exception {
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
        long id;
        try (ScanWriter w = store.begin(header(), ProcessHandle.current().pid(), Optional.empty())) {
            List<Observation> first = new ArrayList<>();
            for (int i = 0; i < MANY; i++) {
                first.add(host(i, true));
            }
            w.write(first);
            // The first half completes now, the second half is completed and then reported again in this batch.
            List<Observation> second = new ArrayList<>();
            for (int i = 0; i < MANY; i++) {
                second.add(done(i));
                if (i >= MANY / 2) {
                    second.add(host(i, true));
                }
            }
            w.write(second);
            // A host reported after a later batch than the one that finished it would be a new sighting of it (the
            // writer keeps no row number of a finished host): scans never report one, so the test does not either.
            w.write(List.of(ended()));
            id = w.scanId();
        }
        List<StoredScan.Host> hosts = store.load(id).orElseThrow().hosts();
        assertThat(hosts).hasSize(MANY);
        for (int i = 0; i < MANY; i++) {
            assertCompleted(hosts.get(i), i);
        }
    }
}
