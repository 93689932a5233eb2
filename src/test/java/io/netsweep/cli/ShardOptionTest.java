package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.scan.ScanRequest;
import io.netsweep.target.Shard;
import io.netsweep.target.TargetException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code --shard}: the forms it takes, from the command line and the environment, and what it refuses. */
class ShardOptionTest {

    private record Run(int exitCode, String out, String err, List<ScanRequest> scans, List<String> lookups) {}

    /**
     * The command line with this environment; a recording scanner and a resolver that records names and refuses them.
     * The XDG directories come from the test's own environment (the build's test-data directory), so that a scan the
     * command stores never reaches the store in the user's home.
     */
    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        RecordingScanner scanner = new RecordingScanner();
        List<String> lookups = new CopyOnWriteArrayList<>();
        CliContext context = new CliContext(new PrintWriter(out, true), new PrintWriter(err, true), () -> false,
                () -> false, scanner, servers -> name -> {
                    lookups.add(name);
                    throw new TargetException("no DNS in this test");
                }, CtrlC.none(), "netsweep " + String.join(" ", args), name -> env.containsKey(name) ? env.get(name)
                        : name.startsWith("XDG_") ? System.getenv(name) : null);
        int code = Main.run(args, context);
        return new Run(code, out.toString(), err.toString(), scanner.started(), List.copyOf(lookups));
    }

    @ParameterizedTest(name = "--shard {0}")
    @CsvSource(delimiter = '|', value = {
        "0/1     | ''        | ''  | 0/1",
        "2/8     | ''        | ''  | 2/8",
        "7/8     | ''        | ''  | 7/8",
        "env/8   | 3         | ''  | 3/8",
        "env     | 5         | 6   | 5/6",
        "0/65536 | ''        | ''  | 0/65536",
    })
    void acceptedFormsNameThePart(String value, String index, String count, String expected) {
        Map<String, String> env = new java.util.HashMap<>();
        if (!index.isEmpty()) {
            env.put(ShardOption.INDEX_VARIABLE, index);
        }
        if (!count.isEmpty()) {
            env.put(ShardOption.COUNT_VARIABLE, count);
        }
        Run r = run(env, "-n", "--no-save", "--seed", "42", "--shard", value, "-p", "80", "127.0.0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.scans()).hasSize(1);
        assertThat(r.scans().getFirst().shard()).map(Shard::toString).contains(expected);
        assertThat(r.scans().getFirst().seed()).isEqualTo(42);
    }

    @ParameterizedTest(name = "--shard {0}")
    @CsvSource(delimiter = '|', value = {
        "0/0",
        "3/2",
        "2/2",
        "-1/4",
        "1/-4",
        "1",
        "/4",
        "1/",
        "1/2/3",
        "١/٤",
        "0/٤",
        "0/99999999999999999999",
        "99999999999/100000000000",
        "0/65537",
        "env/4",
        "env",
        "env/env",
        "'0/4\u001b[31m'",
    })
    void badValuesAreOneLineExitTwoAndNothingSent(String value) {
        Run r = run(Map.of(), "--seed", "1", "--shard", value, "-p", "80", "scanme.example");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("netsweep: ").contains("--shard").doesNotContain("\u001b")
                .doesNotContain("Exception");
        assertThat(r.scans()).isEmpty();
        assertThat(r.lookups()).as("no name was looked up").isEmpty();
    }

    @Test
    void aMalformedRunLabelIsOneLineExitTwoAndNothingSent() {
        for (String bad : List.of("a b", "run\u001b[31m", "é", "x".repeat(129))) {
            Run r = run(Map.of(ShardOption.RUN_VARIABLE, bad), "--seed", "1", "--shard", "0/2", "-p", "80",
                    "scanme.example");
            assertThat(r.exitCode()).as(bad).isEqualTo(2);
            assertThat(r.err().lines().toList()).hasSize(1);
            assertThat(r.err()).startsWith("netsweep: ").contains(ShardOption.RUN_VARIABLE).doesNotContain("\u001b");
            assertThat(r.scans()).isEmpty();
            assertThat(r.lookups()).as("no name was looked up").isEmpty();
        }
        Run good = run(Map.of(ShardOption.RUN_VARIABLE, "0b5e3c1a-9f2d-4c8e-a1b2-3c4d5e6f7a8b"), "--seed", "1",
                "--shard", "0/2", "-p", "80", "127.0.0.1");
        assertThat(good.exitCode()).as(good.err()).isZero();
    }

    @Test
    void environmentValuesAreCheckedAsStrictly() {
        for (String bad : List.of("", "8", "-1", "x", "٣", "99999999999")) {
            Run r = run(Map.of(ShardOption.INDEX_VARIABLE, bad), "--seed", "1", "--shard", "env/8", "127.0.0.1");
            assertThat(r.exitCode()).as("JOB_COMPLETION_INDEX=%s", bad).isEqualTo(2);
            assertThat(r.err().lines().toList()).hasSize(1);
            assertThat(r.err()).contains(ShardOption.INDEX_VARIABLE);
            assertThat(r.scans()).isEmpty();
        }
        Run r = run(Map.of(ShardOption.INDEX_VARIABLE, "1"), "--seed", "1", "--shard", "env", "127.0.0.1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(ShardOption.COUNT_VARIABLE).contains("not set");
    }

    @Test
    void shardWithoutSeedIsRefused() {
        Run r = run(Map.of(), "--shard", "0/2", "-p", "80", "scanme.example");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("--shard needs --seed");
        assertThat(r.scans()).isEmpty();
        assertThat(r.lookups()).isEmpty();
    }

    @Test
    void udpScansAreShardedAndTheirDigestCoversTheUdpPortsAndScanTypes() {
        Map<String, String> digests = new java.util.HashMap<>();
        for (String ports : List.of("-sU -p 53", "-sU -p 54", "-sU -sS -p T:53,U:53", "-sU -sT -p T:53,U:53",
                "-sS -p T:53", "-sU -sS -p T:53,U:54")) {
            List<String> all = new java.util.ArrayList<>(List.of("-n", "--no-save", "--seed", "1", "--shard", "0/2"));
            all.addAll(List.of(ports.split(" ")));
            all.add("127.0.0.1");
            Run r = run(Map.of(), all.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.scans()).singleElement().satisfies(q -> {
                assertThat(q.shard()).map(Shard::toString).contains("0/2");
                assertThat(q.udpPorts().isEmpty()).isEqualTo(!ports.contains("-sU"));
            });
            String digest = io.netsweep.scan.ScanOptionsDigest.of(r.scans().getFirst());
            assertThat(digests.put(digest, ports)).as("%s digested as %s", ports, digests.get(digest)).isNull();
            Run again = run(Map.of(), all.toArray(String[]::new));
            assertThat(io.netsweep.scan.ScanOptionsDigest.of(again.scans().getFirst())).isEqualTo(digest);
        }
    }

    @Test
    void watchRefusesShards() {
        Run r = run(Map.of(), "watch", "--every", "1h", "--seed", "1", "--shard", "0/2", "127.0.0.1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("--shard");
        assertThat(r.scans()).isEmpty();
    }

    @Test
    void theSameCommandLineGivesTheSameRequestWhetherReadQuicklyOrByPicocli() {
        Run quick = run(Map.of(), "--no-save", "--seed", "9", "--shard", "1/3", "-p", "80", "127.0.0.1");
        Run full = run(Map.of(), "--no-save", "--seed=9", "--shard=1/3", "-p", "80", "127.0.0.1");
        assertThat(quick.scans().getFirst().shard()).isEqualTo(Optional.of(new Shard(1, 3)));
        assertThat(full.scans().getFirst().shard()).isEqualTo(quick.scans().getFirst().shard());
    }
}
