package io.netsweep.output;

import static io.netsweep.output.Scans.A5;
import static io.netsweep.output.Scans.A6;
import static io.netsweep.output.Scans.A7;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.discovery.MacAddress;
import io.netsweep.dns.DnsStatus;
import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanEvent.Cancelled;
import io.netsweep.scan.ScanEvent.Failed;
import io.netsweep.scan.ScanEvent.Finished;
import io.netsweep.scan.ScanEvent.HostCompleted;
import io.netsweep.scan.ScanEvent.HostDown;
import io.netsweep.scan.ScanEvent.HostUp;
import io.netsweep.scan.ScanEvent.HostnameResolved;
import io.netsweep.scan.ScanEvent.PortObserved;
import io.netsweep.scan.ScanEvent.ServiceIdentified;
import io.netsweep.scan.ScanEvent.Started;
import io.netsweep.testing.Reports;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CsvWriterTest {
    private static final String HEADER = "ip,hostname,mac,vendor,host_state,host_reason,host_rtt_ms,"
            + "port,proto,state,service,reason,rtt_ms,product,version,category,auth,models,evidence,"
            + "detected_service,extra_info,cpe,tunnel,tls_protocol,tls_cipher,tls_subject,tls_issuer,tls_sans,"
            + "tls_not_before,tls_not_after,tls_self_signed,tls_public_key,tls_sha256,banner,findings,cves,mcp_tools\r\n";
    /** The columns service detection and findings added at the end, empty. */
    private static final String NO_DETECTION = ",".repeat(18);

    static String write(List<ScanEvent> events) throws Exception {
        StringWriter out = new StringWriter();
        try (CsvWriter w = new CsvWriter(out)) {
            events.forEach(w::onEvent);
        }
        return out.toString();
    }

    /** Rows as Python's csv module, an independent RFC 4180 reader, reads them: one dict per row, keyed by the header. */
    private static List<Map<String, String>> readWithPython(String csv) throws Exception {
        ExternalTool.Result r = ExternalTool.python("""
                import csv, io, json, sys
                text = sys.stdin.buffer.read().decode('utf-8')
                reader = csv.DictReader(io.StringIO(text, newline=''), strict=True)
                rows = list(reader)
                assert all(None not in row and None not in row.values() for row in rows), 'ragged row'
                print(json.dumps({'header': reader.fieldnames, 'rows': rows}))
                """, csv);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Map<String, Object> parsed = new ObjectMapper().readValue(r.stdout(), new TypeReference<>() {});
        assertThat(parsed.get("header")).isEqualTo(CsvWriter.COLUMNS);
        return new ObjectMapper().convertValue(parsed.get("rows"), new TypeReference<>() {});
    }

    @Test
    void oneRowPerPortWithItsHostsColumnsWrittenWhenTheHostCompletes() throws Exception {
        assertThat(write(Scans.typical())).isEqualTo(HEADER
                + "10.0.0.5,build-01.lab.example,02:42:ac:11:00:02,Acme Networks,up,icmp-echo,0.4,"
                + "22,tcp,open,ssh,syn-ack,0.35,,,,,," + NO_DETECTION + "\r\n"
                + "10.0.0.5,build-01.lab.example,02:42:ac:11:00:02,Acme Networks,up,icmp-echo,0.4,"
                + "11434,tcp,open,unknown,syn-ack,0.5,Ollama,0.5.7,llm-server,none,llama3:8b;qwen2.5:7b,"
                + "GET /api/tags listed 2 models without credentials,http" + ",".repeat(17) + "\r\n"
                + "10.0.0.6,,,,down,,,,,,,,,,,,,," + NO_DETECTION + "\r\n"
                + "10.0.0.7,,,,up,tcp-syn-ack,1.2,80,tcp,open,http,syn-ack,1.25,,,,,," + NO_DETECTION + "\r\n");
    }

    @Test
    void nothingOfAHostIsWrittenBeforeItCompletes() throws Exception {
        List<ScanEvent> events = Scans.typical();
        StringWriter out = new StringWriter();
        CsvWriter w = new CsvWriter(out);
        int firstCompletion = events.indexOf(new HostCompleted(A5));
        events.subList(0, firstCompletion).forEach(w::onEvent);
        assertThat(out.toString()).isEqualTo(HEADER);
        w.onEvent(events.get(firstCompletion));
        assertThat(out.toString().lines()).hasSize(3).allMatch(l -> l.equals(HEADER.strip()) || l.startsWith("10.0.0.5,"));
    }

    @Test
    void aStandardReaderFindsEveryColumnInEveryRow() throws Exception {
        List<Map<String, String>> rows = readWithPython(write(Scans.typical()));
        assertThat(rows).hasSize(4);
        assertThat(rows).allSatisfy(row -> assertThat(row.keySet()).containsExactlyElementsOf(CsvWriter.COLUMNS));
        Map<String, String> ollama = rows.get(1);
        assertThat(ollama).containsEntry("ip", "10.0.0.5").containsEntry("hostname", "build-01.lab.example")
                .containsEntry("port", "11434").containsEntry("product", "Ollama").containsEntry("auth", "none")
                .containsEntry("host_rtt_ms", "0.4").containsEntry("rtt_ms", "0.5");
        assertThat(rows.get(2)).containsEntry("ip", "10.0.0.6").containsEntry("host_state", "down")
                .containsEntry("port", "");
    }

    @Test
    void serviceDetectionFillsTheColumnsAddedAfterTheFirstNineteen() throws Exception {
        assertThat(CsvWriter.COLUMNS.subList(0, 19)).containsExactly("ip", "hostname", "mac", "vendor", "host_state",
                "host_reason", "host_rtt_ms", "port", "proto", "state", "service", "reason", "rtt_ms", "product",
                "version", "category", "auth", "models", "evidence");
        String csv = write(List.of(Scans.started(PortSet.of(22, 443, 9999)), Scans.up(A5, "tcp-syn-ack", 1),
                Scans.open(A5, 22, "ssh", 1), Scans.open(A5, 443, "https", 1), Scans.open(A5, 9999, "distinct", 1),
                new ServiceIdentified(A5, 22, Reports.openSsh()), new ServiceIdentified(A5, 443, Reports.nginxTls()),
                new ServiceIdentified(A5, 9999, Reports.unknown("=cmd|' /C calc'!A0\\r\\n")), new HostCompleted(A5)));

        List<Map<String, String>> rows = readWithPython(csv);
        assertThat(rows.get(0)).containsEntry("port", "22").containsEntry("service", "ssh")
                .containsEntry("product", "OpenSSH").containsEntry("version", "9.2p1")
                .containsEntry("detected_service", "ssh").containsEntry("extra_info", "protocol 2.0; Debian 2+deb12u10")
                .containsEntry("cpe", "cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*")
                .containsEntry("category", "").containsEntry("auth", "").containsEntry("tunnel", "")
                .containsEntry("tls_protocol", "").containsEntry("banner", "");
        assertThat(rows.get(1)).containsEntry("port", "443").containsEntry("product", "nginx")
                .containsEntry("detected_service", "http").containsEntry("tunnel", "ssl")
                .containsEntry("tls_protocol", "TLSv1.3").containsEntry("tls_cipher", "TLS_AES_256_GCM_SHA384")
                .containsEntry("tls_subject", "CN=svc.lab.test").containsEntry("tls_issuer", "CN=svc.lab.test")
                .containsEntry("tls_sans", "DNS:svc.lab.test;IP:10.232.0.11")
                .containsEntry("tls_not_before", "2026-12-07T03:17:05Z").containsEntry("tls_not_after", "2027-12-07T03:17:05Z")
                .containsEntry("tls_self_signed", "true").containsEntry("tls_public_key", "RSA 2048")
                .containsEntry("tls_sha256", Reports.selfSigned().sha256());
        assertThat(rows.get(2)).containsEntry("port", "9999").containsEntry("detected_service", "unknown")
                .containsEntry("product", "").containsEntry("banner", "'=cmd|' /C calc'!A0\\r\\n");
    }

    @Test
    void hostsWithoutPortsGetOneRowWithEmptyPortColumns() throws Exception {
        var started = new Started(Scans.T0, "netsweep -sn 10.0.0.0/29", 8, PortSet.empty(), DiscoveryMethod.ICMP_RAW);
        var arp = new HostUp(new HostInfo(A5, "arp", Optional.of(Scans.ms(0.2)), Optional.of(Scans.MAC),
                Optional.of("Acme Networks")));
        String csv = write(List.of(started, arp, new HostCompleted(A5), new HostDown(A6), new HostCompleted(A6),
                new Finished(Scans.summary(1, 8, 1, 0))));
        assertThat(csv).isEqualTo(HEADER
                + "10.0.0.5,,02:42:ac:11:00:02,Acme Networks,up,arp,0.2,,,,,,,,,,,," + NO_DETECTION + "\r\n"
                + "10.0.0.6,,,,down,,,,,,,,,,,,,," + NO_DETECTION + "\r\n");
    }

    @Test
    void ipv6AddressesAreCompressed() throws Exception {
        var v6 = Scans.ip("2001:db8:0:0:0:0:0:5");
        String csv = write(List.of(Scans.started(PortSet.of(22)), Scans.up(v6, "user-set", 1), Scans.open(v6, 22, "ssh", 1),
                new HostCompleted(v6)));
        assertThat(readWithPython(csv)).singleElement().satisfies(row -> assertThat(row).containsEntry("ip", "2001:db8::5"));
    }

    @Test
    void quotesCommasQuotesAndLineBreaksSoTheyRoundTrip() throws Exception {
        String name = "a,b \"quoted\"\r\nsecond line";
        String csv = write(List.of(Scans.up(A5, "icmp-echo", 1), new HostnameResolved(A5, Optional.of(name), DnsStatus.OK),
                new HostCompleted(A5)));

        assertThat(csv).contains("\"a,b \"\"quoted\"\"\r\nsecond line\"");
        assertThat(readWithPython(csv)).singleElement().satisfies(row -> assertThat(row).containsEntry("hostname", name));
    }

    @Test
    void neutralizesSpreadsheetFormulasFromTheNetwork() throws Exception {
        var hostile = new ServiceIdentity("=HYPERLINK(\"http://evil.example\",\"click\")", Optional.of("+1+cmd|' /C calc'!A0"),
                "-2+3", AuthState.UNKNOWN, List.of("@SUM(1,1)", "\tx"), "-note");
        var host = new HostUp(new HostInfo(A5, "arp", Optional.empty(), Optional.of(MacAddress.parse("02:00:00:00:00:01")),
                Optional.of("=cmd")));
        String csv = write(List.of(host, new PortObserved(A5, 8080, PortState.OPEN, "@http", "syn-ack", Optional.empty()),
                new ServiceIdentified(A5, 8080, Reports.ai(hostile)),
                new HostnameResolved(A5, Optional.of("-evil.example"), DnsStatus.OK), new HostCompleted(A5)));

        Map<String, String> row = readWithPython(csv).getFirst();
        assertThat(row).containsEntry("product", "'=HYPERLINK(\"http://evil.example\",\"click\")")
                .containsEntry("version", "'+1+cmd|' /C calc'!A0")
                .containsEntry("category", "'-2+3")
                .containsEntry("models", "'@SUM(1,1);\tx")
                .containsEntry("evidence", "'-note")
                .containsEntry("vendor", "'=cmd")
                .containsEntry("service", "'@http")
                .containsEntry("hostname", "'-evil.example");
        for (String cell : row.values()) {
            assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@")
                    .doesNotStartWith("\t").doesNotStartWith("\r");
        }
    }

    @Test
    void writesUtf8() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CsvWriter w = new CsvWriter(bytes)) {
            w.onEvent(Scans.up(A5, "icmp-echo", 1));
            w.onEvent(new HostnameResolved(A5, Optional.of("bücher.例え.example"), DnsStatus.OK));
            w.onEvent(new HostCompleted(A5));
        }
        byte[] expected = "10.0.0.5,bücher.例え.example,".getBytes(StandardCharsets.UTF_8);
        assertThat(new String(bytes.toByteArray(), StandardCharsets.UTF_8)).contains("bücher.例え.example");
        assertThat(bytes.toByteArray()).containsSequence(expected);
        assertThat(bytes.toByteArray()[0]).isEqualTo((byte) 'i'); // no byte order mark
    }

    @Test
    void cancelledScanWritesTheHostsStillBeingScannedInAddressOrder() throws Exception {
        String csv = write(List.of(Scans.started(PortSet.of(22, 80)),
                Scans.up(A7, "tcp-syn-ack", 1), Scans.open(A7, 80, "http", 1),
                Scans.up(A5, "tcp-syn-ack", 1), Scans.open(A5, 22, "ssh", 1),
                new Cancelled(Scans.summary(1.5, 8, 2, 2))));
        assertThat(csv).isEqualTo(HEADER
                + "10.0.0.5,,,,up,tcp-syn-ack,1,22,tcp,open,ssh,syn-ack,1,,,,,," + NO_DETECTION + "\r\n"
                + "10.0.0.7,,,,up,tcp-syn-ack,1,80,tcp,open,http,syn-ack,1,,,,,," + NO_DETECTION + "\r\n");
        String failed = write(List.of(Scans.up(A5, "tcp-syn-ack", 1), new Failed("boom", Scans.summary(1, 8, 1, 0))));
        assertThat(failed).isEqualTo(HEADER + "10.0.0.5,,,,up,tcp-syn-ack,1,,,,,,,,,,,," + NO_DETECTION + "\r\n");
    }

    @Test
    void aSnapshotAddsTheHostsStillBeingScannedAndKeepsThem() throws Exception {
        StringWriter out = new StringWriter();
        CsvWriter w = new CsvWriter(out);
        List<ScanEvent> events = new ArrayList<>(List.of(Scans.started(PortSet.of(22, 80)),
                Scans.up(A5, "tcp-syn-ack", 1), Scans.open(A5, 22, "ssh", 1), new HostCompleted(A5),
                Scans.up(A7, "tcp-syn-ack", 1), Scans.open(A7, 80, "http", 1)));
        events.forEach(w::onEvent);
        StringWriter snapshot = new StringWriter();
        w.writeUnfinishedTo(snapshot);
        assertThat(snapshot.toString())
                .isEqualTo("10.0.0.7,,,,up,tcp-syn-ack,1,80,tcp,open,http,syn-ack,1,,,,,," + NO_DETECTION + "\r\n");

        w.onEvent(new HostCompleted(A7));
        assertThat(out.toString()).endsWith(snapshot.toString());
        StringWriter after = new StringWriter();
        w.writeUnfinishedTo(after);
        assertThat(after.toString()).isEmpty();
    }

    @Test
    void anEmptyScanStillGivesAHeader() throws Exception {
        assertThat(write(List.of())).isEqualTo(HEADER);
        assertThat(write(List.of(Scans.started(PortSet.of(22)), new Finished(Scans.summary(1, 8, 0, 0))))).isEqualTo(HEADER);
    }
}
