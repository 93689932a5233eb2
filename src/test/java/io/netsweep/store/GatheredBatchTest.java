package io.netsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanSummary;
import io.netsweep.target.TargetSet;
import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Into PostgreSQL, the recorder gathers events that follow each other closely into one batch
 * ({@link ScanWriter#gather}) rather than writing what had queued when the first of them woke it: a fast scan's
 * rows go in fewer, larger transactions.
 */
class GatheredBatchTest {
    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-12-07T20:00:00Z");
    private static final int PORTS = 3000;

    @Test
    void aBurstOfEventsIsWrittenInOneTransaction() throws Exception {
        try (JdbcScanStore store = StoreFixture.open(DATABASES, StoreBackend.POSTGRESQL, dir)) {
            InetAddress a = StoreFixture.ip("10.9.1.1");
            ScanRequest request = ScanRequest.builder(TargetSet.of("10.9.1.1"), PortSet.range(1, PORTS)).build();
            ScanRecorder recorder = new ScanRecorder(() -> store, request, "cli", "10.9.1.1", InstantSource.system());
            recorder.start();
            recorder.onEvent(new ScanEvent.Started(T0, "netsweep -p 1-3000 10.9.1.1", 1, PortSet.range(1, PORTS),
                    DiscoveryMethod.NONE));
            assertThat(recorder.awaitScanId(Duration.ofSeconds(60))).as("the scan's row").isPresent();
            // The writer now waits for the next event: the first part wakes it, the second comes once it has taken
            // the first (written at once, the two would be two transactions).
            recorder.onEvent(new ScanEvent.HostUp(new HostInfo(a, "user-set", Optional.empty(), Optional.empty(),
                    Optional.empty())));
            for (int p = 1; p <= PORTS; p++) {
                recorder.onEvent(new ScanEvent.PortObserved(a, p, PortState.CLOSED, "unknown", "reset",
                        Optional.empty()));
                if (p == PORTS / 2) {
                    while (recorder.queued() > 0) {
                        Thread.onSpinWait();
                    }
                }
            }
            recorder.onEvent(new ScanEvent.HostCompleted(a));
            recorder.onEvent(new ScanEvent.Finished(new ScanSummary(T0, T0.plusSeconds(1), 1, 1, 0, PORTS)));
            assertThat(recorder.await(Duration.ofSeconds(60))).isEmpty();
        }
        assertThat(DATABASES.count(StoreBackend.POSTGRESQL, dir, "SELECT count(*) FROM scan_port")).isEqualTo(PORTS);
        assertThat(DATABASES.count(StoreBackend.POSTGRESQL, dir, "SELECT count(DISTINCT xmin::text) FROM scan_port"))
                .as("transactions that wrote the ports").isEqualTo(1);
    }
}
