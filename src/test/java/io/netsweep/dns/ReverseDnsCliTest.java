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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * Reverse DNS through the command line, run as a separate process, against DNS servers this test starts:
 * a real dnsmasq, a server that never answers, and one that answers hostile names. Loopback names never
 * leave the machine, so the hosts whose names come from a server are addresses of {@link IsolatedNetns}
 * (a namespace of the test's own with no route out), where the server and netsweep both run.
 */
class ReverseDnsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLOSED_PORT = "9"; // nothing listens in the namespace
    /**
     * The longest DNS timeout, for servers that answer: their answers come in milliseconds, so it only guards
     * against a hang, and a loaded machine cannot turn an answer into a timeout.
     */
    private static final String ANSWERS_COME = "--dns-timeout=60000";
    private ServerSocket listener;

    @BeforeEach
    void open() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    private record Run(String out) {
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
        return run(NetsweepCommand.of(args));
    }

    private static Run netsweepIn(IsolatedNetns netns, String... args) throws Exception {
        return run(netns.command(NetsweepCommand.of(args)));
    }

    private static Run run(List<String> command) throws Exception {
        return new Run(NetsweepRun.ofCommand(command, NetsweepRun.DEFAULT_LIMIT).assertSuccess().stdout());
    }

    private static String server(java.net.InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** A server of {@link FakeDnsServer#main} on 127.0.0.1:53 inside {@code netns}, once it listens. */
    private static Process fakeServerIn(IsolatedNetns netns, String mode) throws Exception {
        return fakeServerIn(netns, mode, ProcessBuilder.Redirect.DISCARD);
    }

    /** The same, with the question names it receives written to {@code questions}, one a line. */
    private static Process fakeServerIn(IsolatedNetns netns, String mode, ProcessBuilder.Redirect questions)
            throws Exception {
        List<String> java = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), FakeDnsServer.class.getName(), mode,
                String.valueOf(DnsServerSpec.DEFAULT_PORT)));
        Process server = new ProcessBuilder(netns.command(java)).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(questions).start();
        if (!netns.awaitUdpListener(DnsServerSpec.DEFAULT_PORT, server, Duration.ofSeconds(30))) {
            IsolatedNetns.stop(server);
            throw new IOException("the " + mode + " DNS server did not start in the namespace");
        }
        return server;
    }

    @Test
    void hostsGetTheirNamesFromTheChosenServer() throws Exception {
        try (IsolatedNetns netns = IsolatedNetns.create();
             Dnsmasq dns = Dnsmasq.startIn(netns, List.of(
                     "--ptr-record=1.2.0.192.in-addr.arpa,host1.lab.test",
                     "--ptr-record=2.2.0.192.in-addr.arpa,host2.lab.test",
                     "--ptr-record=1." + "0.".repeat(23) + "8.b.d.0.1.0.0.2.ip6.arpa,v6host.lab.test"))) {
            Map<String, JsonNode> names = netsweepIn(netns, "-Pn", "-p", CLOSED_PORT, "--dns-server",
                    server(dns.address()), ANSWERS_COME, "-o", "json", "192.0.2.1-3", "2001:db8::1").names();
            assertThat(names.get("192.0.2.1").path("hostname").asText()).isEqualTo("host1.lab.test");
            assertThat(names.get("192.0.2.2").path("hostname").asText()).isEqualTo("host2.lab.test");
            assertThat(names.get("192.0.2.3").path("hostname").isNull()).isTrue();
            assertThat(names.get("192.0.2.3").path("dns").asText()).isEqualTo("nxdomain");
            assertThat(names.get("2001:db8::1").path("hostname").asText()).isEqualTo("v6host.lab.test");

            String table = netsweepIn(netns, "-Pn", "-p", CLOSED_PORT, "--show", "closed", "--dns-server",
                    server(dns.address()), ANSWERS_COME, "192.0.2.1").out();
            assertThat(table).contains("192.0.2.1").contains("host1.lab.test");
        }
    }

    @Test
    void hostnameTargetsAreResolvedThroughTheSameServer() throws Exception {
        try (Dnsmasq dns = Dnsmasq.start(List.of("--host-record=web.lab.test,127.0.0.1",
                "--ptr-record=1.0.0.127.in-addr.arpa,loop1.lab.test"), "web.lab.test.", Type.A)) {
            Run run = netsweep("-Pn", "-p", String.valueOf(listener.getLocalPort()), "--dns-server",
                    server(dns.address()), ANSWERS_COME, "-o", "json", "web.lab.test");
            List<JsonNode> ports = run.json().stream().filter(n -> n.path("type").asText().equals("port")).toList();
            assertThat(ports).singleElement().satisfies(n -> {
                assertThat(n.path("ip").asText()).isEqualTo("127.0.0.1");
                assertThat(n.path("port").asInt()).isEqualTo(listener.getLocalPort());
            });
            // the address is loopback: its name is the machine's own, never the server's
            assertThat(run.names().get("127.0.0.1").path("hostname").asText())
                    .isEqualTo(SystemHosts.expectedName("127.0.0.1").orElseThrow());
            assertThat(dns.questionsBefore()).contains("A web.lab.test").doesNotContain("PTR 1.0.0.127.in-addr.arpa");
        }
    }

    @Test
    void anUnknownHostnameTargetIsABadInput() throws Exception {
        try (Dnsmasq dns = Dnsmasq.start(List.of("--host-record=web.lab.test,127.0.0.1"), "web.lab.test.", Type.A)) {
            NetsweepRun run = NetsweepRun.of("--dns-server", server(dns.address()), "nothere.lab.test").assertExit(2);
            assertThat(run.stdout()).isEmpty();
            assertThat(run.stderr().strip().lines().toList()).singleElement().asString().contains("nothere.lab.test");
        }
    }

    /**
     * Every name behind a server that never answers ends as a timeout, and no address is asked more than its
     * query and one retry (lookups that start once the server is known silent ask nothing but a probe). How
     * little time that costs a scan is a speed goal: {@code bench/dns-dead-server} measures it (BENCHMARKS.md).
     */
    @Test
    void aDeadServerTimesOutEveryNameAskingEachAddressAtMostTwice() throws Exception {
        Path questions = Files.createTempFile("netsweep-dead-dns-" + ProcessHandle.current().pid() + "-", ".txt");
        try (IsolatedNetns netns = IsolatedNetns.create()) {
            Process dead = fakeServerIn(netns, "silent", ProcessBuilder.Redirect.to(questions.toFile()));
            Run off;
            Run slow;
            try {
                String target = "192.0.2.1-20";
                off = netsweepIn(netns, "-Pn", "-n", "-p", CLOSED_PORT, "-o", "json", target);
                slow = netsweepIn(netns, "-Pn", "-p", CLOSED_PORT, "--dns-server", "127.0.0.1",
                        "--dns-timeout", "1000", "-o", "json", target);
            } finally {
                IsolatedNetns.stop(dead);
            }
            assertThat(off.names()).isEmpty();
            assertThat(slow.names()).hasSize(20).allSatisfy((ip, n) -> {
                assertThat(n.path("hostname").isNull()).isTrue();
                assertThat(n.path("dns").asText()).isEqualTo("timeout");
            });
            Set<String> asked = new HashSet<>();
            for (int i = 1; i <= 20; i++) {
                asked.add(i + ".2.0.192.in-addr.arpa.");
            }
            Map<String, Long> perName = Files.readAllLines(questions).stream()
                    .collect(Collectors.groupingBy(name -> name, Collectors.counting()));
            assertThat(perName).as("the questions the dead server got").isNotEmpty();
            assertThat(asked).containsAll(perName.keySet());
            assertThat(perName.values()).as("queries per address").allMatch(n -> n <= 2);
        } finally {
            Files.deleteIfExists(questions);
        }
    }

    @Test
    void hostileNamesNeverReachTheTerminalRaw() throws Exception {
        try (IsolatedNetns netns = IsolatedNetns.create()) {
            Process hostile = fakeServerIn(netns, "hostile");
            try {
                String table = netsweepIn(netns, "-Pn", "-p", CLOSED_PORT, "--show", "closed", "--dns-server",
                        "127.0.0.1", ANSWERS_COME, "192.0.2.1").out();
                assertThat(table).doesNotContain("\u001b").contains("evil");
                assertThat(table.lines().filter(l -> l.contains("6.6.6.6"))).allSatisfy(l ->
                        assertThat(l).doesNotStartWith("Host 6.6.6.6"));
                String csv = netsweepIn(netns, "-Pn", "-p", CLOSED_PORT, "--show", "closed", "--dns-server",
                        "127.0.0.1", ANSWERS_COME, "-o", "csv", "192.0.2.1").out();
                assertThat(csv).doesNotContain("\u001b").doesNotContain("\r\nHost").contains("evil");
            } finally {
                IsolatedNetns.stop(hostile);
            }
        }
    }
}
