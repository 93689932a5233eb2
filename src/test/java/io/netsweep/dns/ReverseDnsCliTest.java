package io.netsweep.dns;

import io.netsweep.testing.NetsweepCommand;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * Reverse DNS through the command line, run as a separate process, against DNS servers this test
 * starts on loopback: a real dnsmasq, a server that never answers, and one that answers hostile names.
 */
class ReverseDnsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ServerSocket listener;

    @BeforeEach
    void open() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    private record Run(String out, Duration took) {
        List<JsonNode> json() throws IOException {
            List<JsonNode> lines = new ArrayList<>();
            for (String l : out.lines().toList()) {
                lines.add(JSON.readTree(l));
            }
            return lines;
        }

        Map<String, JsonNode> names() throws IOException {
            Map<String, JsonNode> m = new HashMap<>();
            for (JsonNode n : json()) {
                if (n.path("type").asText().equals("hostname")) {
                    m.put(n.path("ip").asText(), n);
                }
            }
            return m;
        }
    }

    private static Run netsweep(String... args) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(NetsweepCommand.of(args)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return new Run(out, Duration.ofNanos(System.nanoTime() - t0));
    }

    private static String server(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Test
    void hostsGetTheirNamesFromTheChosenServer() throws Exception {
        try (Dnsmasq dns = Dnsmasq.start(List.of(
                "--ptr-record=1.0.0.127.in-addr.arpa,loop1.lab.test",
                "--ptr-record=2.0.0.127.in-addr.arpa,loop2.lab.test",
                "--ptr-record=1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa,v6loop.lab.test"),
                "1.0.0.127.in-addr.arpa.", Type.PTR)) {
            Map<String, JsonNode> names = netsweep("-Pn", "-p", String.valueOf(listener.getLocalPort()),
                    "--dns-server", server(dns.address()), "-o", "json", "127.0.0.1-3", "::1").names();
            assertThat(names.get("127.0.0.1").path("hostname").asText()).isEqualTo("loop1.lab.test");
            assertThat(names.get("127.0.0.2").path("hostname").asText()).isEqualTo("loop2.lab.test");
            assertThat(names.get("127.0.0.3").path("hostname").isNull()).isTrue();
            assertThat(names.get("127.0.0.3").path("dns").asText()).isEqualTo("nxdomain");
            assertThat(names.get("::1").path("hostname").asText()).isEqualTo("v6loop.lab.test");

            String table = netsweep("-Pn", "-p", String.valueOf(listener.getLocalPort()), "--dns-server",
                    server(dns.address()), "127.0.0.1").out();
            assertThat(table).contains("127.0.0.1").contains("loop1.lab.test");
        }
    }

    @Test
    void hostnameTargetsAreResolvedThroughTheSameServer() throws Exception {
        try (Dnsmasq dns = Dnsmasq.start(List.of("--host-record=web.lab.test,127.0.0.1",
                "--ptr-record=1.0.0.127.in-addr.arpa,loop1.lab.test"), "web.lab.test.", Type.A)) {
            Run run = netsweep("-Pn", "-p", String.valueOf(listener.getLocalPort()), "--dns-server",
                    server(dns.address()), "-o", "json", "web.lab.test");
            List<JsonNode> ports = run.json().stream().filter(n -> n.path("type").asText().equals("port")).toList();
            assertThat(ports).singleElement().satisfies(n -> {
                assertThat(n.path("ip").asText()).isEqualTo("127.0.0.1");
                assertThat(n.path("port").asInt()).isEqualTo(listener.getLocalPort());
            });
            assertThat(run.names().get("127.0.0.1").path("hostname").asText()).isEqualTo("loop1.lab.test");
        }
    }

    @Test
    void anUnknownHostnameTargetIsABadInput() throws Exception {
        try (Dnsmasq dns = Dnsmasq.start(List.of("--host-record=web.lab.test,127.0.0.1"), "web.lab.test.", Type.A)) {
            Process p = new ProcessBuilder(NetsweepCommand.of("--dns-server", server(dns.address()),
                    "nothere.lab.test")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(2);
            assertThat(out.strip().lines().toList()).singleElement().asString().contains("nothere.lab.test");
        }
    }

    @Test
    void aDeadServerCostsAtMostTheTimeout() throws Exception {
        try (DatagramSocket dead = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            String target = "127.0.0.1-20";
            String port = String.valueOf(listener.getLocalPort());
            Run off = netsweep("-Pn", "-n", "-p", port, "-o", "json", target);
            Run slow = netsweep("-Pn", "-p", port, "--dns-server", "127.0.0.1:" + dead.getLocalPort(),
                    "--dns-timeout", "1000", "-o", "json", target);
            assertThat(slow.names()).hasSize(20).allSatisfy((ip, n) -> {
                assertThat(n.path("hostname").isNull()).isTrue();
                assertThat(n.path("dns").asText()).isEqualTo("timeout");
            });
            assertThat(slow.took().minus(off.took())).isLessThan(Duration.ofMillis(1000 + 1500));
            assertThat(off.names()).isEmpty();
        }
    }

    @Test
    void hostileNamesNeverReachTheTerminalRaw() throws Exception {
        byte[] hostile = Wire.name(new byte[][] {"evil\u001b[31mred\r\nHost 6.6.6.6".getBytes(StandardCharsets.ISO_8859_1),
                "lab".getBytes(StandardCharsets.US_ASCII)});
        try (var dns = new FakeDnsServer(q -> List.of(Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(hostile))))) {
            String table = netsweep("-Pn", "-p", String.valueOf(listener.getLocalPort()), "--dns-server",
                    server(dns.address()), "127.0.0.1").out();
            assertThat(table).doesNotContain("\u001b").contains("evil");
            assertThat(table.lines().filter(l -> l.contains("6.6.6.6"))).allSatisfy(l ->
                    assertThat(l).doesNotStartWith("Host 6.6.6.6"));
            String csv = netsweep("-Pn", "-p", String.valueOf(listener.getLocalPort()), "--dns-server",
                    server(dns.address()), "-o", "csv", "127.0.0.1").out();
            assertThat(csv).doesNotContain("\u001b").doesNotContain("\r\nHost");
        }
    }
}
