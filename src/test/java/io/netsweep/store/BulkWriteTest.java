package io.netsweep.store;

import static io.netsweep.store.StoreFixture.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Batches of many hosts and ports, which PostgreSQL takes by {@code COPY} ({@link RowCopy}) and SQLite by its
 * upserts, store the same thing in both: what the network sent, whatever characters it holds, and a host or port
 * reported again in a later batch replaced by its last report, as the upsert replaces it.
 */
class BulkWriteTest {
    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @TempDir
    Path dir;

    /** More than {@link JdbcScanWriter#INSERT_NEW_AT_LEAST}, so that PostgreSQL's batches go by COPY. */
    private static final int MANY = 3 * JdbcScanWriter.INSERT_NEW_AT_LEAST;
    /** Characters COPY's text format gives a meaning, and others from afar. */
    private static final List<String> AWKWARD = List.of("tab\there", "line\nbreak", "carriage\rreturn", "back\\slash",
            "\\N", "\\.", "", "trailing\\", "ünïcödé ☃", "comma, \"quoted\"");

    private static ScanHeader header() {
        Instant at = Instant.parse("2026-12-07T10:00:00Z");
        return new ScanHeader("cli", "netsweep -p- 10.1.0.0/22", "10.1.0.0/22", "10.1.0.0-10.1.3.255", 1024, "1-65535",
                Optional.of("none"), at);
    }

    private static Observation.PortSeen port(String address, int port, PortState state, String service, String reason) {
        return new Observation.PortSeen(ip(address), port, state, service, reason, Optional.of(Duration.ofNanos(7000)),
                Protocol.TCP);
    }

    private static Observation.HostSeen host(String address, boolean up, String vendor) {
        return new Observation.HostSeen(ip(address), up, up ? Optional.of("echo-reply") : Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.ofNullable(vendor));
    }

