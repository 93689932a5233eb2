package io.netsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.port.PortSet;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanSummary;
import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction of the recorder gathers the events that come after its first one, until the scan ends: a scan whose
 * hosts come one at a time is written in one transaction rather than one per host, and loses nothing.
 */
class ScanRecorderGatherTest {
    private static final int HOSTS = 30;
    private static final Instant T0 = Instant.parse("2026-12-07T21:00:00Z");

    @TempDir
    Path dir;

    @Test
    void hostsThatComeOneAtATimeGoInOneTransactionUntilTheScanEnds() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        try (JdbcScanStore store = StoreFixture.open(dir)) {
            ScanRequest request = ScanRequest.builder(TargetSet.of("10.9.1.1-10.9.1.30"), PortSet.of(22)).build();
            // A gathering time no test run reaches: only the scan's end closes the transaction.
            ScanRecorder recorder = new ScanRecorder(() -> StoreFixture.beforeEachWrite(store, writes::incrementAndGet), request, "cli", "10.9.1.1-30",
                    Optional.empty(), InstantSource.system(), Duration.ofHours(1));
            recorder.start();
            recorder.onEvent(new ScanEvent.Started(T0, "netsweep 10.9.1.1-30", HOSTS, PortSet.of(22),
                    DiscoveryMethod.NONE));
            for (int h = 1; h <= HOSTS; h++) {
                InetAddress a = StoreFixture.ip("10.9.1." + h);
                recorder.onEvent(new ScanEvent.HostUp(HostInfo.assumedUp(a)));
                recorder.onEvent(new ScanEvent.HostCompleted(a));
                Thread.sleep(5); // hosts one at a time, as a slow scan finds them
            }
            recorder.onEvent(new ScanEvent.Finished(new ScanSummary(T0, T0.plusSeconds(1), HOSTS, HOSTS, HOSTS, 0)));
            assertThat(recorder.await(Duration.ofSeconds(60))).isEmpty();
            assertThat(writes).hasValue(1);
            StoredScan s = store.load(recorder.scanId().orElseThrow()).orElseThrow();
            assertThat(s.entry().status()).isEqualTo(ScanStatus.FINISHED);
            assertThat(s.hosts()).hasSize(HOSTS).allSatisfy(h -> assertThat(h.completed()).isTrue());
        }
    }
}
