package io.netsweep.mcpserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netsweep.testing.ClosedPort;
import io.netsweep.testing.NetsweepCommand;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netsweep mcp} over stdio, driven by the TypeScript SDK's real client: tools listed with schemas and
 * annotations, scans of loopback listeners read back as results, resources, diffs and findings, refusals outside
 * the scope, limits, and cancellation. The tests of a server with the default options share one, each reading
 * back only what it made itself (a diff of the newest two scans is of the two it made last); a test that needs
 * other options starts a server of its own.
 */
class McpStdioClientTest {
    @TempDir
    Path dir;
    @TempDir
    static Path sharedDir;
    private static NodeMcpClient shared;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @AfterAll
    static void closeShared() throws Exception {
        if (shared != null) {
            shared.close();
        }
    }

    /** The class's server with the default options, started by the first test that asks for it. */
    private static NodeMcpClient defaultServer() throws IOException {
        if (shared == null) {
            shared = NodeMcpClient.stdio(NetsweepCommand.of("mcp", "--db", sharedDir.resolve("scans.db").toString()));
        }
        return shared;
    }

    private NodeMcpClient server(String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("mcp", "--db", dir.resolve("scans.db").toString()));
        args.addAll(List.of(options));
        NodeMcpClient client = NodeMcpClient.stdio(NetsweepCommand.of(args.toArray(String[]::new)));
        open.add(client);
        return client;
    }

    private ServerSocket listener() throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(s);
        return s;
    }

    @Test
    void listsEveryToolWithSchemasAndAnnotations() throws Exception {
        NodeMcpClient client = defaultServer();
        JsonNode tools = client.call("listTools").path("result").path("tools");
        List<String> names = StreamSupport.stream(tools.spliterator(), false).map(t -> t.path("name").asText()).toList();
        assertThat(names).containsExactlyInAnyOrder("scan", "scan_status", "scan_results", "cancel_scan", "list_scans",
                "diff_scans", "hosts", "findings", "explain_port");
        for (JsonNode t : tools) {
            assertThat(t.path("inputSchema").path("type").asText()).as(t.path("name").asText()).isEqualTo("object");
            assertThat(t.path("outputSchema").path("type").asText()).as(t.path("name").asText()).isEqualTo("object");
            assertThat(t.path("description").asText()).isNotBlank();
            boolean readOnly = !List.of("scan", "cancel_scan").contains(t.path("name").asText());
            assertThat(t.path("annotations").path("readOnlyHint").asBoolean()).as(t.path("name").asText())
                    .isEqualTo(readOnly);
        }
        JsonNode templates = client.call("listResourceTemplates").path("result").path("resourceTemplates");
        assertThat(templates.path(0).path("uriTemplate").asText()).isEqualTo("netsweep://scans/{id}");
    }

    @Test
    void scanOfLoopbackListenerStreamsProgressAndIsReadBack() throws Exception {
        ServerSocket open1 = listener();
        int closed = held().port();
        // 20 probes a second over 40 ports: two seconds, some ten progress reports.
        NodeMcpClient client = server("--rate", "20");
        String call = client.startTool("scan", "{\"targets\":\"127.0.0.1\",\"ports\":\"" + open1.getLocalPort() + ","
                + closed + ",1-38\",\"skip_discovery\":true,\"wait\":true}", true);
        JsonNode done = NodeMcpClient.structured(client.await(call));
        assertThat(done.path("status").asText()).isEqualTo("finished");
        assertThat(done.path("open_ports").asLong()).isEqualTo(1);
        assertThat(done.path("done").asLong()).isEqualTo(done.path("total").asLong());
        List<JsonNode> progress = client.progress(call);
        assertThat(progress).isNotEmpty();
        assertThat(progress.getLast().path("total").asDouble()).isEqualTo(done.path("total").asDouble());
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i).path("progress").asDouble())
                    .isGreaterThanOrEqualTo(progress.get(i - 1).path("progress").asDouble());
        }

        long id = done.path("scan_id").asLong();
        JsonNode results = NodeMcpClient.structured(client.tool("scan_results", "{\"scan_id\":" + id + "}"));
        assertThat(results.path("total_hosts").asInt()).isEqualTo(1);
        JsonNode host = results.path("hosts").path(0);
        assertThat(host.path("address").asText()).isEqualTo("127.0.0.1");
        assertThat(host.path("ports")).hasSize(1);
        assertThat(host.path("ports").path(0).path("port").asInt()).isEqualTo(open1.getLocalPort());
        assertThat(host.path("ports").path(0).path("state").asText()).isEqualTo("open");

        JsonNode resource = client.readResource("netsweep://scans/" + id);
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(resource.path("result").path("contents").path(0).path("text").asText());
        assertThat(body.path("hosts").path(0).path("ports").path(0).path("port").asInt()).isEqualTo(open1.getLocalPort());

        JsonNode scans = NodeMcpClient.structured(client.tool("list_scans", "{}"));
        assertThat(scans.path("scans").path(0).path("scan_id").asLong()).isEqualTo(id);
        assertThat(scans.path("scans").path(0).path("source").asText()).isEqualTo("mcp");
        JsonNode hosts = NodeMcpClient.structured(client.tool("hosts", "{\"port\":" + open1.getLocalPort() + "}"));
        assertThat(hosts.path("count").asInt()).isEqualTo(1);
    }

    @Test
    void scanReturnsItsIdAtOnceAndStatusWaitsForTheEnd() throws Exception {
        ServerSocket l = listener();
        NodeMcpClient client = server("--rate", "20");
        JsonNode started = NodeMcpClient.structured(client.tool("scan", "{\"targets\":[\"127.0.0.1\"],\"ports\":\""
                + l.getLocalPort() + ",1-40\",\"skip_discovery\":true}"));
        assertThat(started.path("scan_id").asLong()).isPositive();
        assertThat(started.path("addresses").asLong()).isEqualTo(1);
        assertThat(started.path("status").asText()).isEqualTo("running");
        String wait = client.startTool("scan_status", "{\"scan_id\":" + started.path("scan_id").asLong()
                + ",\"wait_seconds\":120}", true);
        JsonNode status = NodeMcpClient.structured(client.await(wait));
        assertThat(status.path("status").asText()).isEqualTo("finished");
        assertThat(status.path("percent").asDouble()).isEqualTo(100.0);
        assertThat(client.progress(wait)).isNotEmpty();
    }

    @Test
    void diffShowsThePortThatOpenedBetweenTwoScans() throws Exception {
        ServerSocket first = listener();
        ClosedPort held = held();
        int later = held.port();
        NodeMcpClient client = defaultServer();
        String ports = first.getLocalPort() + "," + later;
        long a = NodeMcpClient.structured(client.tool("scan", "{\"targets\":\"127.0.0.1\",\"ports\":\"" + ports
                + "\",\"wait\":true}")).path("scan_id").asLong();
        try (ServerSocket second = held.listen()) {
            long b = NodeMcpClient.structured(client.tool("scan", "{\"targets\":\"127.0.0.1\",\"ports\":\"" + ports
                    + "\",\"wait\":true}")).path("scan_id").asLong();
            JsonNode diff = NodeMcpClient.structured(client.tool("diff_scans", "{}"));
            assertThat(diff.path("older_scan_id").asLong()).isEqualTo(a);
            assertThat(diff.path("newer_scan_id").asLong()).isEqualTo(b);
            assertThat(diff.path("count").asInt()).isEqualTo(1);
            JsonNode change = diff.path("changes").path(0);
            assertThat(change.path("kind").asText()).isEqualTo("port_opened");
            assertThat(change.path("port").asInt()).isEqualTo(later);
            JsonNode explicit = NodeMcpClient.structured(client.tool("diff_scans",
                    "{\"old_scan_id\":" + b + ",\"new_scan_id\":" + a + "}"));
            assertThat(explicit.path("changes").path(0).path("kind").asText()).isEqualTo("port_closed");
        }
    }

    @Test
    void targetsOutsideTheScopeAreRefusedByNameAndNeverStarted() throws Exception {
        NodeMcpClient client = server("--scope", "127.0.0.0/30");
        String refused = NodeMcpClient.toolError(client.tool("scan", "{\"targets\":\"127.0.0.1-7\",\"ports\":\"9\"}"));
        assertThat(refused).contains("4 addresses are outside the scope (127.0.0.0/30)")
                .contains("127.0.0.4", "127.0.0.5", "127.0.0.6", "127.0.0.7").doesNotContain("127.0.0.3,")
                .contains("nothing was sent");
        String far = NodeMcpClient.toolError(client.tool("scan", "{\"targets\":[\"127.0.0.1\",\"::1\"],\"ports\":\"9\"}"));
        assertThat(far).contains("1 address is outside").contains("::1");
        // Refused before it started: no scan was stored, so none ran.
        assertThat(NodeMcpClient.structured(client.tool("list_scans", "{}")).path("total").asInt()).isZero();
        JsonNode inside = NodeMcpClient.structured(client.tool("scan", "{\"targets\":\"127.0.0.2\",\"ports\":\"9\","
                + "\"skip_discovery\":true,\"wait\":true}"));
        assertThat(inside.path("status").asText()).isEqualTo("finished");
    }

    @Test
    void withoutScopeOnlyLoopbackMayBeScanned() throws Exception {
        NodeMcpClient client = defaultServer();
        String refused = NodeMcpClient.toolError(client.tool("scan", "{\"targets\":\"192.0.2.1\",\"ports\":\"9\"}"));
        assertThat(refused).contains("outside the scope (127.0.0.0/8, ::1): 192.0.2.1");
    }

    @Test
    void limitsSetAtStartCannotBeExceeded() throws Exception {
        NodeMcpClient client = server("--max-addresses", "4", "--max-scans", "1", "--rate", "5");
        String tooMany = NodeMcpClient.toolError(client.tool("scan", "{\"targets\":\"127.0.0.1-8\",\"ports\":\"9\"}"));
        assertThat(tooMany).contains("8 addresses, more than the 4");
        // At 5 probes a second, 400 probes take over a minute: long enough to be running when the next call comes.
        JsonNode slow = NodeMcpClient.structured(client.tool("scan", "{\"targets\":\"127.0.0.1\",\"ports\":\"1-400\","
                + "\"skip_discovery\":true}"));
        String busy = NodeMcpClient.toolError(client.tool("scan", "{\"targets\":\"127.0.0.1\",\"ports\":\"9\"}"));
        assertThat(busy).contains("1 scans are running");
        JsonNode cancelled = NodeMcpClient.structured(client.tool("cancel_scan", "{\"scan_id\":"
                + slow.path("scan_id").asLong() + "}"));
        assertThat(cancelled.path("cancelled").asBoolean()).isTrue();
        assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void cancelStopsAScanThatAnotherCallIsWaitingFor() throws Exception {
        NodeMcpClient client = server("--rate", "5");
        long id = NodeMcpClient.structured(client.tool("scan", "{\"targets\":\"127.0.0.1\",\"ports\":\"1-400\","
                + "\"skip_discovery\":true}")).path("scan_id").asLong();
        String waiting = client.startTool("scan_status", "{\"scan_id\":" + id + ",\"wait_seconds\":300}", true);
        JsonNode cancel = NodeMcpClient.structured(client.tool("cancel_scan", "{\"scan_id\":" + id + "}"));
        assertThat(cancel.path("cancelled").asBoolean()).isTrue();
        JsonNode status = NodeMcpClient.structured(client.await(waiting));
        assertThat(status.path("status").asText()).isEqualTo("cancelled");
        JsonNode again = NodeMcpClient.structured(client.tool("cancel_scan", "{\"scan_id\":" + id + "}"));
        assertThat(again.path("cancelled").asBoolean()).isFalse();
        JsonNode stored = NodeMcpClient.structured(client.tool("list_scans", "{}")).path("scans").path(0);
        assertThat(stored.path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void findingsNameAnAiServiceThatAnswersWithoutCredentials() throws Exception {
        try (FakeOllama ollama = FakeOllama.start()) {
            NodeMcpClient client = defaultServer();
            long id = NodeMcpClient.structured(client.tool("scan", "{\"targets\":\"127.0.0.1\",\"ports\":\""
                    + ollama.port() + "\",\"service_detection\":true,\"wait\":true}")).path("scan_id").asLong();
            JsonNode findings = NodeMcpClient.structured(client.tool("findings", "{\"scan_id\":" + id + "}"));
            assertThat(findings.path("count").asInt()).isEqualTo(1);
            JsonNode f = findings.path("findings").path(0);
            assertThat(f.path("id").asText()).isEqualTo("llm-api-no-auth");
            assertThat(f.path("severity").asText()).isEqualTo("high");
            assertThat(f.path("port").asInt()).isEqualTo(ollama.port());
            assertThat(f.path("product").asText()).isEqualTo("Ollama");
            assertThat(f.path("auth").asText()).isEqualTo("none");
            assertThat(f.path("models").toString()).contains("llama3.2:3b");
            JsonNode latest = NodeMcpClient.structured(client.tool("findings", "{}"));
            assertThat(latest.path("scan_id").asLong()).isEqualTo(id);
        }
    }

    @Test
    void explainPortNamesTheUsualServiceAndPresets() throws Exception {
        NodeMcpClient client = defaultServer();
        JsonNode ssh = NodeMcpClient.structured(client.tool("explain_port", "{\"port\":22,\"service\":\"ssh\"}"));
        assertThat(ssh.path("iana_name").asText()).isEqualTo("ssh");
        assertThat(ssh.path("presets").toString()).contains("simple");
        assertThat(ssh.path("service_notes").asText()).contains("SSH");
        JsonNode ollama = NodeMcpClient.structured(client.tool("explain_port", "{\"port\":11434}"));
        assertThat(ollama.path("usually").asText()).contains("Ollama");
        assertThat(ollama.path("presets").toString()).contains("ai");
    }

    /** A UDP server on 127.0.0.1 that answers every datagram, until the test ends. */
    private DatagramSocket udpEcho() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread echo = Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[2048];
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    socket.send(new DatagramPacket(new byte[] {'p', 'o', 'n', 'g'}, 4, p.getSocketAddress()));
                }
            } catch (IOException closed) {
                // the test ended
            }
        });
        open.add(() -> {
            socket.close();
            echo.join();
        });
        return socket;
    }

    @Test
    void aUdpScanReportsEachPortUnderItsProtocol() throws Exception {
        ServerSocket tcp = listener();
        DatagramSocket udp = udpEcho();
        int closedUdp;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedUdp = s.getLocalPort();
        }
        NodeMcpClient client = server();
        String ports = "T:" + tcp.getLocalPort() + ",U:" + udp.getLocalPort() + "," + closedUdp;
        JsonNode done = NodeMcpClient.structured(client.tool("scan", "{\"targets\":\"127.0.0.1\",\"ports\":\"" + ports
                + "\",\"protocols\":[\"tcp\",\"udp\"],\"skip_discovery\":true,\"wait\":true}"));
        assertThat(done.path("status").asText()).isEqualTo("finished");
        assertThat(done.path("open_ports").asLong()).isEqualTo(2);
        long id = done.path("scan_id").asLong();
        JsonNode results = NodeMcpClient.structured(client.tool("scan_results", "{\"scan_id\":" + id + "}"));
        List<String> found = new ArrayList<>();
        results.path("hosts").path(0).path("ports").forEach(p -> found.add(p.path("port").asInt() + "/"
                + p.path("protocol").asText() + " " + p.path("state").asText()));
        assertThat(found).containsExactlyInAnyOrder(tcp.getLocalPort() + "/tcp open", udp.getLocalPort() + "/udp open");
        JsonNode hosts = NodeMcpClient.structured(client.tool("hosts", "{}"));
        assertThat(hosts.path("hosts").path(0).path("open_ports").toString())
                .contains("{\"port\":" + udp.getLocalPort() + ",\"protocol\":\"udp\"");
        // The inventory's port filter names a port as -p does: a number is TCP, U: is UDP.
        assertThat(NodeMcpClient.structured(client.tool("hosts", "{\"port\":\"U:" + udp.getLocalPort() + "\"}"))
                .path("count").asInt()).isEqualTo(1);
        assertThat(NodeMcpClient.structured(client.tool("hosts", "{\"port\":" + udp.getLocalPort() + "}"))
                .path("count").asInt()).isZero();
        assertThat(NodeMcpClient.structured(client.tool("hosts", "{\"port\":\"T:" + tcp.getLocalPort() + "\"}"))
                .path("count").asInt()).isEqualTo(1);
        assertThat(NodeMcpClient.structured(client.tool("hosts", "{\"port\":\"U:" + tcp.getLocalPort() + "\"}"))
                .path("count").asInt()).isZero();

        // UDP alone: the ports' UDP half.
        JsonNode udpOnly = NodeMcpClient.structured(client.tool("scan", "{\"targets\":\"127.0.0.1\",\"ports\":\""
                + udp.getLocalPort() + "\",\"protocols\":[\"udp\"],\"skip_discovery\":true,\"wait\":true}"));
        JsonNode only = NodeMcpClient.structured(client.tool("scan_results", "{\"scan_id\":"
                + udpOnly.path("scan_id").asLong() + "}")).path("hosts").path(0).path("ports");
        assertThat(only).hasSize(1);
        assertThat(only.path(0).path("protocol").asText()).isEqualTo("udp");
        List<JsonNode> scans = new ArrayList<>();
        NodeMcpClient.structured(client.tool("list_scans", "{}")).path("scans").forEach(scans::add);
        assertThat(scans).extracting(n -> n.path("ports").asText()).contains("U:" + udp.getLocalPort(),
                tcp.getLocalPort() + ",U:" + io.netsweep.port.PortSet.of(udp.getLocalPort(), closedUdp));
    }

    @Test
    void udpPortsWithoutUdpInProtocolsAreRefusedInTheToolsOwnTerms() throws Exception {
        NodeMcpClient client = server();
        String refused = NodeMcpClient.toolError(client.tool("scan", "{\"targets\":\"127.0.0.1\",\"ports\":\"U:53\"}"));
        assertThat(refused).isEqualTo("ports names UDP ports (U:): add \"udp\" to protocols");
        String tcp = NodeMcpClient.toolError(client.tool("scan", "{\"targets\":\"127.0.0.1\",\"ports\":\"T:22\","
                + "\"protocols\":[\"udp\"]}"));
        assertThat(tcp).isEqualTo("ports names TCP ports (T:): add \"tcp\" to protocols");
        JsonNode bad = client.tool("scan", "{\"targets\":\"127.0.0.1\",\"protocols\":[\"sctp\"]}");
        assertThat(bad.toString()).contains("protocols");
        assertThat(NodeMcpClient.structured(client.tool("list_scans", "{}")).path("total").asInt()).isZero();
    }

    @Test
    void aStoredUdpPortIsReadBackInNmapsStateNames() throws Exception {
        DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        open.add(silent);
        Path db = dir.resolve("scans.db");
        Process cli = new ProcessBuilder(NetsweepCommand.of("-sU", "-Pn", "-n", "--no-progress", "--show", "all",
                "-p", String.valueOf(silent.getLocalPort()), "--db", db.toString(), "127.0.0.1"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(cli.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).isZero();
        NodeMcpClient client = server();
        JsonNode port = NodeMcpClient.structured(client.tool("scan_results", "{\"scan_id\":1}")).path("hosts").path(0)
                .path("ports").path(0);
        assertThat(port.path("protocol").asText()).isEqualTo("udp");
        assertThat(port.path("state").asText()).as("nmap's label").isEqualTo("open|filtered");
    }

    /** A port that stays closed until the test ends (or it listens on it itself). */
    private ClosedPort held() throws IOException {
        ClosedPort p = ClosedPort.onLoopback();
        open.add(p);
        return p;
    }
}
