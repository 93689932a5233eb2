package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Sharded scans of loopback addresses with real listeners, run by the command line, then {@code netsweep merge}: the
 * merged JSON Lines and nmap XML say what the whole scan says; an incomplete or mixed set of parts is refused in one
 * line.
 */
class MergeCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<ServerSocket> listeners = new ArrayList<>();
    private String ports;

    @TempDir
    Path dir;

    @BeforeEach
    void listen() throws IOException {
        for (int host : new int[] {1, 2, 30, 41, 64}) {
            listeners.add(new ServerSocket(0, 50, InetAddress.getByName("127.0.0." + host)));
        }
        // Each listener's port is open on its address and closed on the others; 1 and 9 are closed everywhere.
        ports = listeners.stream().map(s -> Integer.toString(s.getLocalPort())).collect(Collectors.joining(","))
                + ",1,9";
    }

    @AfterEach
    void close() throws IOException {
        for (ServerSocket s : listeners) {
            s.close();
        }
    }

    /** Scans as the command line does, into {@code base}.jsonl and {@code base}.xml; extra options first. */
    private void scan(String base, String targets, String... extra) {
        List<String> args = new ArrayList<>(List.of(extra));
        args.addAll(List.of("-n", "--no-save", "-Pn", "-p", ports, "-oJ", dir.resolve(base + ".jsonl").toString(),
                "-oX", dir.resolve(base + ".xml").toString(), "-o", "csv", targets));
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private CliRunner merge(String... args) {
        List<String> all = new ArrayList<>(List.of("merge"));
        for (String a : args) {
            all.add(a.endsWith(".jsonl") || a.endsWith(".xml") ? dir.resolve(a).toString() : a);
        }
        return CliRunner.run(all.toArray(String[]::new));
    }

    /** Per address: its port states, and "up"; from JSON Lines. */
    private static Map<String, String> jsonResults(String jsonl) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : jsonl.lines().toList()) {
            JsonNode n = JSON.readTree(line);
            switch (n.get("type").asText()) {
                case "port" -> assertThat(out.put(n.get("ip").asText() + ":" + n.get("port").asInt() + "/"
                        + n.get("proto").asText(), n.get("state").asText())).as("one line per port").isNull();
                case "host" -> assertThat(out.put(n.get("ip").asText(), n.get("status").asText()))
                        .as("one host line per address").isNull();
                default -> { }
            }
        }
        return out;
    }

    private static JsonNode finished(String jsonl) throws IOException {
        List<String> lines = jsonl.lines().toList();
        JsonNode last = JSON.readTree(lines.getLast());
        assertThat(last.get("type").asText()).isEqualTo("finished");
        assertThat(lines.stream().filter(l -> l.contains("\"type\":\"started\"")).count()).isEqualTo(1);
        return last.get("summary");
    }

    /** Per address: port states, status, and each extraports count; a merge's hosts must be in address order. */
    private static Map<String, String> xmlResults(Path file, boolean ordered) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Map<String, String> out = new TreeMap<>();
        NodeList hosts = doc.getElementsByTagName("host");
        int previous = -1;
        for (int i = 0; i < hosts.getLength(); i++) {
            Element h = (Element) hosts.item(i);
            String ip = ((Element) h.getElementsByTagName("address").item(0)).getAttribute("addr");
            int last = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
            if (ordered) {
                assertThat(last).as("hosts in address order").isGreaterThan(previous);
            }
            previous = last;
            out.put(ip, ((Element) h.getElementsByTagName("status").item(0)).getAttribute("state"));
            NodeList ps = h.getElementsByTagName("port");
            for (int k = 0; k < ps.getLength(); k++) {
                Element p = (Element) ps.item(k);
                String state = ((Element) p.getElementsByTagName("state").item(0)).getAttribute("state");
                assertThat(out.put(ip + ":" + p.getAttribute("portid") + "/" + p.getAttribute("protocol"), state))
                        .isNull();
            }
            NodeList extra = h.getElementsByTagName("extraports");
            for (int k = 0; k < extra.getLength(); k++) {
                Element e = (Element) extra.item(k);
                out.put(ip + " not shown " + e.getAttribute("state"), e.getAttribute("count"));
            }
        }
        Element stats = (Element) doc.getElementsByTagName("hosts").item(0);
        out.put("runstats", stats.getAttribute("up") + "/" + stats.getAttribute("total"));
        return out;
    }

    private void shardsMergeToTheWholeScan(String targets, int[] counts, long[] seeds, String... options)
            throws Exception {
        for (long seed : seeds) {
            List<String> wholeArgs = new ArrayList<>(List.of(options));
            wholeArgs.addAll(List.of("--seed", Long.toString(seed)));
            scan("whole", targets, wholeArgs.toArray(String[]::new));
            String whole = Files.readString(dir.resolve("whole.jsonl"));
            Map<String, String> expectedJson = jsonResults(whole);
            Map<String, String> expectedXml = xmlResults(dir.resolve("whole.xml"), false);
            assertThat(expectedJson).containsValue("open");
            for (int n : counts) {
                List<String> jsonParts = new ArrayList<>();
                List<String> xmlParts = new ArrayList<>();
                for (int i = n - 1; i >= 0; i--) { // any order
                    List<String> partArgs = new ArrayList<>(List.of(options));
                    partArgs.addAll(List.of("--seed", Long.toString(seed), "--shard", i + "/" + n));
                    scan("part" + i, targets, partArgs.toArray(String[]::new));
                    jsonParts.add("part" + i + ".jsonl");
                    xmlParts.add("part" + i + ".xml");
                }
                CliRunner json = merge(jsonParts.toArray(String[]::new));
                assertThat(json.exitCode()).as(json.err()).isZero();
                assertThat(json.err()).isEmpty();
                assertThat(jsonResults(json.out())).as("seed %d, %d shards", seed, n).isEqualTo(expectedJson);
                JsonNode merged = finished(json.out());
                JsonNode expected = finished(whole);
                for (String key : new String[] {"targets", "hosts_up", "open_ports"}) {
                    assertThat(merged.get(key).asLong()).as(key).isEqualTo(expected.get(key).asLong());
                }
                List<String> xmlArgs = new ArrayList<>(xmlParts);
                xmlArgs.addAll(List.of("-oX", dir.resolve("merged.xml").toString()));
                CliRunner xml = merge(xmlArgs.toArray(String[]::new));
                assertThat(xml.exitCode()).as(xml.err()).isZero();
                assertThat(xml.out()).isEmpty();
                assertThat(xmlResults(dir.resolve("merged.xml"), true)).as("seed %d, %d shards", seed, n)
                        .isEqualTo(expectedXml);
            }
        }
    }

    @Test
    void shardsSplitByAddressMergeToTheWholeScan() throws Exception {
        shardsMergeToTheWholeScan("127.0.0.1-64", new int[] {1, 2, 3, 4}, new long[] {17, -5});
    }

    @Test
    void shardsSplitByAddressAndPortMergeToTheWholeScan() throws Exception {
        shardsMergeToTheWholeScan("127.0.0.1-2,30", new int[] {2, 5, 8}, new long[] {3});
    }

    @Test
    void udpShardsMergeToTheWholeScanKeepingTcpAndUdpPortsApart() throws Exception {
        try (java.net.DatagramSocket udp = new java.net.DatagramSocket(
                new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            Thread answering = Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[1500];
                try {
                    while (true) {
                        java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                        udp.receive(p);
                        udp.send(new java.net.DatagramPacket(new byte[] {'o', 'k'}, 2, p.getSocketAddress()));
                    }
                } catch (IOException closed) {
                    // closed by the test
                }
            });
            int tcp = listeners.getFirst().getLocalPort();
            String tcpPorts = ports;
            // The TCP listener's port and 9 are TCP and UDP ports both: two results each, in every part and merge.
            ports = "T:" + tcpPorts + ",U:" + udp.getLocalPort() + ",9," + tcp;
            try {
                shardsMergeToTheWholeScan("127.0.0.1-2,30", new int[] {2, 3}, new long[] {8}, "-sU", "-sT", "--show",
                        "all");
                Map<String, String> merged = jsonResults(Files.readString(dir.resolve("whole.jsonl")));
                assertThat(merged).containsEntry("127.0.0.1:" + tcp + "/tcp", "open")
                        .containsEntry("127.0.0.1:" + tcp + "/udp", "closed")
                        .containsEntry("127.0.0.1:" + udp.getLocalPort() + "/udp", "open")
                        .containsKeys("127.0.0.2:9/tcp", "127.0.0.2:9/udp");
                ports = "U:" + udp.getLocalPort() + ",9";
                shardsMergeToTheWholeScan("127.0.0.1-40", new int[] {2}, new long[] {8}, "-sU");
                assertThat(merge("part0.jsonl", "part1.jsonl").out()).contains("\"proto\":\"udp\"");
            } finally {
                udp.close();
                answering.join();
            }
        }
    }

    private void parts(int n, String... extra) {
        for (int i = 0; i < n; i++) {
            List<String> args = new ArrayList<>(List.of(extra));
            args.addAll(List.of("--seed", "7", "--shard", i + "/" + n));
            scan("p" + i, "127.0.0.1-40", args.toArray(String[]::new));
        }
    }

    private static void oneLine(CliRunner r, String... contains) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("netsweep: ").contains(contains);
    }

    @Test
    void aMissingPartIsNamedAndPartialMergesWithAWarning() throws Exception {
        parts(3);
        oneLine(merge("p0.jsonl", "p2.jsonl"), "shard 1/3 is missing");
        oneLine(merge("p0.xml", "p2.xml"), "shard 1/3 is missing");
        CliRunner partial = merge("--partial", "p0.jsonl", "p2.jsonl");
        assertThat(partial.exitCode()).isZero();
        assertThat(partial.err().lines().toList()).hasSize(1);
        assertThat(partial.err()).containsIgnoringCase("warning").contains("1/3");
        JsonNode last = JSON.readTree(partial.out().lines().toList().getLast());
        assertThat(last.get("type").asText()).isEqualTo("failed");
        assertThat(last.get("message").asText()).contains("shard 1/3 is missing");
        CliRunner partialXml = merge("--partial", "p0.xml", "p1.xml");
        assertThat(partialXml.exitCode()).isZero();
        assertThat(partialXml.out()).contains("exit=\"error\"").contains("shard 2/3 is missing");
    }

    @Test
    void aDuplicatedPartIsNamed() throws Exception {
        parts(2);
        Files.copy(dir.resolve("p1.jsonl"), dir.resolve("again.jsonl"));
        oneLine(merge("p0.jsonl", "p1.jsonl", "again.jsonl"), "shard 1/2 is given twice", "again.jsonl");
        Files.copy(dir.resolve("p0.xml"), dir.resolve("again.xml"));
        oneLine(merge("p0.xml", "again.xml", "p1.xml"), "shard 0/2 is given twice");
    }

    @Test
    void partsOfDifferentScansAreRefused() throws Exception {
        parts(2);
        scan("other1", "127.0.0.1-40", "--seed", "7", "--shard", "1/2", "--retries", "0");
        oneLine(merge("p0.jsonl", "other1.jsonl"), "different scans", "options hash");
        oneLine(merge("p0.xml", "other1.xml"), "different scans", "options hash");
        scan("seed1", "127.0.0.1-40", "--seed", "8", "--shard", "1/2");
        oneLine(merge("p0.jsonl", "seed1.jsonl"), "different scans", "seed");
        scan("three", "127.0.0.1-40", "--seed", "7", "--shard", "1/3");
        oneLine(merge("p0.jsonl", "three.jsonl"), "different scans", "shard count");
        oneLine(merge("p0.jsonl", "p1.xml"), "p1.xml", "not JSON Lines");
        scan("whole", "127.0.0.1-40", "--seed", "7");
        oneLine(merge("whole.jsonl", "p1.jsonl"), "whole.jsonl", "not a part of a sharded scan");
        oneLine(merge("whole.xml", "p1.xml"), "whole.xml", "not a part of a sharded scan");
    }

    @Test
    void aTruncatedPartIsNamed() throws Exception {
        parts(2);
        String json = Files.readString(dir.resolve("p1.jsonl"));
        Files.writeString(dir.resolve("cut.jsonl"), json.substring(0, json.length() - 20));
        oneLine(merge("p0.jsonl", "cut.jsonl"), "cut.jsonl", "truncated");
        List<String> lines = json.lines().toList();
        Files.writeString(dir.resolve("cutline.jsonl"), String.join("\n", lines.subList(0, lines.size() - 1)) + "\n");
        oneLine(merge("p0.jsonl", "cutline.jsonl"), "cutline.jsonl", "did not finish", "truncated");
        String xml = Files.readString(dir.resolve("p1.xml"));
        Files.writeString(dir.resolve("cut.xml"), xml.substring(0, xml.length() / 2));
        oneLine(merge("p0.xml", "cut.xml"), "cut.xml", "truncated");
        Files.writeString(dir.resolve("empty.jsonl"), "");
        oneLine(merge("p0.jsonl", "empty.jsonl"), "empty.jsonl", "empty");
        oneLine(merge("p0.jsonl", "nope.jsonl"), "nope.jsonl", "no such file");
    }

    @Test
    void aStoredPartIsAScanOfItsOwnAddressesThatDiffPairsWithTheSamePart() throws Exception {
        String db = dir.resolve("scans.db").toString();
        for (String shard : new String[] {"0/2", "1/2", "0/2"}) {
            CliRunner r = CliRunner.run("--db", db, "-n", "-Pn", "--seed", "4", "--shard", shard, "-p", ports,
                    "-o", "csv", "127.0.0.1-40");
            assertThat(r.exitCode()).as(r.err()).isZero();
        }
        List<JsonNode> history = new ArrayList<>();
        for (String line : CliRunner.run("history", "--db", db, "-o", "json").out().lines().toList()) {
            history.add(JSON.readTree(line));
        }
        assertThat(history).hasSize(3);
        assertThat(history).allSatisfy(h -> assertThat(h.get("targets").asText()).contains("--shard"));
        long first = history.stream().filter(h -> h.get("id").asInt() == 1).findFirst().orElseThrow()
                .get("target_count").asLong();
        long second = history.stream().filter(h -> h.get("id").asInt() == 2).findFirst().orElseThrow()
                .get("target_count").asLong();
        assertThat(first + second).isEqualTo(40);
        // The latest two scans of the same targets are the two runs of part 0, not part 1 and part 0.
        CliRunner diff = CliRunner.run("diff", "--db", db);
        assertThat(diff.exitCode()).as(diff.out() + diff.err()).isEqualTo(DiffCommand.SAME);
        assertThat(diff.out()).contains("scan 1").contains("scan 3");
    }

    @Test
    void mergeWritesOnlyThePartsOwnFormat() throws Exception {
        parts(1);
        oneLine(merge("-o", "xml", "p0.jsonl"), "JSON Lines");
        oneLine(merge("-oX", dir.resolve("m.xml").toString(), "p0.jsonl"), "JSON Lines");
        assertThat(dir.resolve("m.xml")).doesNotExist();
    }
}
