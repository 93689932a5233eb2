package io.netsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer keeps a row number only for the hosts in flight: a finished host leaves its map, so a scan of many
 * hosts costs the writer memory for those being scanned, not for all it has seen; and what it wrote is whole.
 */
class HostsInFlightTest {
    private static final int HOSTS = 4096;
    private static final int PER_BATCH = 512;

    @TempDir
    Path dir;

    private static InetAddress ip(int i) {
        try {
            return InetAddress.getByAddress(new byte[] {10, 7, (byte) (i >> 8), (byte) i});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void finishedHostsLeaveTheWritersMapAndEveryHostIsStoredWhole() throws Exception {
        Instant at = Instant.parse("2026-12-07T10:00:00Z");
        SqliteScanStore store = StoreFixture.open(dir);
        InetAddress slow = ip(HOSTS);
        long id;
        try (ScanWriter w = store.begin(new ScanHeader("cli", "netsweep -p 22 10.7.0.0/20", "10.7.0.0/20",
                "10.7.0.0-10.7.16.0", HOSTS + 1, "22", Optional.of("none"), at), 1, Optional.empty())) {
            JdbcScanWriter writer = (JdbcScanWriter) w;
            id = w.scanId();
            for (int first = 0; first < HOSTS; first += PER_BATCH) {
                List<Observation> batch = new ArrayList<>();
                if (first == 0) {
                    // One host stays in flight across batches: reported now, its port and its end later.
                    batch.add(new Observation.HostSeen(slow, true, Optional.of("user-set"), Optional.empty(),
                            Optional.empty(), Optional.empty()));
                }
                if (first == HOSTS / 2) {
                    batch.add(new Observation.PortSeen(slow, 53, PortState.OPEN, "domain", "udp-response",
                            Optional.empty(), Protocol.UDP));
                }
                for (int i = first; i < first + PER_BATCH; i++) {
                    batch.add(new Observation.HostSeen(ip(i), true, Optional.of("user-set"), Optional.empty(),
                            Optional.empty(), Optional.empty()));
                    batch.add(new Observation.PortSeen(ip(i), 22, PortState.OPEN, "ssh", "syn-ack", Optional.empty()));
                    batch.add(new Observation.HostDone(ip(i), new PortCounts(0, 0, 0)));
                }
                w.write(batch);
                assertThat(writer.hostsInFlight()).as("after hosts %d-%d", first, first + PER_BATCH - 1).isEqualTo(1);
            }
            // Out of the event order, a port of a host finished in an earlier transaction: still that host's.
            w.write(List.of(new Observation.PortSeen(ip(0), 80, PortState.OPEN, "http", "syn-ack", Optional.empty())));
            assertThat(writer.hostsInFlight()).isEqualTo(1);
            w.write(List.of(new Observation.HostDone(slow, new PortCounts(0, 3, 0, 1)),
                    new Observation.ScanEnded(ScanStatus.FINISHED, Optional.empty(), at.plusSeconds(60), HOSTS + 1,
                            HOSTS + 1, OptionalLong.of(HOSTS + 1))));
            assertThat(writer.hostsInFlight()).isZero();
        }
        StoredScan scan = store.load(id).orElseThrow();
        assertThat(scan.hosts()).hasSize(HOSTS + 1).allSatisfy(h -> assertThat(h.completed()).isTrue());
        assertThat(scan.hosts().stream().filter(h -> h.address().equals(ip(0))).findFirst().orElseThrow().ports())
                .extracting(p -> p.port() + "/" + p.protocol().label()).containsExactlyInAnyOrder("22/tcp", "80/tcp");
        assertThat(scan.hosts()).filteredOn(h -> !h.address().equals(slow) && !h.address().equals(ip(0))).allSatisfy(h ->
                assertThat(h.ports()).extracting(p -> p.port() + "/" + p.protocol().label()).containsExactly("22/tcp"));
        StoredScan.Host last = scan.hosts().stream().filter(h -> h.address().equals(slow)).findFirst().orElseThrow();
        assertThat(last.ports()).extracting(p -> p.port() + "/" + p.protocol().label()).containsExactly("53/udp");
        assertThat(last.notShown()).isEqualTo(new PortCounts(0, 3, 0, 1));
    }
}
