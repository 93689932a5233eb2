package io.netsweep.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.finding.Finding;
import io.netsweep.finding.Severity;
import io.netsweep.output.EventJson;
import io.netsweep.port.PortSet;
import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.portscan.ScanType;
import io.netsweep.scan.PortCounts;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanSummary;
import io.netsweep.service.ServiceReport;
import io.netsweep.target.TargetSet;
import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
 * Services and findings carry their port's protocol in the store (schema V8), SQLite and PostgreSQL: what was found
 * on 161/udp is not what was found on 161/tcp, in the rows, in replay, in the inventory and in diffs (both the diff of
 * two loaded scans and the store's own packed-row diff); and a store of schema V7, which kept UDP services under the
 * kind {@code identify-udp}, migrates to the same.
 */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class UdpServiceStoreTest {
    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @Parameter
    StoreBackend backend;

    @TempDir
    Path dir;

    private static final InetAddress A = StoreFixture.ip("10.0.0.5");
    private static final Finding PUBLIC_COMMUNITY = new Finding("snmp-public", Severity.MEDIUM,
            "SNMP answers the community public", "sysDescr read with community public", List.of(), List.of());

    private static ServiceReport report(String service, String product, String version) {
        return new ServiceReport(service, Optional.of(product), Optional.of(version), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), ServiceReport.Method.PROBED, 10, "probes " + service);
    }

    /**
     * One scan of 10.0.0.5: 161/tcp and 161/udp open with different products, a finding on 161/udp only (or, with
     * {@code tcpFinding}, the same finding id on 161/tcp too), at {@code at}.
     */
    private static List<ScanEvent> scan(Instant at, String udpVersion, boolean udpFinding, boolean tcpFinding) {
        List<ScanEvent> events = new ArrayList<>(List.of(
                new ScanEvent.Started(at, "netsweep -sV -sU -p T:161,U:161 10.0.0.5", 1, PortSet.of(161),
                        DiscoveryMethod.NONE, ScanType.CONNECT, false, PortSet.of(161)),
                new ScanEvent.HostUp(new HostInfo(A, "user-set", Optional.empty(), Optional.empty(), Optional.empty())),
                new ScanEvent.PortObserved(A, 161, PortState.OPEN, "snmp", "syn-ack", Optional.empty(), Protocol.TCP),
                new ScanEvent.PortObserved(A, 161, PortState.OPEN, "snmp", "udp-response", Optional.empty(),
                        Protocol.UDP),
                new ScanEvent.ServiceIdentified(A, 161, report("http", "nginx", "1.22.1"), Protocol.TCP),
                new ScanEvent.ServiceIdentified(A, 161, report("snmp", "net-snmp", udpVersion), Protocol.UDP)));
        if (tcpFinding) {
            events.add(new ScanEvent.FindingRaised(A, 161, PUBLIC_COMMUNITY, Protocol.TCP));
        }
        if (udpFinding) {
            events.add(new ScanEvent.FindingRaised(A, 161, PUBLIC_COMMUNITY, Protocol.UDP));
        }
        events.add(new ScanEvent.HostCompleted(A, PortCounts.NONE));
        events.add(new ScanEvent.Finished(new ScanSummary(at, at.plusSeconds(2), 1, 1, 2, 4)));
        return events;
    }

    private static long record(JdbcScanStore store, List<ScanEvent> events) throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("10.0.0.5"), PortSet.of(161)).udpPorts(PortSet.of(161))
                .build();
        ScanRecorder recorder = new ScanRecorder(() -> store, request, "cli", "10.0.0.5", InstantSource.system());
        recorder.start();
        events.forEach(recorder::onEvent);
        assertThat(recorder.await(Duration.ofSeconds(30))).isEmpty();
        return recorder.scanId().orElseThrow();
    }

    private List<String> rows(String sql) throws Exception {
        try (Connection c = DATABASES.connect(backend, dir); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cells.add(r.getString(i));
                }
                rows.add(String.join(" ", cells));
            }
            return rows;
        }
    }

    private static List<String> json(List<ScanEvent> events, Class<? extends ScanEvent> type) {
        return events.stream().filter(type::isInstance).map(EventJson::toJson).toList();
    }

    @Test
    void servicesAndFindingsOfOnePortNumberAreStoredByProtocolAndReplayedApart() throws Exception {
        Instant at = Instant.parse("2026-12-07T10:00:00Z");
        try (JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir)) {
            long id = record(store, scan(at, "5.9.3", true, true));
            assertThat(rows("SELECT protocol, port, kind, product FROM scan_service ORDER BY protocol"))
                    .containsExactly("tcp 161 identify nginx", "udp 161 identify net-snmp");
            assertThat(rows("SELECT protocol, port, finding_id FROM scan_finding ORDER BY protocol"))
                    .containsExactly("tcp 161 snmp-public", "udp 161 snmp-public");

            StoredScan.Host h = store.load(id).orElseThrow().hosts().getFirst();
            assertThat(h.services(Protocol.UDP, 161)).singleElement()
                    .satisfies(s -> assertThat(s.product()).contains("net-snmp"));
            assertThat(h.services(Protocol.TCP, 161)).singleElement()
                    .satisfies(s -> assertThat(s.product()).contains("nginx"));
            assertThat(h.findings()).extracting(StoredScan.Finding::protocol)
                    .containsExactlyInAnyOrder(Protocol.TCP, Protocol.UDP);

            List<ScanEvent> replayed = new ArrayList<>();
            ScanReplay.replay(store.load(id).orElseThrow(), replayed::add);
            List<ScanEvent> recorded = scan(at, "5.9.3", true, true);
            assertThat(json(replayed, ScanEvent.ServiceIdentified.class))
                    .containsExactlyInAnyOrderElementsOf(json(recorded, ScanEvent.ServiceIdentified.class));
            assertThat(json(replayed, ScanEvent.FindingRaised.class))
                    .containsExactlyInAnyOrderElementsOf(json(recorded, ScanEvent.FindingRaised.class));

            InventoryHost host = store.hosts(HostQuery.ALL).getFirst();
            assertThat(host.openPorts()).extracting(p -> p.label() + " " + p.product().orElse("-"))
                    .containsExactly("161/tcp nginx", "161/udp net-snmp");
            assertThat(host.findings()).extracting(InventoryHost.HostFinding::label)
                    .containsExactly("161/tcp", "161/udp");
            assertThat(store.timeline(host.id(), 10).orElseThrow().sightings().getFirst().openPorts())
                    .extracting(p -> p.label() + " " + p.product().orElse("-"))
                    .containsExactly("161/tcp nginx", "161/udp net-snmp");
        }
    }

    @Test
    void aProductChangeOnAUdpPortIsAServiceChangeAndItsFindingsCompareByProtocol() throws Exception {
        try (JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir)) {
            // The same finding id on 161/tcp in both scans: raised on 161/udp in the newer one only.
            long a = record(store, scan(Instant.parse("2026-12-06T10:00:00Z"), "5.9.3", false, true));
            long b = record(store, scan(Instant.parse("2026-12-07T10:00:00Z"), "5.9.4", true, true));
            List<String> expected = List.of(
                    "~ 10.0.0.5 161/udp net-snmp 5.9.3 -> net-snmp 5.9.4",
                    "+ 10.0.0.5 161/udp finding medium snmp-public: SNMP answers the community public");
            assertThat(ScanDiff.of(store.load(a).orElseThrow(), store.load(b).orElseThrow()).changes())
                    .extracting(DiffFormat::line).containsExactlyElementsOf(expected);
            ScanDiff packed = store.diff(a, b);
            assertThat(packed.changes()).extracting(DiffFormat::line).containsExactlyElementsOf(expected);

            java.io.StringWriter json = new java.io.StringWriter();
            DiffFormat.json(packed, json);
            assertThat(json.toString()).contains("{\"ip\":\"10.0.0.5\",\"type\":\"service_changed\",\"port\":161,"
                    + "\"before\":\"net-snmp 5.9.3\",\"after\":\"net-snmp 5.9.4\",\"proto\":\"udp\"}")
                    .contains("\"finding\":\"snmp-public\",\"severity\":\"medium\","
                            + "\"title\":\"SNMP answers the community public\",\"proto\":\"udp\"}");
            java.io.StringWriter csv = new java.io.StringWriter();
            DiffFormat.csv(packed, csv);
            assertThat(csv.toString().split("\r\n")).containsExactly(
                    String.join(",", DiffFormat.CSV_COLUMNS),
                    "changed,10.0.0.5,161,service_changed,,net-snmp 5.9.3,net-snmp 5.9.4,,,,,udp",
                    "new,10.0.0.5,161,finding_raised,,,SNMP answers the community public,,,snmp-public,medium,udp");

            // And back: the UDP finding gone, the TCP one (same id, same port number) still raised.
            assertThat(store.diff(b, a).changes()).extracting(DiffFormat::line).containsExactly(
                    "~ 10.0.0.5 161/udp net-snmp 5.9.4 -> net-snmp 5.9.3",
                    "- 10.0.0.5 161/udp finding gone medium snmp-public: SNMP answers the community public");
        }
    }

    @Test
    void aStoreOfSchema7KeepsItsUdpServicesAsProtocolUdpAndEverythingElseAsTcp() throws Exception {
        int before = 7;
        switch (backend) {
            case SQLITE -> SqliteScanStore.open(dir.resolve("netsweep.db"), StoreFixture.cache(),
                    InstantSource.system(), before).close();
            case POSTGRESQL -> PostgresScanStore.open(PostgresUrl.parse(DATABASES.location(backend, dir)), v -> null,
                    InstantSource.system(), before).close();
        }
        long id;
        try (Connection c = DATABASES.connect(backend, dir); Statement s = c.createStatement()) {
            id = StoreFixture.writeAsAnOldNetsweep(c);
            s.executeUpdate("INSERT INTO scan_port (scan_id, seq, protocol, port, state, service, reason) VALUES ("
                    + id + ", 0, 'udp', 53, 'open', 'domain', 'udp-response')");
            s.executeUpdate("INSERT INTO scan_port (scan_id, seq, protocol, port, state, service, reason) VALUES ("
                    + id + ", 0, 'tcp', 53, 'open', 'domain', 'syn-ack')");
            // As V7's netsweep wrote them: 53/udp's report under identify-udp, 53/tcp's and 22/tcp's under identify.
            s.executeUpdate("INSERT INTO scan_service (scan_id, seq, port, kind, name, product, version, json) VALUES ("
                    + id + ", 0, 53, 'identify-udp', 'domain', 'dnsmasq', '2.89', '{\"type\":\"service\","
                    + "\"port\":53,\"product\":\"dnsmasq\",\"version\":\"2.89\",\"service\":\"domain\",\"proto\":\"udp\"}')");
            s.executeUpdate("INSERT INTO scan_service (scan_id, seq, port, kind, name, product, version, json) VALUES ("
                    + id + ", 0, 53, 'identify', 'domain', 'Unbound', '1.17.1', '{\"type\":\"service\","
                    + "\"port\":53,\"product\":\"Unbound\",\"version\":\"1.17.1\",\"service\":\"domain\"}')");
            s.executeUpdate("INSERT INTO scan_service (scan_id, seq, port, kind, name, product, version, json) VALUES ("
                    + id + ", 0, 22, 'nmap', 'ssh', 'OpenSSH', '9.2p1', '{\"name\":\"ssh\",\"method\":\"probed\"}')");
            s.executeUpdate("INSERT INTO scan_finding (scan_id, seq, port, finding_id, severity, title, json) VALUES ("
                    + id + ", 0, 22, 'vuln:CVE-2024-6387', 'high', 'OpenSSH: regreSSHion', '{\"type\":\"finding\","
                    + "\"port\":22,\"id\":\"vuln:CVE-2024-6387\",\"severity\":\"high\",\"title\":\"OpenSSH: regreSSHion\"}')");
        }
        try (JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir)) {
            assertThat(rows("SELECT protocol, port, kind, product FROM scan_service ORDER BY protocol, port, kind"))
                    .containsExactly("tcp 22 nmap OpenSSH", "tcp 53 identify Unbound", "udp 53 identify dnsmasq");
            assertThat(rows("SELECT protocol, port, finding_id FROM scan_finding"))
                    .containsExactly("tcp 22 vuln:CVE-2024-6387");
            StoredScan.Host h = store.load(id).orElseThrow().hosts().getFirst();
            assertThat(h.services(Protocol.UDP, 53)).extracting(s -> s.product().orElseThrow())
                    .containsExactly("dnsmasq");
            assertThat(h.services(Protocol.TCP, 53)).extracting(s -> s.product().orElseThrow())
                    .containsExactly("Unbound");
            assertThat(store.hosts(HostQuery.ALL).getFirst().openPorts())
                    .extracting(p -> p.label() + " " + p.product().orElse("-"))
                    .containsExactly("22/tcp OpenSSH", "53/tcp Unbound", "53/udp dnsmasq");
        }
    }
}
