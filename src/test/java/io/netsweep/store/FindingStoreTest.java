package io.netsweep.store;

import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.HostInfo;
import io.netsweep.finding.Finding;
import io.netsweep.finding.Severity;
import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.mcp.McpServer;
import io.netsweep.mcp.McpTool;
import io.netsweep.output.EventJson;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanSummary;
import io.netsweep.service.ServiceReport;
import io.netsweep.target.TargetSet;
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
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings and MCP servers are stored as a scan runs and replayed as they were reported: a scan recorded by
 * {@link ScanRecorder} into a real store (SQLite and PostgreSQL) and played back by {@link ScanReplay} gives the same service and
 * finding events, and the findings sit in their own table, one row per port and finding.
 */
@ParameterizedClass
@EnumSource(StoreBackend.class)
class FindingStoreTest {
    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @Parameter
    StoreBackend backend;

    private static final InetAddress A = StoreFixture.ip("10.0.0.5");
    private static final Instant T0 = Instant.parse("2026-12-07T04:00:00Z");

    static List<ScanEvent> scan() {
        McpServer server = new McpServer(McpServer.Transport.HTTP_SSE, "/sse", Optional.of("mcp-servers/everything"),
                Optional.of("2.0.0"), Optional.of("2025-06-18"), AuthState.NONE, List.of(),
                List.of(new McpTool("echo", Optional.of(true), Optional.of(false)),
                        new McpTool("gzip-file-as-resource", Optional.of(false), Optional.of(false)),
                        new McpTool("no-hints", Optional.empty(), Optional.empty())),
                true, 3, OptionalInt.of(7), OptionalInt.empty());
        ServiceIdentity id = new ServiceIdentity("MCP server", Optional.empty(), "mcp-server", AuthState.NONE, List.of(),
                "HTTP+SSE /sse: 3 tools listed without credentials");
        ServiceReport report = new ServiceReport("http", Optional.of("MCP server"), Optional.empty(),
                Optional.of("mcp-servers/everything 2.0.0; HTTP+SSE; protocol 2025-06-18"), List.of(), Optional.empty(),
                Optional.empty(), Optional.of(id), ServiceReport.Method.PROBED, 10, "probes http http-mcp-sse",
                Optional.of(server));
        Finding tools = new Finding("mcp-tools-no-auth", Severity.HIGH, "MCP server offers tools that may act",
                "3 tools", List.of(), List.of("https://modelcontextprotocol.io/"));
        Finding vuln = new Finding("vuln:GHSA-xg73-94fp-g449", Severity.CRITICAL, "MLflow 2.1.0: path traversal",
                "in range", List.of("CVE-2023-1177", "GHSA-xg73-94fp-g449"),
                List.of("https://github.com/advisories/GHSA-xg73-94fp-g449"));
        Finding open = new Finding("mlflow-no-auth", Severity.HIGH, "MLflow answers without credentials", "open",
                List.of(), List.of());
        ServiceReport mlflow = new ServiceReport("http", Optional.of("MLflow"), Optional.of("2.1.0"), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), Optional.of(new ServiceIdentity("MLflow",
                Optional.of("2.1.0"), "ml-tracking", AuthState.NONE, List.of(), "GET /version")),
                ServiceReport.Method.PROBED, 10, "probes http");
        return List.of(
                new ScanEvent.Started(T0, "netsweep --preset ai 10.0.0.5", 1, PortSet.of(3001, 5000),
                        io.netsweep.discovery.DiscoveryMethod.NONE),
                new ScanEvent.HostUp(new HostInfo(A, "user-set", Optional.empty(), Optional.empty(), Optional.empty())),
                new ScanEvent.PortObserved(A, 3001, PortState.OPEN, "unknown", "syn-ack", Optional.of(Duration.ofMillis(1))),
                new ScanEvent.PortObserved(A, 5000, PortState.OPEN, "upnp", "syn-ack", Optional.of(Duration.ofMillis(1))),
                new ScanEvent.ServiceIdentified(A, 3001, report),
                new ScanEvent.FindingRaised(A, 3001, tools),
                new ScanEvent.ServiceIdentified(A, 5000, mlflow),
                new ScanEvent.FindingRaised(A, 5000, vuln),
                new ScanEvent.FindingRaised(A, 5000, open),
                new ScanEvent.HostCompleted(A),
                new ScanEvent.Finished(new ScanSummary(T0, T0.plusSeconds(2), 1, 1, 2, 4)));
    }

    @Test
    void findingsAndMcpToolsAreStoredAndReplayedAsReported(@TempDir Path dir) throws Exception {
        long id;
        try (JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir)) {
            ScanRequest request = ScanRequest.builder(TargetSet.of("10.0.0.5"), PortSet.of(3001, 5000)).build();
            ScanRecorder recorder = new ScanRecorder(() -> store, request, "cli", "10.0.0.5", InstantSource.system());
            recorder.start();
            scan().forEach(recorder::onEvent);
            assertThat(recorder.await(Duration.ofSeconds(30))).isEmpty();
            id = recorder.scanId().orElseThrow();
        }
        try (JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir)) {
            StoredScan stored = store.load(id).orElseThrow();
            List<ScanEvent> replayed = new ArrayList<>();
            ScanReplay.replay(stored, replayed::add);

            assertThat(json(replayed, ScanEvent.ServiceIdentified.class))
                    .isEqualTo(json(scan(), ScanEvent.ServiceIdentified.class));
            assertThat(json(replayed, ScanEvent.FindingRaised.class))
                    .isEqualTo(json(scan(), ScanEvent.FindingRaised.class));
        }
        try (Connection c = DATABASES.connect(backend, dir);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT port, finding_id, severity, cves FROM scan_finding ORDER BY port, finding_id")) {
            List<String> rows = new ArrayList<>();
            while (r.next()) {
                rows.add(r.getInt(1) + " " + r.getString(2) + " " + r.getString(3) + " " + r.getString(4));
            }
            assertThat(rows).containsExactly(
                    "3001 mcp-tools-no-auth high null",
                    "5000 mlflow-no-auth high null",
                    "5000 vuln:GHSA-xg73-94fp-g449 critical CVE-2023-1177;GHSA-xg73-94fp-g449");
        }
    }

    @Test
    void pruningAScanRemovesItsFindings(@TempDir Path dir) throws Exception {
        try (JdbcScanStore store = StoreFixture.open(DATABASES, backend, dir)) {
            ScanRequest request = ScanRequest.builder(TargetSet.of("10.0.0.5"), PortSet.of(3001, 5000)).build();
            ScanRecorder recorder = new ScanRecorder(() -> store, request, "cli", "10.0.0.5", InstantSource.system());
            recorder.start();
            scan().forEach(recorder::onEvent);
            assertThat(recorder.await(Duration.ofSeconds(30))).isEmpty();
            assertThat(store.prune(new PruneRule.KeepNewest(0))).hasSize(1);
        }
        try (Connection c = DATABASES.connect(backend, dir);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM scan_finding")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getInt(1)).isZero();
        }
    }

    private static List<String> json(List<ScanEvent> events, Class<? extends ScanEvent> kind) {
        return events.stream().filter(kind::isInstance).map(EventJson::toJson).toList();
    }
}
