package io.netsweep.output;

import static io.netsweep.output.Scans.A5;
import static io.netsweep.output.Scans.A6;
import static io.netsweep.output.Scans.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.netsweep.scan.ScanEvent.HostnameResolved;
import io.netsweep.scan.ScanEvent.PortObserved;
import io.netsweep.scan.ScanEvent.Progress;
import io.netsweep.scan.ScanEvent.ServiceIdentified;
import io.netsweep.testing.Reports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventJsonTest {
    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode parse(ScanEvent e) throws Exception {
        String json = EventJson.toJson(e);
        assertThat(json).doesNotContain("\n", "\r");
        return mapper.readTree(json);
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void portIsOneLineInTheDocumentedShape() {
        var port = new PortObserved(A5, 22, PortState.OPEN, "ssh", "syn-ack", Optional.of(Scans.ms(0.4)));
        assertThat(EventJson.toJson(port)).isEqualTo(
                "{\"type\":\"port\",\"ip\":\"10.0.0.5\",\"port\":22,\"proto\":\"tcp\",\"state\":\"open\","
                        + "\"service\":\"ssh\",\"reason\":\"syn-ack\",\"rtt_ms\":0.4}");
    }

    @Test
    void portWithoutRttHasNullRtt() throws Exception {
        var port = new PortObserved(A5, 443, PortState.FILTERED, "https", "no-response", Optional.empty());
        JsonNode n = parse(port);
        assertThat(n.get("state").asText()).isEqualTo("filtered");
        assertThat(n.get("rtt_ms").isNull()).isTrue();
    }

    @Test
    void hostUpCarriesReasonRttMacAndVendor() throws Exception {
        JsonNode n = parse(Scans.typical().get(2));
        assertThat(keys(n)).containsExactly("type", "ip", "status", "reason", "rtt_ms", "mac", "vendor");
        assertThat(n.get("type").asText()).isEqualTo("host");
        assertThat(n.get("status").asText()).isEqualTo("up");
        assertThat(n.get("reason").asText()).isEqualTo("icmp-echo");
        assertThat(n.get("rtt_ms").decimalValue()).isEqualByComparingTo("0.4");
        assertThat(n.get("mac").asText()).isEqualTo("02:42:ac:11:00:02");
        assertThat(n.get("vendor").asText()).isEqualTo("Acme Networks");
    }

    @Test
    void hostDownHasTheSameKeysWithNulls() throws Exception {
        JsonNode up = parse(Scans.up(A5, "tcp-rst", 2));
        JsonNode down = parse(new HostDown(A6));
        assertThat(keys(down)).isEqualTo(keys(up));
        assertThat(down.get("status").asText()).isEqualTo("down");
        assertThat(down.get("ip").asText()).isEqualTo("10.0.0.6");
        assertThat(up.get("mac").isNull()).isTrue();
        for (String k : List.of("reason", "rtt_ms", "mac", "vendor")) {
            assertThat(down.get(k).isNull()).as(k).isTrue();
        }
    }

    @Test
    void hostnameIsNullUnlessFound() throws Exception {
        JsonNode found = parse(new HostnameResolved(A5, Optional.of("a.example"), DnsStatus.OK));
        JsonNode timeout = parse(new HostnameResolved(A5, Optional.empty(), DnsStatus.TIMEOUT));
        assertThat(found.get("hostname").asText()).isEqualTo("a.example");
        assertThat(found.get("dns").asText()).isEqualTo("ok");
        assertThat(timeout.get("hostname").isNull()).isTrue();
        assertThat(timeout.get("dns").asText()).isEqualTo("timeout");
    }

    @Test
    void serviceListsIdentityAndModels() throws Exception {
        JsonNode n = parse(new ServiceIdentified(A5, 11434, Reports.ai(Scans.OLLAMA)));
        // The keys of the AI identification's events first, as they were; service detection's after them.
        assertThat(keys(n)).containsExactly(
                "type", "ip", "port", "product", "version", "category", "auth", "models", "evidence",
                "service", "extra_info", "cpe", "tunnel", "tls", "banner", "method", "confidence", "mcp", "proto");
        assertThat(n.get("mcp").isNull()).isTrue();
        assertThat(n.get("port").asInt()).isEqualTo(11434);
        assertThat(n.get("product").asText()).isEqualTo("Ollama");
        assertThat(n.get("version").asText()).isEqualTo("0.5.7");
        assertThat(n.get("category").asText()).isEqualTo("llm-server");
        assertThat(n.get("auth").asText()).isEqualTo("none");
        assertThat(n.get("models").valueStream().map(JsonNode::asText).toList()).containsExactly("llama3:8b", "qwen2.5:7b");
        assertThat(n.get("evidence").asText()).startsWith("GET /api/tags");

        var versionless = new ServiceIdentity("Jupyter", Optional.empty(), "notebook", AuthState.REQUIRED, List.of(), "302 to /login");
        JsonNode v = parse(new ServiceIdentified(A5, 8888, Reports.ai(versionless)));
        assertThat(v.get("version").isNull()).isTrue();
        assertThat(v.get("models").isArray()).isTrue();
        assertThat(v.get("models")).isEmpty();
    }

    @Test
    void serviceCarriesWhatDetectionFoundWithNullsForWhatItDidNot() throws Exception {
        JsonNode ssh = parse(new ServiceIdentified(A5, 22, Reports.openSsh()));
        assertThat(ssh.get("service").asText()).isEqualTo("ssh");
        assertThat(ssh.get("product").asText()).isEqualTo("OpenSSH");
        assertThat(ssh.get("version").asText()).isEqualTo("9.2p1");
        assertThat(ssh.get("extra_info").asText()).isEqualTo("protocol 2.0; Debian 2+deb12u10");
        assertThat(ssh.get("cpe").valueStream().map(JsonNode::asText).toList())
                .containsExactly("cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*");
        for (String absent : List.of("category", "auth", "models", "tunnel", "tls", "banner")) {
            assertThat(ssh.get(absent).isNull()).as(absent).isTrue();
        }
        assertThat(ssh.get("method").asText()).isEqualTo("probed");
        assertThat(ssh.get("confidence").asInt()).isEqualTo(10);

        JsonNode tls = parse(new ServiceIdentified(A5, 443, Reports.nginxTls()));
        assertThat(tls.get("tunnel").asText()).isEqualTo("ssl");
        assertThat(keys(tls.get("tls"))).containsExactly("protocol", "cipher", "subject_cn", "subject", "issuer", "sans",
                "not_before", "not_after", "self_signed", "public_key", "sha256");
        assertThat(tls.get("tls").get("subject_cn").asText()).isEqualTo("svc.lab.test");
        assertThat(tls.get("tls").get("sans").valueStream().map(JsonNode::asText).toList())
                .containsExactly("DNS:svc.lab.test", "IP:10.232.0.11");
        assertThat(tls.get("tls").get("not_after").asText()).isEqualTo("2027-12-07T03:17:05Z");
        assertThat(tls.get("tls").get("self_signed").asBoolean()).isTrue();

        JsonNode unknown = parse(new ServiceIdentified(A5, 9999, Reports.unknown("\\x00hi\\r\\n")));
        assertThat(unknown.get("service").asText()).isEqualTo("unknown");
        assertThat(unknown.get("product").isNull()).isTrue();
        assertThat(unknown.get("banner").asText()).isEqualTo("\\x00hi\\r\\n");
        assertThat(unknown.get("confidence").asInt()).isZero();
    }

    @Test
    void startedDescribesTheScan() throws Exception {
        JsonNode n = parse(Scans.started(PortSet.of(22, 80, 8000, 8001, 8002)));
        assertThat(n.get("type").asText()).isEqualTo("started");
        assertThat(n.get("at").asText()).isEqualTo("2025-03-01T12:00:00.123Z");
        assertThat(n.get("command").asText()).isEqualTo("netsweep -p 22,80,11434 10.0.0.0/29");
        assertThat(n.get("targets").asLong()).isEqualTo(8);
        assertThat(n.get("ports").asText()).isEqualTo("22,80,8000-8002");
        assertThat(n.get("discovery").asText()).isEqualTo("icmp-raw");
    }

    @Test
    void progressCountsAndTimes() throws Exception {
        JsonNode n = parse(new Progress(20, 32, 1234.56, Duration.ofMillis(1500), Optional.of(Duration.ofMillis(1700))));
        assertThat(keys(n)).containsExactly("type", "done", "total", "rate", "elapsed_ms", "eta_ms");
        assertThat(n.get("done").asLong()).isEqualTo(20);
        assertThat(n.get("total").asLong()).isEqualTo(32);
        assertThat(n.get("rate").decimalValue()).isEqualByComparingTo("1234.6");
        assertThat(n.get("elapsed_ms").asLong()).isEqualTo(1500);
        assertThat(n.get("eta_ms").asLong()).isEqualTo(1700);
        JsonNode early = parse(new Progress(0, 0, Double.NaN, Duration.ZERO, Optional.empty()));
        assertThat(early.get("eta_ms").isNull()).isTrue();
        assertThat(early.get("rate").isNull()).isTrue();
    }

    @Test
    void hostDoneNamesTheHost() throws Exception {
        JsonNode n = parse(new HostCompleted(Scans.ip("2001:db8:0:0:0:0:0:5")));
        assertThat(n.get("type").asText()).isEqualTo("host_done");
        assertThat(n.get("ip").asText()).isEqualTo("2001:db8::5");
    }

    @Test
    void terminalEventsCarryTheSummary() throws Exception {
        var summary = Scans.summary(3.2, 256, 31, 212);
        for (ScanEvent e : List.of(new Finished(summary), new Cancelled(summary), new Failed("no route", summary))) {
            JsonNode n = parse(e);
            JsonNode s = n.get("summary");
            assertThat(n.get("type").asText()).isEqualTo(EventJson.typeOf(e));
            assertThat(s.get("started_at").asText()).isEqualTo("2025-03-01T12:00:00.123Z");
            assertThat(s.get("ended_at").asText()).isEqualTo("2025-03-01T12:00:03.323Z");
            assertThat(s.get("elapsed_ms").asLong()).isEqualTo(3200);
            assertThat(s.get("targets").asLong()).isEqualTo(256);
            assertThat(s.get("hosts_up").asLong()).isEqualTo(31);
            assertThat(s.get("open_ports").asLong()).isEqualTo(212);
            assertThat(s.get("probes_sent").asLong()).isEqualTo(24);
        }
        assertThat(parse(new Failed("no route", summary)).get("message").asText()).isEqualTo("no route");
        assertThat(T0).isEqualTo(summary.startedAt());
    }

    @Test
    void everyControlAndSpecialCharacterRoundTrips() throws Exception {
        StringBuilder hostile = new StringBuilder("\"quoted\" back\\slash /slash ");
        for (char c = 0; c < 0xA0; c++) {
            hostile.append(c);
        }
        hostile.append("\u2028\u2029 日本 😀 \u202e");
        var event = new HostnameResolved(A5, Optional.of(hostile.toString()), DnsStatus.OK);
        String json = EventJson.toJson(event);

        for (char c : json.toCharArray()) {
            assertThat(c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029)
                    .as("raw U+%04X in output", (int) c).isFalse();
        }
        assertThat(json).contains("\\u0000", "\\u001f", "\\u2028", "\\u2029", "\\\"quoted\\\"", "back\\\\slash");
        assertThat(mapper.readTree(json).get("hostname").asText()).isEqualTo(hostile.toString());
    }

    @Test
    void unpairedSurrogatesBecomeReplacementCharacters() throws Exception {
        var event = new HostnameResolved(A5, Optional.of("a\ud800b\udfffc😀"), DnsStatus.OK);
        String json = EventJson.toJson(event);
        assertThat(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .asString(java.nio.charset.StandardCharsets.UTF_8).isEqualTo(json);
        assertThat(mapper.readTree(json).get("hostname").asText()).isEqualTo("a\uFFFDb\uFFFDc😀");
    }

    @Test
    void rttKeepsMicrosecondPrecisionInPlainNotation() throws Exception {
        assertThat(Numbers.millis(Duration.ofNanos(37_000))).isEqualTo("0.037");
        assertThat(Numbers.millis(Duration.ofNanos(12_000_000))).isEqualTo("12");
        assertThat(Numbers.millis(Duration.ofNanos(1_234_567))).isEqualTo("1.235");
        assertThat(Numbers.millis(Duration.ofSeconds(90))).isEqualTo("90000");
        assertThat(Numbers.millis(Duration.ZERO)).isEqualTo("0");
        assertThat(Numbers.millis(Duration.ofNanos(1_000_500))).as("half up").isEqualTo("1.001");
        assertThat(Numbers.millis(Duration.ofNanos(1_000_499))).isEqualTo("1");
        assertThat(Numbers.millis(Duration.ofNanos(1_999_500))).as("carries into the whole").isEqualTo("2");
        assertThat(Numbers.millis(Duration.ofNanos(1_100_000))).isEqualTo("1.1");
        assertThat(Numbers.millis(Duration.ofNanos(-1_234_567))).isEqualTo("-1.235");
    }
}
