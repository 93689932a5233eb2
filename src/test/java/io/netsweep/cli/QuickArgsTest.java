package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The quick reader of scan command lines against picocli itself: whatever it accepts, picocli must
 * read into the very same scan (or the very same usage error); everything else it must leave to
 * picocli. The command lines people and the benchmarks use most must be read quickly.
 */
class QuickArgsTest {

    /** What a reader made of a command line: the scan and outputs asked for, or the usage error it leads to. */
    private record Outcome(Optional<ScanSpec> spec, Optional<OutputPlan> outputs, int verbosity, Optional<String> usageError) {}

    private static CliContext context() {
        PrintWriter none = new PrintWriter(new StringWriter());
        return new CliContext(none, none, () -> false, null, null, CtrlC.none(), "netsweep (test)");
    }

    private static Outcome outcome(ScanCommand c) {
        try {
            return new Outcome(Optional.of(c.spec()), Optional.of(c.outputs()), c.verbosity(), Optional.empty());
        } catch (UsageException e) {
            return new Outcome(Optional.empty(), Optional.empty(), 0, Optional.of(e.getMessage()));
        }
    }

    /** Picocli's reading; empty where picocli itself rejects the command line. */
    private static Optional<Outcome> picocli(String[] args) {
        // The model Main builds: ASCII-only number converters included.
        CommandLine cl = Main.commandLine(context(), false);
        ScanCommand c = cl.getCommand();
        try {
            cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return Optional.empty();
        }
        return Optional.of(outcome(c));
    }

