package io.netsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.port.PortSet;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanSummary;
import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever learns from a listener behind the recorder ({@link ScanRecorder#then}) that a scan ended finds the whole
 * scan in the store: an MCP tool that answers "finished" and then reads the scan's findings, a page that shows a
 * scan ended and then asks the store for it. The store here is real and slow (each transaction held back), so the
 * end of the scan reaches the listener while the store is still writing unless the recorder waits for it.
 */
class StoredBeforeToldTest {
    private static final int HOSTS = 5;
    private static final Instant T0 = Instant.parse("2026-12-07T23:30:00Z");

    @TempDir
    Path dir;

    /** The real store, each transaction held back {@code delay} before it is written. */
    private static ScanStore slow(ScanStore store, Duration delay) {
        return StoreFixture.beforeEachWrite(store, () -> Thread.sleep(delay));
    }

    @Test
    void theEndOfAScanIsToldOnceTheStoreHoldsAllOfIt() throws Exception {
        try (JdbcScanStore store = StoreFixture.open(dir)) {
            ScanRequest request = ScanRequest.builder(TargetSet.of("10.9.2.1-10.9.2.5"), PortSet.of(22)).build();
            ScanRecorder recorder = new ScanRecorder(() -> slow(store, Duration.ofMillis(300)), request, "mcp",
                    "10.9.2.1-5", Optional.empty(), InstantSource.system(), Duration.ofMillis(1));
            recorder.start();
            List<String> seenAtEnd = new ArrayList<>();
            ScanListener told = recorder.then(event -> {
                if (event instanceof ScanEvent.Finished) {
                    try {
                        StoredScan s = store.load(recorder.scanId().orElseThrow()).orElseThrow();
                        seenAtEnd.add(s.entry().status() + " " + s.hosts().size() + " hosts");
                    } catch (StoreException e) {
                        throw new AssertionError(e);
                    }
                }
            }, Duration.ofSeconds(60));
            told.onEvent(new ScanEvent.Started(T0, "netsweep 10.9.2.1-5", HOSTS, PortSet.of(22), DiscoveryMethod.NONE));
            assertThat(recorder.awaitScanId(Duration.ofSeconds(60))).isPresent(); // numbered, as the MCP server waits
            for (int h = 1; h <= HOSTS; h++) {
                InetAddress a = StoreFixture.ip("10.9.2." + h);
                told.onEvent(new ScanEvent.HostUp(HostInfo.assumedUp(a)));
                told.onEvent(new ScanEvent.HostCompleted(a));
            }
            told.onEvent(new ScanEvent.Finished(new ScanSummary(T0, T0.plusSeconds(1), HOSTS, HOSTS, HOSTS, 0)));
            assertThat(seenAtEnd).containsExactly("FINISHED " + HOSTS + " hosts");
        }
    }

    @Test
    void aStoreThatDoesNotFinishInTimeDoesNotHideTheEnd() throws Exception {
        try (JdbcScanStore store = StoreFixture.open(dir)) {
            ScanRequest request = ScanRequest.builder(TargetSet.of("10.9.2.1"), PortSet.of(22)).build();
            ScanRecorder recorder = new ScanRecorder(() -> slow(store, Duration.ofSeconds(3)), request, "mcp",
                    "10.9.2.1", Optional.empty(), InstantSource.system(), Duration.ofMillis(1));
            recorder.start();
            List<String> told = new ArrayList<>();
            ScanListener listener = recorder.then(event -> {
                String still = "";
                if (event instanceof ScanEvent.Finished) {
                    try {
                        recorder.await(Duration.ZERO);
                    } catch (java.util.concurrent.TimeoutException e) {
                        still = " while the store writes";
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
                told.add(event.getClass().getSimpleName() + still);
            }, Duration.ofMillis(200));
            listener.onEvent(new ScanEvent.Started(T0, "netsweep 10.9.2.1", 1, PortSet.of(22), DiscoveryMethod.NONE));
            listener.onEvent(new ScanEvent.Finished(new ScanSummary(T0, T0.plusSeconds(1), 1, 0, 0, 0)));
            // Told after the bound, while the store still writes; the scan is stored whole once it has written.
            assertThat(told).containsExactly("Started", "Finished while the store writes");
            assertThat(recorder.await(Duration.ofSeconds(60))).isEmpty();
            assertThat(store.load(recorder.scanId().orElseThrow()).orElseThrow().entry().status())
                    .isEqualTo(ScanStatus.FINISHED);
        }
    }
}
