package io.netsweep.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.ScanType;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import java.io.StringWriter;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every output names the TCP scan that ran, and says when -sS fell back to the connect scan. */
class ScanTypeOutputTest {
    private static final ScanEvent.Started SYN = started(ScanType.SYN, false);
    private static final ScanEvent.Started FELL_BACK = started(ScanType.CONNECT, true);

    private static ScanEvent.Started started(ScanType type, boolean synUnavailable) {
        return new ScanEvent.Started(Scans.T0, "netsweep -sS 10.0.0.0/29", 8, PortSet.of(22, 80),
                DiscoveryMethod.ICMP_RAW, type, synUnavailable);
    }

    private static String write(ScanListener writer, StringWriter out, ScanEvent.Started s) {
        writer.onEvent(s);
        writer.onEvent(new ScanEvent.Finished(Scans.summary(1, 8, 0, 0)));
        return out.toString();
    }

    private static String table(ScanEvent.Started s) {
        StringWriter out = new StringWriter();
        return write(new TableWriter(out), out, s).lines().findFirst().orElseThrow();
    }

    private static JsonNode json(ScanEvent.Started s) throws Exception {
        StringWriter out = new StringWriter();
        return new ObjectMapper().readTree(write(new JsonLinesWriter(out), out, s).lines().findFirst().orElseThrow());
    }

    private static String xml(ScanEvent.Started s) {
        StringWriter out = new StringWriter();
        return write(new NmapXmlWriter(out, "test", ZoneOffset.UTC, InstantSource.fixed(Scans.T0)), out, s);
    }

    @Test
    void aSynScanIsNamedInTheStartingLineTheJsonAndTheXml() throws Exception {
        assertThat(table(SYN)).isEqualTo("Starting netsweep: 8 addresses, 2 ports, discovery icmp-raw, syn scan");
        assertThat(json(SYN).get("scan").asText()).isEqualTo("syn");
        assertThat(json(SYN).get("scan_note").isNull()).isTrue();
        assertThat(xml(SYN)).contains("<scaninfo type=\"syn\" protocol=\"tcp\"").doesNotContain("<!--");
    }

    @Test
    void aSynScanThatFellBackToConnectSaysSoEverywhere() throws Exception {
        assertThat(table(FELL_BACK)).isEqualTo(
                "Starting netsweep: 8 addresses, 2 ports, discovery icmp-raw, connect scan (-sS needs root or CAP_NET_RAW)");
        assertThat(json(FELL_BACK).get("scan").asText()).isEqualTo("connect");
        assertThat(json(FELL_BACK).get("scan_note").asText())
                .isEqualTo("-sS needs root or CAP_NET_RAW: connect scan instead");
        assertThat(xml(FELL_BACK)).contains("<scaninfo type=\"connect\" protocol=\"tcp\"",
                "<!-- -sS needs root or CAP_NET_RAW: connect scan instead -->");
        List<String> lines = xml(FELL_BACK).lines().toList();
        assertThat(lines).anyMatch(l -> l.startsWith("<scaninfo type=\"connect\""));
    }
}
