package io.netsweep.output;

import static io.netsweep.output.Scans.A5;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.discovery.HostInfo;
import io.netsweep.discovery.MacAddress;
import io.netsweep.dns.DnsStatus;
import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanEvent.Cancelled;
import io.netsweep.scan.ScanEvent.Failed;
import io.netsweep.scan.ScanEvent.HostUp;
import io.netsweep.scan.ScanEvent.HostnameResolved;
import io.netsweep.scan.ScanEvent.ServiceIdentified;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CsvWriterTest {
    private static final String HEADER =
            "type,ip,hostname,port,proto,state,service,product,version,category,auth,models,mac,vendor,reason,rtt_ms\r\n";

    private static String write(List<ScanEvent> events) throws Exception {
        StringWriter out = new StringWriter();
        try (CsvWriter w = new CsvWriter(out)) {
            events.forEach(w::onEvent);
        }
        return out.toString();
    }

    /** Rows as Python's csv module, an independent RFC 4180 reader, reads them. */
    private static List<List<String>> readWithPython(String csv) throws Exception {
        ExternalTool.Result r = ExternalTool.python("""
                import csv, io, json, sys
                text = sys.stdin.buffer.read().decode('utf-8')
                print(json.dumps(list(csv.reader(io.StringIO(text, newline='')))))
                """, csv);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return new ObjectMapper().readValue(r.stdout(), new TypeReference<>() {});
    }

    @Test
    void streamsOneRowPerResultUnderAHeader() throws Exception {
        assertThat(write(Scans.typical())).isEqualTo(HEADER
                + "host,10.0.0.5,,,,up,,,,,,,02:42:ac:11:00:02,Acme Networks,icmp-echo,0.4\r\n"
                + "port,10.0.0.5,,22,tcp,open,ssh,,,,,,,,syn-ack,0.35\r\n"
                + "host,10.0.0.7,,,,up,,,,,,,,,tcp-syn-ack,1.2\r\n"
                + "port,10.0.0.5,,11434,tcp,open,unknown,,,,,,,,syn-ack,0.5\r\n"
                + "hostname,10.0.0.5,build-01.lab.example,,,ok,,,,,,,,,,\r\n"
                + "port,10.0.0.7,,80,tcp,open,http,,,,,,,,syn-ack,1.25\r\n"
                + "service,10.0.0.5,,11434,tcp,,,Ollama,0.5.7,llm-server,none,llama3:8b;qwen2.5:7b,,,"
                + "GET /api/tags listed 2 models without credentials,\r\n"
                + "hostname,10.0.0.7,,,,nxdomain,,,,,,,,,,\r\n"
                + "host,10.0.0.6,,,,down,,,,,,,,,,\r\n"
                + "finished,,,,,,,,,,,,,,,\r\n");
    }

    @Test
    void everyRowHasEveryColumnForAStandardReader() throws Exception {
        List<List<String>> rows = readWithPython(write(Scans.typical()));
        assertThat(rows.getFirst()).isEqualTo(CsvWriter.COLUMNS);
        assertThat(rows).allSatisfy(row -> assertThat(row).hasSize(CsvWriter.COLUMNS.size()));
        assertThat(rows.get(7).get(CsvWriter.COLUMNS.indexOf("product"))).isEqualTo("Ollama");
    }

    @Test
    void quotesCommasQuotesAndLineBreaksSoTheyRoundTrip() throws Exception {
        String name = "a,b \"quoted\"\r\nsecond line";
        String csv = write(List.of(new HostnameResolved(A5, Optional.of(name), DnsStatus.OK)));

        assertThat(csv).contains("\"a,b \"\"quoted\"\"\r\nsecond line\"");
        List<List<String>> rows = readWithPython(csv);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get(2)).isEqualTo(name);
    }

    @Test
    void neutralizesSpreadsheetFormulasFromTheNetwork() throws Exception {
        var hostile = new ServiceIdentity("=HYPERLINK(\"http://evil.example\",\"click\")", Optional.of("+1+cmd|' /C calc'!A0"),
                "-2+3", AuthState.UNKNOWN, List.of("@SUM(1,1)", "\tx"), "\rnote");
        var host = new HostUp(new HostInfo(A5, "arp", Optional.empty(), Optional.of(MacAddress.parse("02:00:00:00:00:01")),
                Optional.of("=cmd")));
        String csv = write(List.of(host, new ServiceIdentified(A5, 8080, hostile),
                new HostnameResolved(A5, Optional.of("-evil.example"), DnsStatus.OK)));

        List<List<String>> rows = readWithPython(csv);
        List<String> service = rows.get(2);
        assertThat(service.get(CsvWriter.COLUMNS.indexOf("product"))).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"click\")");
        assertThat(service.get(CsvWriter.COLUMNS.indexOf("version"))).isEqualTo("'+1+cmd|' /C calc'!A0");
        assertThat(service.get(CsvWriter.COLUMNS.indexOf("category"))).isEqualTo("'-2+3");
        assertThat(service.get(CsvWriter.COLUMNS.indexOf("models"))).isEqualTo("'@SUM(1,1);\tx");
        assertThat(service.get(CsvWriter.COLUMNS.indexOf("reason"))).isEqualTo("'\rnote");
        assertThat(rows.get(1).get(CsvWriter.COLUMNS.indexOf("vendor"))).isEqualTo("'=cmd");
        assertThat(rows.get(3).get(CsvWriter.COLUMNS.indexOf("hostname"))).isEqualTo("'-evil.example");
        for (List<String> row : rows) {
            for (String cell : row) {
                assertThat(cell).as("cell of %s", row).doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
            }
        }
    }

    @Test
    void failedScanEndsWithItsMessage() throws Exception {
        String csv = write(List.of(Scans.started(io.netsweep.port.PortSet.of(22)),
                new Failed("cannot open raw socket, try without -sS", Scans.summary(0.1, 8, 0, 0))));
        assertThat(csv).isEqualTo(HEADER + "failed,,,,,,,,,,,,,,\"cannot open raw socket, try without -sS\",\r\n");
        String cancelled = write(List.of(new Cancelled(Scans.summary(1, 8, 0, 0))));
        assertThat(cancelled).endsWith("cancelled,,,,,,,,,,,,,,,\r\n");
    }

    @Test
    void anEmptyScanStillGivesAHeader() throws Exception {
        assertThat(write(List.of())).isEqualTo(HEADER);
    }
}
