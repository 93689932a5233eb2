package io.netsweep.store;

import static io.netsweep.store.StoreFixture.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
import io.netsweep.scan.ScanEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The store keeps a port's protocol (schema V5), SQLite and PostgreSQL: 53/tcp and 53/udp of one host are two ports in
 * the store, replay, diff and hosts.
 */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class UdpStoreTest {
    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @Parameter
    StoreBackend backend;

    @TempDir
    Path dir;

    private static long write(ScanStore store, Instant at, String ports, List<Observation> observations)
            throws StoreException {
        ScanHeader h = new ScanHeader("cli", "netsweep -sS -sU 10.0.0.5", "10.0.0.5", "10.0.0.5", 1, ports,
                Optional.of("icmp-raw"), at);
        try (ScanWriter w = store.begin(h, ProcessHandle.current().pid(), Optional.empty())) {
            List<Observation> all = new ArrayList<>(observations);
            all.add(new Observation.ScanEnded(ScanStatus.FINISHED, Optional.empty(), at.plusSeconds(5), 1, 2,
                    OptionalLong.of(10)));
            w.write(all);
            return w.scanId();
        }
    }

    private static Observation port(int port, PortState state, Protocol protocol) {
        return new Observation.PortSeen(ip("10.0.0.5"), port, state, port == 53 ? "domain" : "ntp",
                state == PortState.OPEN ? "udp-response" : "no-response", Optional.empty(), protocol);
    }

    private static List<Observation> host() {
        return new ArrayList<>(List.of(new Observation.HostSeen(ip("10.0.0.5"), true, Optional.of("arp"),
                Optional.empty(), Optional.of("02:00:00:00:00:05"), Optional.empty())));
    }

    @Test
    void tcpAndUdpPortsOfOneNumberAreStoredAndReplayedApart() throws Exception {
        try (JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir)) {
            List<Observation> obs = host();
            obs.add(port(53, PortState.OPEN, Protocol.TCP));
            obs.add(port(53, PortState.OPEN, Protocol.UDP));
            obs.add(port(123, PortState.OPEN_FILTERED, Protocol.UDP));
            obs.add(new Observation.HostDone(ip("10.0.0.5"), new PortCounts(0, 97, 0, 3)));
            long id = write(store, Instant.parse("2026-12-01T10:00:00Z"), StoredPorts.format(
                    io.netsweep.port.PortSet.of(53), io.netsweep.port.PortSet.of(53, 123)), obs);
            StoredScan scan = store.load(id).orElseThrow();
            assertThat(scan.entry().ports()).isEqualTo("53,U:53,123");
            StoredScan.Host h = scan.hosts().getFirst();
            assertThat(h.ports()).extracting(p -> p.port() + "/" + p.protocol().label() + " " + p.state().label())
                    .containsExactlyInAnyOrder("53/tcp open", "53/udp open", "123/udp open|filtered");
            assertThat(h.notShown()).isEqualTo(new PortCounts(0, 97, 0, 3));

            List<ScanEvent> replayed = new ArrayList<>();
            ScanReplay.replay(scan, replayed::add);
            ScanEvent.Started started = (ScanEvent.Started) replayed.getFirst();
            assertThat(started.ports()).isEqualTo(io.netsweep.port.PortSet.of(53));
            assertThat(started.udpPorts()).isEqualTo(io.netsweep.port.PortSet.of(53, 123));
            assertThat(replayed.stream().filter(e -> e instanceof ScanEvent.PortObserved)
                    .map(e -> (ScanEvent.PortObserved) e).map(p -> p.port() + "/" + p.protocol().label()))
                    .containsExactlyInAnyOrder("53/tcp", "53/udp", "123/udp");
            assertThat(replayed).contains(new ScanEvent.HostCompleted(ip("10.0.0.5"), new PortCounts(0, 97, 0, 3)));
        }
    }

    @Test
    void aUdpPortThatClosedIsADiffLineOfItsOwnAndHostsListItWithItsProtocol() throws Exception {
        try (JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir)) {
            String ports = StoredPorts.format(io.netsweep.port.PortSet.of(53), io.netsweep.port.PortSet.of(53));
            List<Observation> before = host();
            before.add(port(53, PortState.OPEN, Protocol.TCP));
            before.add(port(53, PortState.OPEN, Protocol.UDP));
            long a = write(store, Instant.parse("2026-12-01T10:00:00Z"), ports, before);
            List<Observation> after = host();
            after.add(port(53, PortState.OPEN, Protocol.TCP));
            after.add(port(53, PortState.OPEN_FILTERED, Protocol.UDP));
            long b = write(store, Instant.parse("2026-12-02T10:00:00Z"), ports, after);

            ScanDiff diff = ScanDiff.of(store.load(a).orElseThrow(), store.load(b).orElseThrow());
            assertThat(diff.changes()).extracting(DiffFormat::line)
                    .containsExactly("- 10.0.0.5 53/udp open|filtered domain");
            // The store's own diff reads only what it compares: the protocol too.
            assertThat(store.diff(a, b).changes()).extracting(DiffFormat::line)
                    .containsExactly("- 10.0.0.5 53/udp open|filtered domain");

            List<InventoryHost> hosts = store.hosts(HostQuery.ALL);
            assertThat(hosts).singleElement().satisfies(h -> assertThat(h.openPorts())
                    .extracting(InventoryHost.OpenPort::label).containsExactly("53/tcp"));
            long hostId = hosts.getFirst().id();
            HostTimeline t = store.timeline(hostId, 10).orElseThrow();
            assertThat(t.sightings().getLast().openPorts()).extracting(InventoryHost.OpenPort::label)
                    .containsExactly("53/tcp", "53/udp");
        }
    }

    @Test
    void aPortReportedTwiceInOneBatchIsOneRowWithTheLaterStateAndManyPortsGoInOneBatch() throws Exception {
        JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir);
        List<Observation> batch = host();
        // 53/udp twice in a row (one multi-row INSERT would hold both), then more rows than one such INSERT holds
        batch.add(port(53, PortState.OPEN, Protocol.UDP));
        batch.add(port(53, PortState.OPEN_FILTERED, Protocol.UDP));
        for (int p = 1; p <= 1000; p++) {
            batch.add(port(p, PortState.CLOSED, Protocol.TCP));
        }
        batch.add(port(53, PortState.OPEN, Protocol.TCP)); // 53/tcp again, now open: the later report counts
        long id = write(store, Instant.parse("2026-12-07T10:00:00Z"), "1-1000,U:53", batch);
        StoredScan scan = store.load(id).orElseThrow();
        assertThat(scan.hosts()).singleElement().satisfies(h -> {
            assertThat(h.ports()).hasSize(1001);
            assertThat(h.port(Protocol.TCP, 53)).get().extracting(StoredScan.Port::state).isEqualTo(PortState.OPEN);
            assertThat(h.port(Protocol.UDP, 53)).get().extracting(StoredScan.Port::state)
                    .isEqualTo(PortState.OPEN_FILTERED);
            assertThat(h.port(Protocol.TCP, 54)).get().extracting(StoredScan.Port::state).isEqualTo(PortState.CLOSED);
        });
    }
}
