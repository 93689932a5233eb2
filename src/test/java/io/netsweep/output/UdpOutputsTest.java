package io.netsweep.output;

import static io.netsweep.output.Scans.A5;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.port.PortSet;
import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.portscan.ScanType;
import io.netsweep.scan.PortCounts;
import io.netsweep.scan.ScanEvent;
import io.netsweep.testing.Prerequisites;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scan with -sS and -sU: every output carries each port's protocol, and 53/tcp and 53/udp stay two ports. */
class UdpOutputsTest {
    private static final ScanEvent.Started STARTED = new ScanEvent.Started(Scans.T0,
            "netsweep -sS -sU -p 22,53,U:123,161 10.0.0.5", 1, PortSet.of(22, 53), DiscoveryMethod.ICMP_RAW,
            ScanType.SYN, false, PortSet.of(53, 123, 161));

    private static ScanEvent.PortObserved udp(int port, PortState state, String service, String reason) {
        return new ScanEvent.PortObserved(A5, port, state, service, reason,
                state == PortState.OPEN ? Optional.of(Scans.ms(0.8)) : Optional.empty(), Protocol.UDP);
    }

    private static List<ScanEvent> mixed() {
        return List.of(STARTED, Scans.up(A5, "icmp-echo", 0.4),
                udp(53, PortState.OPEN, "domain", "udp-response"),
                Scans.open(A5, 22, "ssh", 0.3),
                new ScanEvent.PortObserved(A5, 53, PortState.CLOSED, "domain", "reset", Optional.of(Scans.ms(0.2))),
                udp(123, PortState.OPEN_FILTERED, "ntp", "no-response"),
                udp(161, PortState.CLOSED, "snmp", "port-unreach"),
                new ScanEvent.HostCompleted(A5, PortCounts.NONE),
                new ScanEvent.Finished(Scans.summary(2, 1, 1, 2)));
    }

    @Test
    void theTableListsTcpThenUdpPortsEachWithItsProtocol() {
        StringWriter out = new StringWriter();
        TableWriter w = new TableWriter(out);
        mixed().forEach(w::onEvent);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.getFirst()).isEqualTo(
                "Starting netsweep: 1 address, 2 tcp and 3 udp ports, discovery icmp-raw, syn and udp scan");
        assertThat(lines).containsSubsequence(
                "PORT     STATE          SERVICE",
                "22/tcp   open           ssh",
                "53/tcp   closed         domain",
                "53/udp   open           domain",
                "123/udp  open|filtered  ntp",
                "161/udp  closed         snmp");
    }

    @Test
    void jsonLinesCarryTheProtocolOfEachPortAndTheUdpPortsOfTheScan() throws Exception {
        StringWriter out = new StringWriter();
        JsonLinesWriter w = new JsonLinesWriter(out);
        mixed().forEach(w::onEvent);
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            events.add(m.readTree(line));
        }
        assertThat(events.getFirst().get("udp_ports").asText()).isEqualTo("53,123,161");
        assertThat(events.getFirst().get("ports").asText()).isEqualTo("22,53");
        List<String> ports = events.stream().filter(e -> e.get("type").asText().equals("port"))
                .map(e -> e.get("port").asInt() + "/" + e.get("proto").asText() + " " + e.get("state").asText()
                        + " " + e.get("reason").asText())
                .toList();
        assertThat(ports).containsExactly("53/udp open udp-response", "22/tcp open syn-ack", "53/tcp closed reset",
                "123/udp open|filtered no-response", "161/udp closed port-unreach");
    }

    @Test
    void csvHasARowPerPortAndProtocol() throws Exception {
        List<String> rows = CsvWriterTest.write(mixed()).lines().toList();
        assertThat(rows.stream().filter(r -> r.contains(",53,udp,open,domain,udp-response,"))).hasSize(1);
        assertThat(rows.stream().filter(r -> r.contains(",53,tcp,closed,domain,reset,"))).hasSize(1);
        assertThat(rows.stream().filter(r -> r.contains(",123,udp,open|filtered,ntp,no-response,"))).hasSize(1);
        assertThat(rows.stream().filter(r -> r.contains(",161,udp,closed,snmp,port-unreach,"))).hasSize(1);
    }

    @Test
    void nmapXmlHasAUdpScaninfoAndUdpPortsAndStaysValidAgainstNmapsDtd() throws Exception {
        String xml = NmapXmlWriterTest.write(mixed());
        assertThat(xml).contains("<scaninfo type=\"syn\" protocol=\"tcp\" numservices=\"2\" services=\"22,53\"/>",
                "<scaninfo type=\"udp\" protocol=\"udp\" numservices=\"3\" services=\"53,123,161\"/>",
                "<port protocol=\"tcp\" portid=\"53\"><state state=\"closed\"",
                "<port protocol=\"udp\" portid=\"53\"><state state=\"open\" reason=\"udp-response\"",
                "<port protocol=\"udp\" portid=\"123\"><state state=\"open|filtered\" reason=\"no-response\"");
        Prerequisites.require(Files.isReadable(Path.of("/usr/share/nmap/nmap.dtd")), "nmap's DTD is not installed");
        assertThat(NmapXmlWriterTest.dtdErrors(xml)).isEmpty();
    }

    @Test
    void ndiffTellsAUdpPortFromTheTcpPortOfTheSameNumber(@TempDir Path dir) throws Exception {
        String ndiff = ExternalTool.require("/usr/bin/ndiff", "ndiff");
        List<ScanEvent> before = new ArrayList<>(mixed());
        before.removeIf(e -> e instanceof ScanEvent.PortObserved p && p.port() == 53 && p.protocol() == Protocol.UDP);
        Path a = Files.writeString(dir.resolve("before.xml"), NmapXmlWriterTest.write(before));
        Path b = Files.writeString(dir.resolve("after.xml"), NmapXmlWriterTest.write(mixed()));
        ExternalTool.Result r = ExternalTool.run(List.of(ndiff, a.toString(), b.toString()), "");
        assertThat(r.exitCode()).as("ndiff exit 1 means: scans differ; stderr %s", r.stderr()).isEqualTo(1);
        assertThat(r.stdout()).containsPattern("\\+53/udp\\s+open\\s+domain").doesNotContain("53/tcp");
    }

    @Test
    void grepableEntriesNameTheProtocolAndTheCommentListsUdpPorts() throws Exception {
        String g = GrepableWriterTest.write(true, mixed());
        assertThat(g).contains("# Ports scanned: TCP(2;22,53) UDP(3;53,123,161) SCTP(0;) PROTOCOLS(0;)",
                "Ports: 22/open/tcp//ssh///, 53/closed/tcp//domain///, 53/open/udp//domain///,"
                        + " 123/open|filtered/udp//ntp///, 161/closed/udp//snmp///");
    }

    @Test
    void verboseLogNamesTheUdpPortFound() {
        StringWriter out = new StringWriter();
        VerboseLog log = new VerboseLog(out, 1);
        mixed().forEach(log::onEvent);
        assertThat(out.toString()).contains("Discovered open port 53/udp on 10.0.0.5",
                "Discovered open port 22/tcp on 10.0.0.5");
    }
}