    private static Observation.ScanEnded ended(long up, long open) {
        return new Observation.ScanEnded(ScanStatus.FINISHED, Optional.empty(), Instant.parse("2026-12-07T10:01:00Z"),
                up, open, OptionalLong.of(1));
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void awkwardTextInManyRowsComesBackAsItWasSent(StoreBackend backend) throws Exception {
        try (JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir)) {
            List<Observation> batch = new ArrayList<>();
            for (int i = 0; i < MANY; i++) {
                String awkward = AWKWARD.get(i % AWKWARD.size());
                String address = "10.1." + (i / 250) + "." + (i % 250 + 1);
                batch.add(host(address, i % 3 != 0, i % 3 == 1 ? awkward : null));
            }
            for (int port = 1; port <= MANY; port++) {
                String awkward = AWKWARD.get(port % AWKWARD.size());
                batch.add(port("10.1.0.1", port, PortState.CLOSED, awkward, "reason " + awkward));
            }
            batch.add(ended(MANY - MANY / 3, 0));
            long id;
            try (ScanWriter w = store.begin(header(), ProcessHandle.current().pid(), Optional.empty())) {
                w.write(batch);
                id = w.scanId();
            }
            StoredScan scan = store.load(id).orElseThrow();
            assertThat(scan.hosts()).hasSize(MANY);
            for (int i = 0; i < MANY; i++) {
                StoredScan.Host h = scan.hosts().get(i);
                assertThat(h.address()).isEqualTo(ip("10.1." + (i / 250) + "." + (i % 250 + 1)));
                assertThat(h.up()).isEqualTo(i % 3 != 0);
                assertThat(h.hostId().isPresent()).isEqualTo(i % 3 != 0);
                assertThat(h.vendor()).isEqualTo(i % 3 == 1 ? Optional.of(AWKWARD.get(i % AWKWARD.size()))
                        : Optional.empty());
            }
            List<StoredScan.Port> ports = scan.hosts().getFirst().ports();
            assertThat(ports).hasSize(MANY);
            for (StoredScan.Port p : ports) {
                String awkward = AWKWARD.get(p.port() % AWKWARD.size());
                assertThat(p.service()).isEqualTo(awkward);
                assertThat(p.reason()).isEqualTo("reason " + awkward);
                assertThat(p.state()).isEqualTo(PortState.CLOSED);
                assertThat(p.rtt()).contains(Duration.ofNanos(7000));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void hostsAndPortsReportedAgainInALaterBatchKeepTheirLastReport(StoreBackend backend) throws Exception {
        try (JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir)) {
            long id;
            try (ScanWriter w = store.begin(header(), ProcessHandle.current().pid(), Optional.empty())) {
                List<Observation> first = new ArrayList<>();
                for (int i = 0; i < MANY; i++) {
                    first.add(host("10.1." + (i / 250) + "." + (i % 250 + 1), false, null));
                }
                for (int port = 1; port <= MANY; port++) {
                    first.add(port("10.1.0.1", port, PortState.FILTERED, "first", "no-response"));
                }
                w.write(first);
                // The same keys again, and new ones beside them, in one batch: nothing of it may be lost.
                List<Observation> again = new ArrayList<>();
                for (int i = 0; i < MANY + 10; i++) {
                    again.add(host("10.1." + (i / 250) + "." + (i % 250 + 1), true, "vendor " + i));
                }
                for (int port = 1; port <= MANY + 10; port++) {
                    again.add(port("10.1.0.1", port, PortState.OPEN, "second", "syn-ack"));
                }
                again.add(ended(MANY + 10, MANY + 10));
                w.write(again);
                id = w.scanId();
            }
            StoredScan scan = store.load(id).orElseThrow();
            assertThat(scan.hosts()).hasSize(MANY + 10).allSatisfy(h -> {
                assertThat(h.up()).isTrue();
                assertThat(h.hostId()).isPresent();
                assertThat(h.vendor()).isPresent();
            });
            assertThat(scan.hosts().getFirst().ports()).hasSize(MANY + 10).allSatisfy(p -> {
                assertThat(p.state()).isEqualTo(PortState.OPEN);
                assertThat(p.service()).isEqualTo("second");
            });
            assertThat(scan.entry().status()).isEqualTo(ScanStatus.FINISHED);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void aPortOfAHostFinishedInAnEarlierBatchReplacesItsRowOrAddsOne(StoreBackend backend) throws Exception {
        try (JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir)) {
            long id;
            try (ScanWriter w = store.begin(header(), ProcessHandle.current().pid(), Optional.empty())) {
                w.write(List.of(host("10.1.0.1", true, null),
                        port("10.1.0.1", 22, PortState.OPEN, "ssh", "syn-ack"),
                        port("10.1.0.1", 80, PortState.OPEN, "http", "syn-ack"),
                        new Observation.HostDone(ip("10.1.0.1"), new io.netsweep.scan.PortCounts(0, 0, 0))));
                // Out of the event order: 22 again, and 443 new, after the host finished.
                w.write(List.of(port("10.1.0.1", 22, PortState.CLOSED, "ssh", "conn-refused"),
                        port("10.1.0.1", 443, PortState.OPEN, "https", "syn-ack"), ended(1, 2)));
                id = w.scanId();
            }
            assertThat(store.load(id).orElseThrow().hosts()).singleElement().satisfies(h ->
                    assertThat(h.ports()).extracting(p -> p.port() + " " + p.state().label())
                            .containsExactly("22 closed", "80 open", "443 open"));
        }
    }

    @org.junit.jupiter.api.Test
    void portsOfABatchThatFailedAreWrittenWhenSentAgain() throws Exception {
        // PostgreSQL's port rows have no unique key (V11): the writer knows what it wrote, and must forget what a
        // rolled-back transaction wrote, or the rows sent again would be taken for updates of rows that are not there.
        String database = DATABASES.database(dir);
        try (JdbcScanStore store = StoreFixture.open(DATABASES, StoreBackend.POSTGRESQL, dir)) {
            long id;
            try (ScanWriter w = store.begin(header(), ProcessHandle.current().pid(), Optional.empty())) {
                List<Observation> batch = new ArrayList<>();
                batch.add(host("10.1.0.1", true, null));
                for (int port = 1; port <= MANY; port++) {
                    batch.add(port("10.1.0.1", port, PortState.OPEN, "svc", "syn-ack"));
                }
                try (var c = DATABASES.server().connect(database); var s = c.createStatement()) {
                    s.execute("ALTER TABLE scan_port ADD CONSTRAINT refuse_ports CHECK (port < 0) NOT VALID");
                }
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.write(batch))
                        .isInstanceOf(StoreException.class);
                try (var c = DATABASES.server().connect(database); var s = c.createStatement()) {
                    s.execute("ALTER TABLE scan_port DROP CONSTRAINT refuse_ports");
                }
                w.write(batch);
                w.write(List.of(port("10.1.0.1", 7, PortState.CLOSED, "svc", "conn-refused"), ended(1, MANY - 1)));
                id = w.scanId();
            }
            assertThat(store.load(id).orElseThrow().hosts()).singleElement().satisfies(h -> {
                assertThat(h.ports()).hasSize(MANY);
                assertThat(h.ports()).filteredOn(p -> p.port() == 7).singleElement()
                        .satisfies(p -> assertThat(p.state()).isEqualTo(PortState.CLOSED));
            });
        }
    }
}
