package io.netsweep.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.finding.Finding;
import io.netsweep.finding.Severity;
import io.netsweep.port.PortSet;
import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.portscan.ScanType;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import io.netsweep.service.ServiceReport;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A finding on a UDP port is that port's in every output, apart from a finding of the same id on the TCP port of the
 * same number: JSON Lines names its {@code proto}, the table and the verbose log write {@code 161/udp}, the CSV puts
 * it on the UDP port's row, and the nmap XML's findings script names the protocol of each.
 */
class UdpFindingOutputsTest {
    private static final InetAddress A = Scans.A5;
    private static final Finding PUBLIC = new Finding("snmp-public", Severity.MEDIUM,
            "SNMP answers the community public", "sysDescr read", List.of(), List.of());
    private static final Finding OLD_NGINX = new Finding("vuln:CVE-2023-44487", Severity.HIGH,
            "nginx 1.22.1: HTTP/2 rapid reset", "in range", List.of("CVE-2023-44487"), List.of());

    private static ServiceReport report(String service, String product, String version) {
        return new ServiceReport(service, Optional.of(product), Optional.of(version), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), ServiceReport.Method.PROBED, 10, "probes");
    }

    static List<ScanEvent> scan() {
        return List.of(
                new ScanEvent.Started(Instant.parse("2025-03-01T12:00:00Z"), "netsweep -sV -p T:161,U:161 10.0.0.5", 1,
                        PortSet.of(161), DiscoveryMethod.NONE, ScanType.CONNECT, false, PortSet.of(161)),
                new ScanEvent.HostUp(new HostInfo(A, "user-set", Optional.empty(), Optional.empty(), Optional.empty())),
                Scans.open(A, 161, "snmp", 0.3),
                new ScanEvent.PortObserved(A, 161, PortState.OPEN, "snmp", "udp-response", Optional.empty(),
                        Protocol.UDP),
                new ScanEvent.ServiceIdentified(A, 161, report("http", "nginx", "1.22.1"), Protocol.TCP),
                new ScanEvent.FindingRaised(A, 161, OLD_NGINX, Protocol.TCP),
                new ScanEvent.ServiceIdentified(A, 161, report("snmp", "net-snmp", "5.9.3"), Protocol.UDP),
                new ScanEvent.FindingRaised(A, 161, PUBLIC, Protocol.UDP),
                new ScanEvent.HostCompleted(A),
                new ScanEvent.Finished(Scans.summary(1, 1, 1, 2)));
    }

    private static String write(Function<StringWriter, ScanListener> create) throws Exception {
        StringWriter out = new StringWriter();
        ScanListener w = create.apply(out);
        scan().forEach(w::onEvent);
        if (w instanceof AutoCloseable c) {
            c.close();
        }
        return out.toString();
    }

    @Test
    void jsonLinesNamesEachFindingsProtocol() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> findings = write(JsonLinesWriter::new).lines().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).filter(e -> e.get("type").asText().equals("finding"))
                .map(e -> e.get("port").asInt() + "/" + e.get("proto").asText() + " " + e.get("id").asText()).toList();
        assertThat(findings).containsExactly("161/tcp vuln:CVE-2023-44487", "161/udp snmp-public");
    }

    @Test
    void tableAndVerboseLogPutEachFindingUnderItsOwnPort() throws Exception {
        String table = write(TableWriter::new);
        int tcp = table.indexOf("161/tcp");
        int udp = table.indexOf("161/udp");
        assertThat(tcp).isNotNegative().isLessThan(udp);
        assertThat(table.indexOf("! HIGH nginx 1.22.1")).isBetween(tcp, udp);
        assertThat(table.indexOf("! MEDIUM SNMP answers the community public")).isGreaterThan(udp);
        assertThat(write(out -> new VerboseLog(out, 1)).lines().filter(l -> l.startsWith("Finding")).toList())
                .containsExactly("Finding on 161/tcp of 10.0.0.5: high nginx 1.22.1: HTTP/2 rapid reset",
                        "Finding on 161/udp of 10.0.0.5: medium SNMP answers the community public");
    }

    @Test
    void csvPutsEachFindingOnItsProtocolsRow() throws Exception {
        ExternalTool.Result r = ExternalTool.python("""
                import csv, io, sys
                for row in csv.DictReader(io.StringIO(sys.stdin.read(), newline='')):
                    print(row['port'], row['proto'], row['product'], row['findings'], sep='|')
                """, write(CsvWriter::new));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().toList()).containsExactly(
                "161|tcp|nginx|high:vuln:CVE-2023-44487",
                "161|udp|net-snmp|medium:snmp-public");
    }

    @Test
    void nmapXmlNamesTheProtocolOfEachFindingAndKeepsEachServiceUnderItsPort() throws Exception {
        String xml = write(out -> new NmapXmlWriter(out, "test", ZoneOffset.UTC,
                InstantSource.fixed(Instant.parse("2025-03-01T13:00:00Z"))));
        ExternalTool.Result r = ExternalTool.python("""
                import sys, xml.etree.ElementTree as ET
                root = ET.fromstring(sys.stdin.buffer.read())
                for port in root.iter('port'):
                    print(port.get('portid'), port.get('protocol'), port.find('service').get('product'))
                for script in root.iter('script'):
                    if script.get('id') == 'netsweep-findings':
                        print(script.get('output'))
                        for t in script.findall('table'):
                            e = {x.get('key'): x.text for x in t.findall('elem')}
                            print(e['port'], e['protocol'], e['id'])
                """, xml);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().toList()).containsExactly(
                "161 tcp nginx",
                "161 udp net-snmp",
                "161/tcp high nginx 1.22.1: HTTP/2 rapid reset (CVE-2023-44487); 161/udp medium SNMP answers the"
                        + " community public",
                "161 tcp vuln:CVE-2023-44487",
                "161 udp snmp-public");
    }
}
