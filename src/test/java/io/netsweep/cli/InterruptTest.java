package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.testing.NetsweepCommand;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;

/**
 * Ctrl-C on a real netsweep process: a prompt stop, exit code 130, and whatever the instant of the
 * signal, every output that exists is complete (the table's summary line, XML that parses, JSON Lines
 * ending with a terminal event, grepable lines ending with their footer). The scans are slow,
 * rate-limited full-range scans of loopback (about 22 s at 3,000 probes/s), so a run that ends within
 * the deadlines here was stopped by the signal, not by its own end.
 */
class InterruptTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Far below the scan's own length, far above a cancel's (which takes milliseconds) on a loaded machine. */
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
    private static final Duration READY_DEADLINE = Duration.ofSeconds(60);
    /** What the JVM prints (on stdout) when its own initialization fails. */
    private static final String JVM_INIT_ERROR = "Error occurred during initialization of VM";
    /** SIGINT (2) in /proc/PID/status's signal masks. */
    private static final long SIGINT_BIT = 1L << 1;

    /** A scan's files and streams in one directory. */
    private record Outputs(Path dir) {
        Path xml() { return dir.resolve("scan.xml"); }
        Path jsonl() { return dir.resolve("scan.jsonl"); }
        Path gnmap() { return dir.resolve("scan.gnmap"); }
        Path table() { return dir.resolve("scan.nmap"); }
        Path stdout() { return dir.resolve("stdout.txt"); }
        Path stderr() { return dir.resolve("stderr.txt"); }
    }

    private static Process start(Outputs o, String stdoutFormat, boolean allFiles) throws IOException {
        Files.createDirectories(o.dir());
        List<String> args = new ArrayList<>(List.of("-n", "-Pn", "-p-", "--rate", "3000", "--no-progress",
                "-o", stdoutFormat, "-oX", o.xml().toString(), "-oJ", o.jsonl().toString()));
        if (allFiles) {
            args.addAll(List.of("-oG", o.gnmap().toString(), "-oN", o.table().toString()));
        }
        args.add("127.0.0.1");
        // As from a terminal: a test run started in the background (cmd &) hands its children SIGINT ignored,
        // and a JVM started so rightly leaves it ignored; env --default-signal gives netsweep the default back.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
        command.addAll(NetsweepCommand.of(args.toArray(String[]::new)));
        return new ProcessBuilder(command)
                .redirectOutput(o.stdout().toFile())
                .redirectError(o.stderr().toFile())
                .start();
    }

    /**
     * Whether {@code p} no longer ignores SIGINT: the {@code env} in front of it has given the default back
     * (until then a signal would be lost, which no terminal would do), or it has ended.
     */
    private static boolean interruptible(Process p) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & SIGINT_BIT) == 0;
                }
            }
            return true;
        } catch (IOException e) {
            return true; // gone: nothing left to wait for
        }
    }

    /** Polls {@code condition} until it holds; false if {@code p} ends or the deadline passes first. */
    private static boolean await(Process p, BooleanSupplier condition, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!p.isAlive()) {
                return condition.getAsBoolean();
            }
            LockSupport.parkNanos(100_000);
        }
        return false;
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static int stop(Process p) throws InterruptedException {
        try {
            Signals.interrupt(p);
            assertThat(p.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                    .as("stopped within %s of SIGINT", STOP_DEADLINE).isTrue();
            return p.exitValue();
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigintStopsPromptlyAndKeepsResults(@TempDir Path dir) throws Exception {
        Outputs o = new Outputs(dir);
        Process p = start(o, "table", false);
        assertThat(await(p, () -> contains(o.stdout(), "Starting netsweep") && contains(o.jsonl(), "\"started\""),
                READY_DEADLINE)).as("the scan started").isTrue();
        assertThat(p.isAlive()).as("scan still running when interrupted").isTrue();

        assertThat(stop(p)).isEqualTo(130);
        assertThat(Files.readString(o.stdout())).containsIgnoringCase("cancelled");
        assertThat(Files.readString(o.jsonl())).contains("\"type\":\"cancelled\"");
        assertThat(Files.readString(o.xml())).contains("</nmaprun>");
        assertThat(Files.readString(o.stderr())).isEmpty();
    }

    /** The instant the old handler missed: the files exist, the scan is starting, no handler of ours yet. */
    @Test
    void sigintAsSoonAsTheFilesExistCompletesThem(@TempDir Path dir) throws Exception {
        for (int run = 0; run < 5; run++) {
            Outputs o = new Outputs(dir.resolve("run" + run));
            Process p = start(o, "table", false);
            assertThat(await(p, () -> Files.exists(o.xml()), READY_DEADLINE)).as("-oX file created").isTrue();
            assertThat(stop(p)).isEqualTo(130);
            assertComplete(o, "table", false);
        }
    }

    @Test
    void sigintAtAnyInstantLeavesEveryOutputComplete(@TempDir Path dir) throws Exception {
        long[] delaysMicros = {0, 500, 2_000, 5_000, 10_000, 20_000, 40_000, 70_000, 100_000, 150_000, 220_000,
            300_000, 420_000, 600_000, 850_000, 1_200_000};
        int withoutOutputs = 0;
        int withOutputs = 0;
        for (int run = 0; run < delaysMicros.length + 2; run++) {
            Outputs o = new Outputs(dir.resolve("run" + run));
            String format = run % 2 == 0 ? "table" : "json";
            Process p = start(o, format, true);
            assertThat(await(p, () -> interruptible(p), READY_DEADLINE)).isTrue();
            if (run < delaysMicros.length) {
                LockSupport.parkNanos(delaysMicros[run] * 1000); // the instant under test, not a wait for anything:
                // from as soon as the process can be interrupted (still starting the JVM) to mid-scan
            } else if (run == delaysMicros.length) {
                assertThat(await(p, () -> Files.exists(o.table()), READY_DEADLINE)).isTrue();
            } else {
                assertThat(await(p, () -> contains(o.gnmap(), "scan initiated"), READY_DEADLINE)).isTrue();
            }
            int code = stop(p);
            if (code == 1 && Files.readString(o.stdout()).startsWith(JVM_INIT_ERROR)) {
                // SIGINT while the JVM itself is still initializing (before netsweep's first line) can end it with
                // "Bad level" from VM.initLevel, a JDK race netsweep cannot reach; none of its outputs exists yet.
                try (var files = Files.list(o.dir())) {
                    assertThat(files.map(f -> f.getFileName().toString()))
                            .containsExactlyInAnyOrder("stdout.txt", "stderr.txt");
                }
                withoutOutputs++;
                continue;
            }
            assertThat(code).as("run %d: %s", run, Files.readString(o.stderr())).isEqualTo(130);
            if (assertComplete(o, format, true)) {
                withOutputs++;
            } else {
                withoutOutputs++;
            }
        }
        assertThat(withOutputs).as("runs interrupted once outputs existed").isPositive();
        assertThat(withoutOutputs + withOutputs).isEqualTo(delaysMicros.length + 2);
    }

    /**
     * Either no output was begun (no file, empty stdout) or every one is complete; true in the second case.
     */
    private static boolean assertComplete(Outputs o, String stdoutFormat, boolean allFiles) throws Exception {
        List<Path> files = new ArrayList<>(List.of(o.xml(), o.jsonl()));
        if (allFiles) {
            files.addAll(List.of(o.gnmap(), o.table()));
        }
        String stdout = Files.readString(o.stdout());
        String stderr = Files.readString(o.stderr());
        assertThat(stderr).as("stderr").doesNotContain("Exception").doesNotContain("\tat ");
        long existing = files.stream().filter(Files::exists).count();
        if (existing == 0) {
            assertThat(stdout).as("stdout with no file begun").isEmpty();
            return false;
        }
        assertThat(existing).as("every file or none").isEqualTo(files.size());
        assertXml(Files.readString(o.xml()));
        assertJsonLines(Files.readString(o.jsonl()));
        if (allFiles) {
            assertGrepable(Files.readString(o.gnmap()));
            assertTable(Files.readString(o.table()));
        }
        if (stdoutFormat.equals("json")) {
            assertJsonLines(stdout);
        } else {
            assertTable(stdout);
        }
        return true;
    }

    private static void assertXml(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        var doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("nmaprun");
        assertThat(doc.getElementsByTagName("runstats").getLength()).isOne();
    }

    private static void assertJsonLines(String text) throws Exception {
        List<String> lines = text.lines().toList();
        assertThat(lines).as("JSON Lines").isNotEmpty();
        JsonNode last = null;
        for (String line : lines) {
            last = JSON.readTree(line);
            assertThat(last.isObject()).as(line).isTrue();
        }
        assertThat(JSON.readTree(lines.getFirst()).path("type").asText()).isEqualTo("started");
        assertThat(last.path("type").asText()).isIn("cancelled", "finished", "failed");
    }

    private static void assertGrepable(String text) {
        List<String> lines = text.lines().toList();
        assertThat(lines.getFirst()).startsWith("# netsweep ").contains(" scan initiated ");
        assertThat(lines.getLast()).matches("# netsweep (cancelled|done) at .* -- \\d+ IP address(es)? .*");
    }

    private static void assertTable(String text) {
        List<String> lines = text.strip().lines().toList();
        assertThat(lines.getFirst()).as(text).startsWith("Starting netsweep: ");
        assertThat(lines.getLast()).as(text).matches("netsweep (cancelled after .*|done: .*)");
        assertThat(text).endsWith("\n");
    }
}
