package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsweep.testing.StoreBackend;
import io.netsweep.testing.StoreDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code show ID} of a part of a sharded run shows the whole run, in every output format, as an unsharded scan of the
 * same targets shows itself; {@code show --part ID} the part alone. The parts are written by real netsweep processes
 * started at once (each {@code --shard I/N}, one seed), into one real database (an SQLite file, a PostgreSQL
 * database), over loopback listeners; split by address and port (few hosts) and by address (enough of them).
 */
class ShowRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHARDS = 3;
    private static final List<String> FORMATS = List.of("table", "json", "csv", "xml", "grepable");

    @RegisterExtension
    static final StoreDatabases DATABASES = new StoreDatabases();

    @TempDir
    Path dir;

    private ShardProcesses job;

    @BeforeEach
    void start() {
        job = new ShardProcesses(dir);
    }

    @AfterEach
    void close() throws IOException, InterruptedException {
        job.close();
    }

    /** Listeners on 127.0.0.1, .2 and .3; the ports: the listeners', open on their address and closed elsewhere, 1, 9. */
    private String listen() throws IOException {
        return job.listen(1, 2, 3);
    }

    /** Every part at once, each a process of its own writing into {@code db}; each must succeed. */
    private void shards(String db, String ports, String targets) throws Exception {
        job.runAll(IntStream.range(0, SHARDS).mapToObj(i -> new ShardProcesses.Part("part-" + i, Map.of(),
                List.of("-n", "-Pn", "--no-progress", "--seed", "20261207", "--shard", i + "/" + SHARDS, "--db", db,
                        "-p", ports, targets))).toList());
    }

    private static String show(String db, String... args) {
        List<String> all = new ArrayList<>(List.of("show", "--db", db));
        all.addAll(List.of(args));
        CliRunner r = CliRunner.run(all.toArray(String[]::new));
        assertThat(r.err()).as(String.join(" ", all)).isEmpty();
        assertThat(r.exitCode()).as(String.join(" ", all)).isZero();
        return r.out();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"SQLITE, 127.0.0.1-4, address-port", "POSTGRESQL, 127.0.0.1-4, address-port",
            "SQLITE, 127.0.0.1-64, address", "POSTGRESQL, 127.0.0.1-64, address"})
    void aPartShowsItsWholeRunAsTheUnshardedScanShowsItself(StoreBackend backend, String targets, String split)
            throws Exception {
        String ports = listen();
        String db = DATABASES.location(backend, dir);
        shards(db, ports, targets);
        CliRunner whole = CliRunner.run("-n", "-Pn", "--no-progress", "--db", db, "-p", ports, "-o", "json", targets);
        assertThat(whole.exitCode()).as(whole.err()).isZero();

        List<JsonNode> history = CliRunner.run("history", "--db", db, "-o", "json").out().lines().map(ShowRunTest::json)
                .toList();
        assertThat(history).hasSize(SHARDS + 1);
        List<JsonNode> parts = history.stream().filter(h -> !h.get("shard").isNull()).toList();
        assertThat(parts).hasSize(SHARDS).allSatisfy(p -> assertThat(p.get("split").asText()).isEqualTo(split));
        String wholeId = history.stream().filter(h -> h.get("shard").isNull()).findFirst().orElseThrow()
                .get("id").asText();

        for (String format : FORMATS) {
            List<String> expected = normalized(format, show(db, wholeId, "-o", format));
            for (JsonNode part : parts) {
                assertThat(normalized(format, show(db, part.get("id").asText(), "-o", format)))
                        .as("show %s -o %s (part %s) against the unsharded scan", part.get("id"), format,
                                part.get("shard"))
                        .isEqualTo(expected);
            }
        }
        // Each open port found by exactly one part: --part shows the part alone, with only its own.
        List<String> open = new ArrayList<>();
        for (JsonNode part : parts) {
            open.addAll(openPorts(show(db, "--part", part.get("id").asText(), "-o", "json")));
        }
        List<String> allOpen = openPorts(show(db, parts.getFirst().get("id").asText(), "-o", "json"));
        assertThat(allOpen).hasSize(job.listeners().size());
        assertThat(open).containsExactlyInAnyOrderElementsOf(allOpen);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"SQLITE", "POSTGRESQL"})
    void aRunWithoutAllItsPartsEndsFailedNamingTheMissingOnes(StoreBackend backend) throws Exception {
        String ports = listen();
        String db = DATABASES.location(backend, dir);
        job.runAll(List.of(new ShardProcesses.Part("part", Map.of(), List.of("-n", "-Pn", "--no-progress", "--seed",
                "20261207", "--shard", "1/" + SHARDS, "--db", db, "-p", ports, "127.0.0.1-4"))));

        List<String> lines = show(db, "1", "-o", "json").lines().toList();
        JsonNode end = json(lines.getLast());
        assertThat(end.get("type").asText()).isEqualTo("failed");
        assertThat(end.get("message").asText()).isEqualTo("run incomplete: shards 0/3, 2/3 are not stored");
        assertThat(json(show(db, "--part", "1", "-o", "json").lines().toList().getLast()).get("type").asText())
                .isEqualTo("finished");
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> openPorts(String jsonLines) {
        return jsonLines.lines().map(ShowRunTest::json)
                .filter(n -> n.get("type").asText().equals("port") && n.get("state").asText().equals("open"))
                .map(n -> n.get("ip").asText() + ":" + n.get("port").asInt()).toList();
    }

    /**
     * What of an output must equal between a run shown whole and the unsharded scan: the hosts, each with its ports,
     * states and counts of ports not shown, and the summary's counts, in a canonical order; without what differs
     * between any two scans (command line, times, round-trip times) and the order hosts were reported in.
     */
    private static List<String> normalized(String format, String out) {
        List<String> records = switch (format) {
            case "table" -> {
                List<String> blocks = new ArrayList<>(Arrays.asList(out.strip().split("\n\n")));
                String footer = blocks.removeLast().replaceAll(" in [0-9.]+ m?s$", "");
                List<String> sorted = new ArrayList<>(blocks.subList(1, blocks.size()).stream().sorted().toList());
                sorted.addFirst(blocks.getFirst());
                sorted.add(footer);
                yield sorted;
            }
            case "json" -> out.lines().map(ShowRunTest::json).map(n -> {
                ObjectNode o = (ObjectNode) n;
                switch (o.get("type").asText()) {
                    case "started" -> o.retain("type", "targets", "ports", "discovery", "scan");
                    case "finished" -> ((ObjectNode) o.get("summary")).retain("targets", "hosts_up", "open_ports");
                    case "port" -> o.remove("rtt_ms");
                    default -> { }
                }
                return o.toString();
            }).sorted().toList();
            case "csv" -> {
                List<String> rows = out.lines().toList();
                List<String> header = List.of(rows.getFirst().split(",", -1));
                int hostRtt = header.indexOf("host_rtt_ms");
                int rtt = header.indexOf("rtt_ms");
                yield rows.stream().map(r -> {
                    String[] cells = r.split(",", -1);
                    return IntStream.range(0, cells.length).filter(i -> i != hostRtt && i != rtt)
                            .mapToObj(i -> cells[i]).collect(Collectors.joining(","));
                }).sorted().toList();
            }
            case "xml" -> {
                List<String> hosts = new ArrayList<>();
                for (String h : out.split("<host>")) {
                    hosts.add(h.replaceAll(" (srtt|rttvar|to)=\"[^\"]*\"", "")
                            .replaceAll("(?s)<runstats>.*", "").replaceAll("(?s)<nmaprun [^>]*>", "<nmaprun>"));
                }
                hosts.add(out.replaceAll("(?s).*<runstats>.*?(<hosts [^>]*>).*", "$1"));
                yield hosts.stream().sorted().toList();
            }
            case "grepable" -> out.lines().filter(l -> !l.startsWith("#")).sorted().toList();
            default -> throw new IllegalArgumentException(format);
        };
        assertThat(records).as(format + " output").hasSizeGreaterThan(2);
        return records;
    }
}
