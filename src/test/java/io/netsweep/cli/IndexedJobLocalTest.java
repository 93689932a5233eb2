package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsweep.testing.StoreDatabases;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kubernetes Indexed Job played on one machine: N real netsweep processes started at once, each with its own
 * {@code JOB_COMPLETION_INDEX}, {@code --shard env/N} (or {@code --shard env} with {@code NETSWEEP_SHARDS}), one
 * {@code --seed} and one {@code NETSWEEP_RUN}, all writing into one real PostgreSQL database, over loopback listeners.
 * Then what a person looks at, through the command line against that database: the inventory equals an unsharded
 * scan's in a second database, a retried part adds nothing to it, {@code history} lists the parts of one run together
 * with their shards, and {@code diff} compares two runs whole. The retried pod and the Job's next run run the same
 * command lines with the same environment in this JVM, the parts of a run at once.
 */
class IndexedJobLocalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHARDS = 4;

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

    /** Every part of one run at once, as the Job's pods, each a process; waits for them all, each of which must succeed. */
    private void job(String db, String run, boolean countFromEnv, String ports, String targets, int... indexes)
            throws Exception {
        List<ShardProcesses.Part> parts = new ArrayList<>();
        for (int i : indexes) {
            parts.add(new ShardProcesses.Part(run + "-" + i, env(run, i, countFromEnv), args(db, countFromEnv, ports, targets)));
        }
        job.runAll(parts);
    }

    /**
     * The parts of one run at once in this JVM, each with its pod's environment: for the runs after the first, whose
     * processes would show nothing the first run's did not (started at once, each its own process writing into one
     * database) and whose JVMs were most of this class's time.
     */
    private void jobInProcess(String db, String run, boolean countFromEnv, String ports, String targets, int... indexes)
            throws Exception {
        try (ExecutorService pods = Executors.newFixedThreadPool(indexes.length)) {
            List<Future<CliRunner>> parts = new ArrayList<>();
            for (int i : indexes) {
                Map<String, String> env = env(run, i, countFromEnv);
                env.put("XDG_DATA_HOME", dir.resolve("data").toString());
                env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
                parts.add(pods.submit(() -> CliRunner.run(env, args(db, countFromEnv, ports, targets).toArray(String[]::new))));
            }
            for (int k = 0; k < indexes.length; k++) {
                CliRunner part = parts.get(k).get(ShardProcesses.TIMEOUT_S, TimeUnit.SECONDS);
                assertThat(part.exitCode()).as("%s-%d: %s", run, indexes[k], part.err()).isZero();
            }
        }
    }

    private static Map<String, String> env(String run, int index, boolean countFromEnv) {
        Map<String, String> env = new HashMap<>(Map.of("JOB_COMPLETION_INDEX", Integer.toString(index), "NETSWEEP_RUN", run));
        if (countFromEnv) {
            env.put("NETSWEEP_SHARDS", Integer.toString(SHARDS));
        }
        return env;
    }

    private static List<String> args(String db, boolean countFromEnv, String ports, String targets) {
        return List.of("-n", "-Pn", "--no-progress", "--seed", "20261207", "--shard", countFromEnv ? "env" : "env/" + SHARDS,
                "--db", db, "-p", ports, targets);
    }

    private static int[] all() {
        return java.util.stream.IntStream.range(0, SHARDS).toArray();
    }

    private static CliRunner cli(String... args) {
        CliRunner r = CliRunner.run(args);
        assertThat(r.err()).as(String.join(" ", args)).isEmpty();
        return r;
    }

    /** The inventory per address, without what differs between two databases (times, scan ids). */
    private static Map<String, JsonNode> inventory(String db) throws IOException {
        CliRunner r = cli("hosts", "--db", db, "-o", "json");
        assertThat(r.exitCode()).isZero();
        Map<String, JsonNode> out = new TreeMap<>();
        for (String line : r.out().lines().toList()) {
            ObjectNode n = (ObjectNode) JSON.readTree(line);
            n.remove(List.of("first_seen", "last_seen", "last_scan"));
            assertThat(out.put(n.get("ip").asText(), n)).as("one line per host").isNull();
        }
        return out;
    }

    private static List<JsonNode> history(String db) throws IOException {
        CliRunner r = cli("history", "--db", db, "-o", "json");
        assertThat(r.exitCode()).isZero();
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private void indexedJobIntoOnePostgres(String targets, int hosts, int closedLater, boolean countFromEnv, String split)
            throws Exception {
        String ports = job.listen(1, 2, 30, 41, 64);
        String sharded = DATABASES.location(io.netsweep.testing.StoreBackend.POSTGRESQL, dir.resolve("sharded"));
        String whole = DATABASES.location(io.netsweep.testing.StoreBackend.POSTGRESQL, dir.resolve("whole"));
        job(sharded, "run-1", countFromEnv, ports, targets, all());
        CliRunner unsharded = cli("-n", "-Pn", "--no-progress", "--db", whole, "-p", ports, "-o", "json", targets);
        assertThat(unsharded.exitCode()).isZero();

        Map<String, JsonNode> expected = inventory(whole);
        assertThat(expected).hasSize(hosts);
        assertThat(expected.values()).anySatisfy(h -> assertThat(h.get("open_ports")).isNotEmpty());
        assertThat(inventory(sharded)).isEqualTo(expected);

        List<JsonNode> parts = history(sharded);
        assertThat(parts).hasSize(SHARDS);
        assertThat(parts).extracting(h -> h.get("shard").asText())
                .containsExactlyInAnyOrder("0/4", "1/4", "2/4", "3/4");
        assertThat(parts).allSatisfy(h -> {
            assertThat(h.get("status").asText()).isEqualTo("finished");
            assertThat(h.get("split").asText()).isEqualTo(split);
            assertThat(h.get("run").asText()).isEqualTo("run-1");
            assertThat(h.get("run_id").asLong()).isEqualTo(parts.getFirst().get("run_id").asLong());
            assertThat(h.get("replaced").asBoolean()).isFalse();
        });

        // A pod retried with the same index: its part stored again, nothing counted twice.
        jobInProcess(sharded, "run-1", countFromEnv, ports, targets, 2);
        assertThat(inventory(sharded)).isEqualTo(expected);
        List<JsonNode> retried = history(sharded);
        assertThat(retried).hasSize(SHARDS + 1);
        assertThat(retried).filteredOn(h -> h.get("replaced").asBoolean()).singleElement()
                .satisfies(h -> assertThat(h.get("shard").asText()).isEqualTo("2/4"));
        String table = cli("history", "--db", sharded).out();
        for (int i = 0; i < SHARDS; i++) {
            assertThat(table).contains("shard " + i + "/4 of run " + parts.getFirst().get("run_id").asLong());
        }
        assertThat(table).contains("replaced by a retry");

        // The next run of the Job, after a service stopped: diff compares the two runs whole.
        ServerSocket stopped = job.listeners().get(closedLater);
        String address = stopped.getInetAddress().getHostAddress();
        int port = stopped.getLocalPort();
        stopped.close();
        jobInProcess(sharded, "run-2", countFromEnv, ports, targets, all());
        CliRunner diff = cli("diff", "--db", sharded, "-o", "json");
        assertThat(diff.exitCode()).as(diff.out()).isEqualTo(DiffCommand.CHANGED);
        JsonNode changes = JSON.readTree(diff.out()).get("changes");
        assertThat(changes).as(diff.out()).singleElement().satisfies(c -> {
            assertThat(c.toString()).contains(address).contains(Integer.toString(port));
        });
        long run1Part = retried.stream().filter(h -> !h.get("replaced").asBoolean()).findFirst().orElseThrow()
                .get("id").asLong();
        long run2Part = history(sharded).getLast().get("id").asLong();
        CliRunner byIds = cli("diff", "--db", sharded, "-o", "json", Long.toString(run1Part), Long.toString(run2Part));
        assertThat(JSON.readTree(byIds.out()).get("changes")).isEqualTo(changes);
        CliRunner fromFirst = cli("diff", "--db", sharded, "-o", "json", Long.toString(run1Part));
        assertThat(JSON.readTree(fromFirst.out()).get("changes")).isEqualTo(changes);
        assertThat(inventory(sharded)).allSatisfy((ip, h) -> assertThat(h.get("scans").asInt()).isEqualTo(2));
    }

    @Test
    void fewHostsManyPortsSplitByAddressAndPortGiveTheUnshardedInventory() throws Exception {
        indexedJobIntoOnePostgres("127.0.0.1-2,30", 3, 2, false, "address-port");
    }

    @Test
    void enoughAddressesSplitByAddressGiveTheUnshardedInventory() throws Exception {
        indexedJobIntoOnePostgres("127.0.0.1-64", 64, 3, true, "address");
    }
}
