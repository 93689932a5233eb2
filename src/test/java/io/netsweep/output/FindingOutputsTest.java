package io.netsweep.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.discovery.HostInfo;
import io.netsweep.finding.Finding;
import io.netsweep.finding.Severity;
import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.mcp.McpServer;
import io.netsweep.mcp.McpTool;
import io.netsweep.port.PortSet;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanEvent.FindingRaised;
import io.netsweep.scan.ScanEvent.HostCompleted;
import io.netsweep.scan.ScanEvent.HostUp;
import io.netsweep.scan.ScanEvent.ServiceIdentified;
import io.netsweep.service.ServiceReport;
import io.netsweep.testing.Reports;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Findings and an MCP server's tools read the same in every output: the table marks them under their port, the
 * JSON Lines has a {@code finding} event, the CSV its columns, the nmap XML a host script that Python and ndiff
 * read; hostile text from the server is escaped everywhere.
 */
class FindingOutputsTest {
    private static final InetAddress A = Scans.A5;
    private static final String HOSTILE = "wipe\u001b[31m\"<x>,=1";

    private static McpServer server() {
        return new McpServer(McpServer.Transport.STREAMABLE_HTTP, "/mcp", Optional.of("mcp-servers/everything"),
                Optional.of("2.0.0"), Optional.of("2025-06-18"), AuthState.NONE, List.of(),
                List.of(new McpTool("echo", Optional.of(true), Optional.of(false)),
                        new McpTool(HOSTILE, Optional.of(false), Optional.empty())),
                true, 2, OptionalInt.of(7), OptionalInt.of(3));
    }

    private static final Finding MCP = new Finding("mcp-tools-no-auth", Severity.HIGH,
            "MCP server offers tools that may act, without credentials", "2 tools; not read-only: " + HOSTILE,
            List.of(), List.of("https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization"));
    private static final Finding VULN = new Finding("vuln:CVE-2024-37032", Severity.CRITICAL,
            "Ollama 0.1.29: model digests not validated", "in the affected range (< 0.1.34)",
            List.of("CVE-2024-37032"), List.of("https://nvd.nist.gov/vuln/detail/CVE-2024-37032"));

    static List<ScanEvent> scan() {
        ServiceIdentity id = new ServiceIdentity("MCP server", Optional.empty(), "mcp-server", AuthState.NONE, List.of(),
                "Streamable HTTP /mcp: 2 tools listed without credentials");
        ServiceReport report = new ServiceReport("http", Optional.of("MCP server"), Optional.empty(),
                Optional.of("mcp-servers/everything 2.0.0; Streamable HTTP; protocol 2025-06-18"), List.of(),
                Optional.empty(), Optional.empty(), Optional.of(id), ServiceReport.Method.PROBED, 10, "probes http",
                Optional.of(server()));
        return List.of(
                Scans.started(PortSet.of(3001, 11434)),
                new HostUp(new HostInfo(A, "icmp-echo", Optional.empty(), Optional.empty(), Optional.empty())),
                Scans.open(A, 3001, "unknown", 0.3),
                Scans.open(A, 11434, "unknown", 0.3),
                new ServiceIdentified(A, 3001, report),
                new FindingRaised(A, 3001, MCP),
                new ServiceIdentified(A, 11434, Reports.ai(Scans.OLLAMA)),
                new FindingRaised(A, 11434, VULN),
                new HostCompleted(A),
                new ScanEvent.Finished(Scans.summary(1, 1, 1, 2)));
    }

    private static String write(Function<StringWriter, io.netsweep.scan.ScanListener> create) throws Exception {
        StringWriter out = new StringWriter();
        io.netsweep.scan.ScanListener w = create.apply(out);
        scan().forEach(w::onEvent);
        if (w instanceof AutoCloseable c) {
            c.close();
        }
        return out.toString();
    }

    private static String xml() throws Exception {
        return write(out -> new NmapXmlWriter(out, "test", ZoneOffset.UTC,
                InstantSource.fixed(Instant.parse("2025-03-01T13:00:00Z"))));
    }

    @Test
    void tableMarksEachFindingUnderItsPortAndListsTheTools() throws Exception {
        String table = write(TableWriter::new);
        assertThat(table).contains("    ! HIGH MCP server offers tools that may act, without credentials\n")
                .contains("    ! CRITICAL Ollama 0.1.29: model digests not validated (CVE-2024-37032)\n")
                .containsPattern("tools: echo \\(read-only\\), wipe.*\\(destructive\\)")
                .doesNotContain("\u001b");
        assertThat(table.indexOf("! HIGH")).isBetween(table.indexOf("3001/tcp"), table.indexOf("11434/tcp"));
    }

