package io.netsweep.dns;

import io.netsweep.testing.NetsweepCommand;
import io.netsweep.testing.NetsweepRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * The command line end to end, as a separate process, with {@code --dns-server} pointing at a real dnsmasq on
 * 127.0.0.1 that logs every question: what the machine knows stays on it, hostname targets are resolved by one
 * resolver per scan, and {@code --resolve-all} scans every address of a name.
 */
class LocalNamesCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The longest DNS timeout, for servers that answer: their answers come in milliseconds, so it only guards
     * against a hang, and a loaded machine (a cold JVM parsing its first answer with little CPU) cannot turn an
     * answer into a timeout and the hostname target into exit code 2.
     */
    private static final String ANSWERS_COME = "--dns-timeout=60000";
    /**
     * For the scan whose first server is silent: each name's retry goes to the answering server half this after
     * its first query, so this is what a loaded machine has to parse the answer in.
     */
    private static final String SILENT_FIRST_TIMEOUT = "--dns-timeout=12000";
    private ServerSocket listener;

    @BeforeEach
    void open() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    private static List<JsonNode> netsweep(String... args) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : NetsweepRun.of(args).assertSuccess().lines()) {
            lines.add(JSON.readTree(l));
        }
        return lines;
    }

    private static List<JsonNode> ofType(List<JsonNode> lines, String type) {
        return lines.stream().filter(n -> n.path("type").asText().equals(type)).toList();
    }

    private static String server(java.net.InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Test
    void loopbackTargetsAreNamedByTheMachineAndNeverAskedOfTheServer() throws Exception {
        try (Dnsmasq dns = Dnsmasq.start(List.of(
                "--ptr-record=1.0.0.127.in-addr.arpa,loop1.dns.test",
                "--ptr-record=2.0.0.127.in-addr.arpa,loop2.dns.test",
                "--ptr-record=3.0.0.127.in-addr.arpa,loop3.dns.test",
                "--ptr-record=1." + "0.".repeat(31) + "ip6.arpa,v6loop.dns.test",
                "--ptr-record=9.9.9.10.in-addr.arpa,probe.dns.test"),
                "9.9.9.10.in-addr.arpa.", Type.PTR)) {
            List<String> targets = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "::1");
            List<JsonNode> lines = netsweep("-Pn", "-p", String.valueOf(listener.getLocalPort()), "--dns-server",
                    server(dns.address()), ANSWERS_COME, "-o", "json", "127.0.0.1-3", "::1");

            List<JsonNode> names = ofType(lines, "hostname");
            assertThat(names).extracting(n -> n.path("ip").asText()).containsExactlyInAnyOrderElementsOf(targets);
            for (JsonNode n : names) {
                Optional<String> expected = SystemHosts.expectedName(n.path("ip").asText());
                if (expected.isPresent()) {
                    assertThat(n.path("hostname").asText()).as(n.toString()).isEqualTo(expected.get());
                    assertThat(n.path("dns").asText()).isEqualTo("ok");
                } else {
                    assertThat(n.path("hostname").isNull()).as(n.toString()).isTrue();
                    assertThat(n.path("dns").asText()).isEqualTo("not_found_locally");
                }
            }
            assertThat(dns.questionsBefore()).containsExactly("PTR 9.9.9.10.in-addr.arpa"); // its readiness probe only
        }
    }

    @Test
    void resolveAllScansEveryAddressOfAHostnameAndTheFirstOnlyWithout() throws Exception {
        try (Dnsmasq dns = Dnsmasq.start(List.of("--host-record=web.lab.test,127.0.0.2,::1",
                "--host-record=web.lab.test,127.0.0.3"), "web.lab.test.", Type.A)) {
            String port = String.valueOf(listener.getLocalPort());
            List<JsonNode> first = netsweep("-Pn", "-n", "-p", port, "--dns-server", server(dns.address()),
                    ANSWERS_COME, "-o", "json", "web.lab.test");
            List<JsonNode> all = netsweep("-Pn", "-n", "-p", port, "--dns-server", server(dns.address()),
                    ANSWERS_COME, "-o", "json", "--resolve-all", "web.lab.test");

            assertThat(ofType(first, "host")).singleElement()
                    .satisfies(h -> assertThat(h.path("ip").asText()).isIn("127.0.0.2", "127.0.0.3"));
            assertThat(ofType(all, "host")).extracting(h -> h.path("ip").asText())
                    .containsExactlyInAnyOrder("127.0.0.2", "127.0.0.3", "::1");
        }
    }

    @Test
    void helpDocumentsResolveAll() throws Exception {
        Process p = new ProcessBuilder(NetsweepCommand.of("--help")).redirectErrorStream(true).start();
        String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(help).contains("--resolve-all Scan every address of a hostname target, not only the first");
    }

    @Test
    void oneResolverServesEveryHostnameOfAScanSoASilentServerIsNoticedOnce() throws Exception {
        List<String> hosts = IntStream.rangeClosed(1, 6).mapToObj(i -> "n" + i + ".lab.test").toList();
        List<String> records = new ArrayList<>();
        for (int i = 1; i <= hosts.size(); i++) {
            records.add("--host-record=" + hosts.get(i - 1) + ",127.0.0." + (10 + i));
        }
        try (var silent = new FakeDnsServer(q -> List.of());
             Dnsmasq dns = Dnsmasq.start(records, "n1.lab.test.", Type.A)) {
            List<String> args = new ArrayList<>(List.of("-Pn", "-n", "-p", String.valueOf(listener.getLocalPort()),
                    "--dns-server", server(silent.address()), "--dns-server", server(dns.address()),
                    SILENT_FIRST_TIMEOUT, "-o", "json"));
            args.addAll(hosts);
            List<JsonNode> lines = netsweep(args.toArray(String[]::new));

            assertThat(ofType(lines, "host")).extracting(h -> h.path("ip").asText()).containsExactlyInAnyOrderElementsOf(
                    IntStream.rangeClosed(11, 16).mapToObj(i -> "127.0.0." + i).toList());
            // Each name's first query goes to the silent server, its retry to dnsmasq, half a timeout later.
            // One resolver finds the silent server out a whole timeout after its first query, and the names
            // asked after that skip it; a resolver per name would ask it about every one.
            var asked = new TreeSet<>(silent.questionNames());
            assertThat(asked).contains("n1.lab.test.").doesNotContain("n4.lab.test.", "n5.lab.test.", "n6.lab.test.");
        }
    }
}
