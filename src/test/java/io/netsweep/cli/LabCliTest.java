package io.netsweep.cli;

import io.netsweep.testing.NetsweepCommand;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.lab.LabNetwork;
import io.netsweep.lab.LabNetwork.Host;
import io.netsweep.port.PortPresets;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command line end to end inside the lab LAN: netsweep runs in the lab's scanner namespace (no
 * route out) and its JSON Lines are checked against the lab's ground truth.
 */
class LabCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAN = "10.231.0.0/24";
    private static final String ROUTED = "10.231.1.0/24";
    private static LabNetwork lab;

    @BeforeAll
    static void buildLab() {
        lab = LabNetwork.start(30, 0);
    }

    @AfterAll
    static void tearDownLab() {
        if (lab != null) {
            lab.close();
        }
    }

    /** Runs netsweep in the scanner namespace and returns its JSON Lines. */
    private static List<JsonNode> netsweep(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(NetsweepCommand.of("-n", "-o", "json"));
        cmd.addAll(List.of(args));
        Process p = lab.runInScanner(cmd.toArray(String[]::new));
        String out = LabNetwork.finish(p, Duration.ofMinutes(2), "netsweep " + String.join(" ", args));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.lines().toList()) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines).as("output of netsweep %s:\n%s", String.join(" ", args), out).isNotEmpty();
        assertThat(lines.getLast().path("type").asText()).isEqualTo("finished");
        return lines;
    }

    private static Map<String, JsonNode> hostsUp(List<JsonNode> lines) {
        Map<String, JsonNode> up = new HashMap<>();
        for (JsonNode n : lines) {
            if (n.path("type").asText().equals("host") && n.path("status").asText().equals("up")) {
                assertThat(up.put(n.path("ip").asText(), n)).as("%s reported up once", n.path("ip")).isNull();
            }
        }
        return up;
    }

    private static Map<String, Set<Integer>> ports(List<JsonNode> lines, String state) {
        Map<String, Set<Integer>> m = new TreeMap<>();
        for (JsonNode n : lines) {
            if (n.path("type").asText().equals("port") && n.path("state").asText().equals(state)) {
                m.computeIfAbsent(n.path("ip").asText(), k -> new TreeSet<>()).add(n.path("port").asInt());
            }
        }
        return m;
    }

    private static String ip(InetAddress a) {
        return a.getHostAddress();
    }

    @Test
    void discoveryOnlyReportsExactlyTheLiveHostsWithMacsAndVendors() throws Exception {
        Map<String, JsonNode> up = hostsUp(netsweep("-sn", LAN, ROUTED));

        Set<String> expected = lab.truth().hosts().stream().map(h -> ip(h.ipv4())).collect(Collectors.toSet());
        expected.add("10.231.1.1"); // the router's side on the routed subnet
        assertThat(up.keySet()).as("precision and recall").containsExactlyInAnyOrderElementsOf(expected);
        for (Host h : lab.truth().hosts()) {
            JsonNode n = up.get(ip(h.ipv4()));
            if (h.onLan()) {
                assertThat(n.path("mac").asText()).as("MAC of %s", h.label()).isEqualTo(h.mac().toString());
                assertThat(n.path("vendor").isNull() ? null : n.path("vendor").asText())
                        .as("vendor of %s", h.label()).isEqualTo(h.vendor().orElse(null));
                assertThat(n.path("reason").asText()).isEqualTo(h.answersIcmp() ? "icmp-echo" : "arp");
            } else {
                assertThat(n.path("mac").isNull()).as("no MAC beyond the router for %s", h.label()).isTrue();
            }
        }
    }

    @Test
    void defaultPipelineFindsEveryOpenPortOfTheLab() throws Exception {
        assertThat(PortPresets.topPorts(ScanRequests.DEFAULT_TOP_PORTS).stream().boxed().toList())
                .as("every port the lab opens is among the default ports")
                .containsAll(lab.truth().portUniverse());
        List<JsonNode> lines = netsweep(LAN, ROUTED);

        Map<String, Set<Integer>> expected = new TreeMap<>();
        for (Host h : lab.truth().hosts()) {
            if (!h.open().isEmpty()) {
                expected.put(ip(h.ipv4()), new TreeSet<>(h.open()));
            }
        }
        assertThat(ports(lines, "open")).isEqualTo(expected);
    }

    @Test
    void everyPortStateMatchesTheGroundTruth() throws Exception {
        String universe = lab.truth().portUniverse().stream().map(String::valueOf).collect(Collectors.joining(","));
        List<JsonNode> lines = netsweep("--show", "closed,filtered", "-p", universe, LAN);
        Map<String, Set<Integer>> open = ports(lines, "open");
        Map<String, Set<Integer>> closed = ports(lines, "closed");
        Map<String, Set<Integer>> filtered = ports(lines, "filtered");
        lab.truth().hosts().stream().filter(h -> h.kind().equals("lan")).forEach(h -> {
            String a = ip(h.ipv4());
            assertThat(open.getOrDefault(a, Set.of())).as("open on %s", h.label()).isEqualTo(Set.copyOf(h.open()));
            assertThat(closed.getOrDefault(a, Set.of())).as("closed on %s", h.label())
                    .isEqualTo(Set.copyOf(h.closed()));
            assertThat(filtered.getOrDefault(a, Set.of())).as("filtered on %s", h.label())
                    .isEqualTo(Set.copyOf(h.filtered()));
        });
    }

    @Test
    void aLossyLinkLosesNoPortRetransmissionsCanRecover() throws Exception {
        String universe = lab.truth().portUniverse().stream().map(String::valueOf).collect(Collectors.joining(","));
        List<String> lanHosts = lab.truth().hosts().stream().filter(h -> h.kind().equals("lan"))
                .map(h -> ip(h.ipv4())).toList();
        lab.setLoss(1); // on every LAN host, each way: about 2 % of probes or answers lost, as on the benchmark link
        List<JsonNode> lines;
        try {
            List<String> args = new ArrayList<>(List.of("-Pn", "--retries", "6", "--show", "closed", "-p", universe));
            args.addAll(lanHosts);
            lines = netsweep(args.toArray(String[]::new));
        } finally {
            lab.setLoss(0);
        }
        Map<String, Set<Integer>> open = ports(lines, "open");
        Map<String, Set<Integer>> closed = ports(lines, "closed");
        lab.truth().hosts().stream().filter(h -> h.kind().equals("lan")).forEach(h -> {
            String a = ip(h.ipv4());
            assertThat(open.getOrDefault(a, Set.of())).as("open on %s", h.label()).isEqualTo(Set.copyOf(h.open()));
            assertThat(closed.getOrDefault(a, Set.of())).as("closed on %s", h.label())
                    .isEqualTo(Set.copyOf(h.closed()));
        });
    }

    @Test
    void ipv6HostsOfTheLinkAreScanned() throws Exception {
        Host h = lab.truth().hosts().stream().filter(x -> x.kind().equals("lan") && x.ipv6().isPresent()
                && !x.open().isEmpty()).findFirst().orElseThrow();
        String v6 = h.ipv6().orElseThrow().getHostAddress();
        List<JsonNode> lines = netsweep("-p", h.open().stream().map(String::valueOf).collect(Collectors.joining(",")),
                v6);
        Map<String, Set<Integer>> open = ports(lines, "open");
        assertThat(open.values()).containsExactly(Set.copyOf(h.open()));
        assertThat(hostsUp(lines)).hasSize(1);
    }

    @Test
    void reverseDnsForEveryTargetNamesDownHostsToo() throws Exception {
        Host h = lab.truth().hosts().stream().filter(x -> x.kind().equals("lan")).findFirst().orElseThrow();
        String ghost = "10.231.0.200"; // unassigned in the lab
        int port = 5300 + (int) (ProcessHandle.current().pid() % 500);
        Process dns = lab.runInScanner("dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces", "--user=root",
                "--local=/in-addr.arpa/", "--ptr-record=200.0.231.10.in-addr.arpa,ghost.lab.test",
                "--ptr-record=" + reversed(h.ipv4()) + ",first.lab.test");
        try {
            assertThat(awaitUdpListener(port, dns, Duration.ofSeconds(20)))
                    .as("dnsmasq listening on 127.0.0.1:%d in the scanner namespace", port).isTrue();
            List<JsonNode> lines = netsweepWithDns("127.0.0.1:" + port, "-sn", "-R", ghost, ip(h.ipv4()));
            Map<String, String> names = new HashMap<>();
            Map<String, String> status = new HashMap<>();
            for (JsonNode n : lines) {
                switch (n.path("type").asText()) {
                    case "hostname" -> names.put(n.path("ip").asText(), n.path("hostname").asText());
                    case "host" -> status.put(n.path("ip").asText(), n.path("status").asText());
                    default -> { }
                }
            }
            assertThat(status).containsEntry(ghost, "down").containsEntry(ip(h.ipv4()), "up");
            assertThat(names).containsEntry(ghost, "ghost.lab.test").containsEntry(ip(h.ipv4()), "first.lab.test");
        } finally {
            dns.destroy();
            dns.waitFor();
        }
    }

    /**
     * Polls the scanner namespace's sockets until {@code server} listens on UDP {@code port} (from then on
     * a query waits in its socket buffer even before it reads one); false if it ends or the deadline passes.
     */
    private static boolean awaitUdpListener(int port, Process server, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end && server.isAlive()) {
            String sockets = lab.execInScanner(Duration.ofSeconds(10), "ss", "-H", "-l", "-u", "-n",
                    "sport", "=", ":" + port);
            if (!sockets.isBlank()) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return false;
    }

    private static String reversed(InetAddress a) {
        byte[] b = a.getAddress();
        return (b[3] & 0xff) + "." + (b[2] & 0xff) + "." + (b[1] & 0xff) + "." + (b[0] & 0xff) + ".in-addr.arpa";
    }

    /** Like {@link #netsweep} but with reverse DNS on, through {@code server}. */
    private static List<JsonNode> netsweepWithDns(String server, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(NetsweepCommand.of("--dns-server", server, "-o", "json"));
        cmd.addAll(List.of(args));
        String out = LabNetwork.finish(lab.runInScanner(cmd.toArray(String[]::new)), Duration.ofMinutes(1),
                "netsweep " + String.join(" ", args));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.lines().filter(l -> l.startsWith("{")).toList()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }
}