    @Test
    void jsonLinesHasAFindingEventWithTheIssuesKeys() throws Exception {
        List<JsonNode> events = write(JsonLinesWriter::new).lines().map(FindingOutputsTest::json).toList();
        JsonNode f = events.stream().filter(e -> e.get("type").asText().equals("finding")
                && e.get("port").asInt() == 11434).findFirst().orElseThrow();
        assertThat(iterable(f.fieldNames())).containsExactly(
                "type", "ip", "port", "id", "severity", "title", "detail", "cves", "references", "proto");
        assertThat(f.get("proto").asText()).isEqualTo("tcp");
        assertThat(f.get("severity").asText()).isEqualTo("critical");
        assertThat(f.get("cves").get(0).asText()).isEqualTo("CVE-2024-37032");
        JsonNode mcp = events.stream().filter(e -> e.get("type").asText().equals("service")
                && e.get("port").asInt() == 3001).findFirst().orElseThrow().get("mcp");
        assertThat(mcp.get("server_name").asText()).isEqualTo("mcp-servers/everything");
        assertThat(mcp.get("tools").get(0).get("read_only_hint").asBoolean()).isTrue();
        assertThat(mcp.get("tools").get(1).get("destructive_hint").isNull()).isTrue();
    }

    @Test
    void csvCarriesFindingsCvesAndToolsInItsLastColumns() throws Exception {
        String csv = write(CsvWriter::new);
        ExternalTool.Result r = ExternalTool.python("""
                import csv, io, sys
                for row in csv.DictReader(io.StringIO(sys.stdin.read(), newline='')):
                    print(row['port'], row['findings'], row['cves'], row['mcp_tools'], sep='|')
                """, csv);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().toList()).containsExactly(
                "3001|high:mcp-tools-no-auth||echo:read-only;" + "wipe[31m\"<x>,=1:destructive",
                "11434|critical:vuln:CVE-2024-37032|CVE-2024-37032|");
    }

    @Test
    void nmapXmlHasOneHostScriptOfFindingsThatPythonAndNdiffRead(@TempDir Path dir) throws Exception {
        String xml = xml();
        assertThat(xml).doesNotContain("\u001b");
        ExternalTool.Result r = ExternalTool.python("""
                import sys, xml.etree.ElementTree as ET
                root = ET.fromstring(sys.stdin.buffer.read())
                for s in root.iter('hostscript'):
                    for script in s.iter('script'):
                        for t in script.findall('table'):
                            e = {x.get('key'): x.text for x in t.findall('elem')}
                            cves = [c.text for c in t.find("table[@key='cves']")]
                            print(script.get('id'), e['port'], e['id'], e['severity'], ','.join(cves))
                for port in root.iter('port'):
                    for tool in port.iter('table'):
                        if tool.get('key') is None and tool.find("elem[@key='name']") is not None:
                            print(port.get('portid'), 'tool', tool.find("elem[@key='name']").text)
                """, xml);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().toList()).containsExactly(
                "netsweep-findings 3001 mcp-tools-no-auth high ",
                "netsweep-findings 11434 vuln:CVE-2024-37032 critical CVE-2024-37032",
                "3001 tool echo",
                "3001 tool wipe[31m\"<x>,=1");
        String ndiff = ExternalTool.require("/usr/bin/ndiff", "ndiff");
        Path a = Files.writeString(dir.resolve("a.xml"), xml);
        ExternalTool.Result same = ExternalTool.run(List.of(ndiff, a.toString(), a.toString()), "");
        assertThat(same.exitCode()).as(same.stderr() + same.stdout()).isZero();
    }

    @Test
    void verboseLogNamesEachFindingAsItIsRaised() throws Exception {
        String log = write(out -> new VerboseLog(out, 1));
        assertThat(log.lines().filter(l -> l.startsWith("Finding")).toList()).containsExactly(
                "Finding on 3001/tcp of 10.0.0.5: high MCP server offers tools that may act, without credentials",
                "Finding on 11434/tcp of 10.0.0.5: critical Ollama 0.1.29: model digests not validated");
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> all = new java.util.ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }
}