    private static Optional<Outcome> quick(String[] args) {
        return QuickArgs.parse(args, new ScanCommand(context())).map(QuickArgsTest::outcome);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-sn -n --no-progress -o json -iL /tmp/targets.txt",
        "-n --no-progress -o json -Pn -p 22,80,443 -iL /tmp/targets.txt",
        "-n --no-progress -o json -p 1-65535 -iL /tmp/targets.txt",
        "-p 1-65535 -n -Pn --no-progress 127.0.0.1",
        "10.0.0.0/24",
        "-sn 192.168.1.0/24 10.0.0.1-50",
        "-p 22,80,8000-8100 10.0.0.0/24 --exclude 10.0.0.1,10.0.0.2 --exclude 10.0.0.9",
        "10.1.*.1 192.168.1-3.1-10 --exclude 10.1.0.1,5,7 --exclude a,,b",
        "--preset ai -o json 10.0.0.5",
        "--top-ports 100 -T 5 -c 512 --timeout 300 --retries 1 --rate 1e4 --seed 42 example.org",
        "--concurrency 16 --rate 250.5 --dns-server 127.0.0.1:5353 --dns-server ::1 --dns-timeout 500 10.0.0.1",
        "--show closed,filtered --show down -oJ scan.jsonl -oX scan.xml --identify 10.0.0.1",
        "--no-identify --progress --include-network-broadcast --allow-large -R 10.0.0.0/8",
        "--resolve-all -p 22 web.example.org --exclude db.example.org",
        "-sV -p 22,80,443 --version-timeout 3000 --version-concurrency 8 -oX scan.xml 10.0.0.0/24",
        "-sV --no-identify 10.0.0.1",
        "-sV -p 22 -n --no-progress -o json 127.0.0.1",
        "--version-timeout 0 --version-concurrency 5000 10.0.0.1",
        "--exclude-file skip.txt -iL a.txt -iL b.txt",
        "-sn -Pn 10.0.0.1",
        "-n -R 10.0.0.1",
        "--show bogus 10.0.0.1",
        "-o yaml 10.0.0.1",
        "-sT -F --open -v -oN scan.nmap -oG scan.gnmap -oA all 10.0.0.0/24",
        "-v -v -vv -p http,ssh,T:8000-8100 10.0.0.1",
        "-sS 10.0.0.1",
        "-sS -sT 10.0.0.1",
        "-A -O -sV -sU -sC 10.0.0.1",
        "--open --show closed 10.0.0.1",
        "--db /tmp/scans.db -p 22 10.0.0.1",
        "--no-save -F 10.0.0.0/24",
        "--db /tmp/scans.db --no-save 10.0.0.1",
        "-oX same.xml -oJ same.xml 10.0.0.1",
        "-F --top-ports 5000 10.0.0.1",
        "--rate 1e21 --timeout 2147483647 --retries 1000 10.0.0.1",
        "",
    })
    void commonCommandLinesAreReadQuicklyAndExactlyAsPicocliReadsThem(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");

        Optional<Outcome> quick = quick(args);

        assertThat(Main.mayUseSubcommand(args)).as("tried quickly: %s", line).isFalse();
        assertThat(quick).as("read quickly: %s", line).isPresent();
        assertThat(quick).isEqualTo(picocli(args));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-p- -n -Pn 127.0.0.1", "-T4 10.0.0.1", "--rate=100 10.0.0.1", "-nR 10.0.0.1", "--progress --no-progress x",
        "-c 5 --concurrency 6 x", "-p 22 -p 80 x", "-sn -sn x", "--rate abc x", "--timeout 0x10 x", "--seed -5 x",
        "-iL", "-- 10.0.0.1", "@args.txt", "--show closed, x",
        "--unknown x", "-o -n x", "ui", "--help", "-h", "-V", "-p", "--prog x", "--resolve-all --resolve-all x",
        "--resolve x",
        "--timeout ٥٠٠ x", "--rate Infinity x", "--rate 1e309 x", "--seed 99999999999999999999 x",
        "--top-ports +-1 x", "-oG - x", "-vvv x", "--version-timeout ٥٠٠ x", "-sV -sV x",
    })
    void anythingElseIsLeftToPicocli(String line) {
        assertThat(quick(line.split(" "))).as(line).isEmpty();
    }

    @Test
    void randomCommandLinesAreEitherLeftToPicocliOrReadAsPicocliReadsThem() {
        String[] pool = {"-p", "22", "22,80", "1-65535", "-p-", "-sn", "-Pn", "-n", "-R", "-o", "json", "csv",
            "table", "-oJ", "-oX", "out.xml", "-iL", "t.txt", "--exclude", "10.0.0.1", "10.0.0.1,10.0.0.2", "a,,b",
            "--exclude-file", "--show", "closed", "closed,down", "all", "--top-ports", "--preset", "ai", "simple",
            "-T", "4", "9", "-T4", "-c", "--concurrency", "100", "0", "--timeout", "--retries", "--rate", "1e3",
            "nan", "--seed", "-1", "12345678901234567890", "--dns-server", "127.0.0.1:53", "--dns-timeout",
            "--identify", "--no-identify", "--progress", "--no-progress", "--include-network-broadcast",
            "--allow-large", "--resolve-all", "10.0.0.0/24", "192.168.1.1-20", "fd00::/120", "example.org", "@x", "--", "-",
            "--rate=5", "", " ", "-x", "--no-such-option", "-sT", "-F", "--open", "-v", "-vv", "-oN", "-oG", "-oA",
            "-sS", "-O", "-A", "-sV", "--version-timeout", "--version-concurrency", "٥٠", "Infinity", "1e21", "1e-300", "http,ssh", "T:22", "U:53", "out.xml"};
        Random random = new Random(20261125);
        int read = 0;
        for (int n = 0; n < 5000; n++) {
            List<String> args = new ArrayList<>();
            int length = random.nextInt(9);
            for (int i = 0; i < length; i++) {
                args.add(pool[random.nextInt(pool.length)]);
            }
            String[] a = args.toArray(String[]::new);
            Optional<Outcome> quick = quick(a);
            if (quick.isPresent()) {
                read++;
                assertThat(quick).as("%s", args).isEqualTo(picocli(a));
            }
        }
        assertThat(read).as("a fair share is read quickly, so the comparison means something").isGreaterThan(500);
    }
}
