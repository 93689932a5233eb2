package io.netsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.discovery.MacAddress;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two scanners storing into one database at once (two {@link ScanRecorder}s, each with a store of its own, as two
 * netsweep processes have): every port of both scans is stored, and each host they both saw is one host of the
 * inventory, however their transactions interleave.
 */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class ConcurrentWritersTest {
    private static final int HOSTS = 40;
    private static final int PORTS = 250; // 10,000 ports per scan: several of the recorder's batches
    private static final Instant T0 = Instant.parse("2026-12-07T04:00:00Z");

    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @Parameter
    StoreBackend backend;

    @TempDir
    Path dir;

    /** One scan of the shared hosts: even ones with a MAC (so identified by it), odd ones by address. */
    private static List<ScanEvent> scan(int firstPort) {
        List<ScanEvent> events = new ArrayList<>();
        events.add(new ScanEvent.Started(T0, "netsweep 10.9.0.1-40", HOSTS, PortSet.of(firstPort), DiscoveryMethod.NONE));
        for (int h = 1; h <= HOSTS; h++) {
            InetAddress a = StoreFixture.ip("10.9.0." + h);
            Optional<MacAddress> mac = h % 2 == 0
                    ? Optional.of(MacAddress.parse(String.format("02:00:00:00:09:%02x", h))) : Optional.empty();
            events.add(new ScanEvent.HostUp(new HostInfo(a, "arp", Optional.empty(), mac, Optional.empty())));
            for (int p = firstPort; p < firstPort + PORTS; p++) {
                events.add(new ScanEvent.PortObserved(a, p, PortState.OPEN, "unknown", "syn-ack", Optional.empty()));
            }
            events.add(new ScanEvent.HostCompleted(a));
        }
        events.add(new ScanEvent.Finished(new ScanSummary(T0, T0.plusSeconds(5), HOSTS, HOSTS, HOSTS * PORTS,
                HOSTS * PORTS)));
        return events;
    }

    @Test
    void twoScannersWritingAtOnceLoseNothingAndShareTheirHosts() throws Exception {
        StoreFixture.open(DATABASES, backend, dir).close(); // made first: what is tested is writing, not creating
        int[] firstPorts = {1000, 20000};
        CyclicBarrier together = new CyclicBarrier(firstPorts.length);
        List<Optional<StoreException>> failures = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<Thread> scanners = new ArrayList<>();
        for (int firstPort : firstPorts) {
            scanners.add(Thread.ofPlatform().start(() -> {
                try (JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir)) {
                    ScanRequest request = ScanRequest.builder(TargetSet.of("10.9.0.1-10.9.0.40"),
                            PortSet.of(firstPort)).build();
                    ScanRecorder recorder = new ScanRecorder(() -> store, request, "cli", "10.9.0.1-40",
                            InstantSource.system());
                    together.await(30, TimeUnit.SECONDS);
                    recorder.start();
                    scan(firstPort).forEach(recorder::onEvent);
                    Optional<StoreException> failure = recorder.await(Duration.ofSeconds(120));
                    synchronized (failures) {
                        failures.add(failure);
                        ids.add(recorder.scanId().orElseThrow());
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(Optional.of(new StoreException(StoreException.Problem.IO, e.toString(), e)));
                    }
                }
            }));
        }
        for (Thread t : scanners) {
            t.join(TimeUnit.MINUTES.toMillis(3));
        }
        assertThat(failures).hasSize(2).allSatisfy(f -> assertThat(f).isEmpty());
        try (JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir)) {
            for (int i = 0; i < ids.size(); i++) {
                StoredScan s = store.load(ids.get(i)).orElseThrow();
                assertThat(s.entry().status()).isEqualTo(ScanStatus.FINISHED);
                assertThat(s.hosts()).hasSize(HOSTS).allSatisfy(h -> {
                    assertThat(h.ports()).hasSize(PORTS);
                    assertThat(h.completed()).isTrue();
                });
            }
            assertThat(store.hosts(HostQuery.ALL)).hasSize(HOSTS).allSatisfy(h -> assertThat(h.scans()).isEqualTo(2));
        }
        assertThat(DATABASES.count(backend, dir, "SELECT count(*) FROM scan_port")).isEqualTo(2L * HOSTS * PORTS);
    }
}
