package io.netsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.portscan.ScanType;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanSummary;
import io.netsweep.store.StoreFixture.ScanBuilder;
import io.netsweep.target.TargetSet;
import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scan type (schema V4) in a real store, SQLite and PostgreSQL: written from the scan's started event, read back
 * by history and replay; scans stored before V4 have none and replay as connect scans.
 */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class ScanTypeStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @Parameter
    StoreBackend backend;

    @TempDir
    Path dir;

    /** Records a one-host scan that started as {@code type}, through the recorder a live scan has; its id. */
    private long record(JdbcScanStore store, ScanType type) throws Exception {
        InetAddress a = StoreFixture.ip("10.7.0.1");
        ScanRequest request = ScanRequest.builder(TargetSet.of("10.7.0.1"), PortSet.of(22)).build();
        ScanRecorder recorder = new ScanRecorder(() -> store, request, "cli", "10.7.0.1", InstantSource.system());
        recorder.start();
        recorder.onEvent(new ScanEvent.Started(T0, "netsweep -s" + (type == ScanType.SYN ? "S" : "T") + " 10.7.0.1",
                1, PortSet.of(22), DiscoveryMethod.NONE, type, false));
        recorder.onEvent(new ScanEvent.HostUp(new HostInfo(a, "user-set", Optional.empty(), Optional.empty(),
                Optional.empty())));
        recorder.onEvent(new ScanEvent.PortObserved(a, 22, PortState.OPEN, "ssh", "syn-ack", Optional.empty()));
        recorder.onEvent(new ScanEvent.HostCompleted(a));
        recorder.onEvent(new ScanEvent.Finished(new ScanSummary(T0, T0.plusSeconds(1), 1, 1, 1, 1)));
        assertThat(recorder.await(Duration.ofSeconds(60))).isEmpty();
        return recorder.scanId().orElseThrow();
    }

    private static ScanEvent.Started replayedStart(StoredScan scan) {
        List<ScanEvent> events = new ArrayList<>();
        ScanReplay.replay(scan, events::add);
        return (ScanEvent.Started) events.getFirst();
    }

    @Test
    void aSynScanIsStoredAsOneAndReplaysAsOne() throws Exception {
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
        long syn = record(store, ScanType.SYN);
        long connect = record(store, ScanType.CONNECT);
        assertThat(store.history()).extracting(ScanEntry::scanType)
                .containsExactly(Optional.of(ScanType.SYN), Optional.of(ScanType.CONNECT));
        assertThat(replayedStart(store.load(syn).orElseThrow()).scanType()).isEqualTo(ScanType.SYN);
        assertThat(replayedStart(store.load(connect).orElseThrow()).scanType()).isEqualTo(ScanType.CONNECT);
        assertThat(DATABASES.count(backend, dir, "SELECT count(*) FROM scan WHERE scan_type = 'syn'")).isEqualTo(1);
    }

    @Test
    void aScanStoredBeforeTheScanTypeWasKeptHasNoneAndReplaysAsAConnectScan() throws Exception {
        switch (backend) {
            case SQLITE -> SqliteScanStore.open(dir.resolve("netsweep.db"), StoreFixture.cache(), InstantSource.system(), 3);
            case POSTGRESQL -> PostgresScanStore.open(PostgresUrl.parse(DATABASES.location(backend, dir)), v -> null,
                    InstantSource.system(), 3);
        }
        long old;
        try (java.sql.Connection c = DATABASES.connect(backend, dir)) {
            old = StoreFixture.writeAsAnOldNetsweep(c); // as netsweep wrote it before V4
        }
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
        long syn = record(store, ScanType.SYN);
        assertThat(store.load(old).orElseThrow().entry().scanType()).isEmpty();
        assertThat(replayedStart(store.load(old).orElseThrow()).scanType()).isEqualTo(ScanType.CONNECT);
        assertThat(store.load(syn).orElseThrow().entry().scanType()).contains(ScanType.SYN);
    }
}
