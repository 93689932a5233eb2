package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -oG} as its consumers use it: the {@code grep}, {@code awk} and {@code cut} one-liners people keep
 * for {@code .gnmap} files, run for real on a loopback scan's file, give the answers the listeners
 * dictate, and the very same answers on the file nmap itself writes for the same ports. (netsweep writes
 * no {@code Ignored State} field yet, so the variants that keep only the lines carrying one, with a
 * {@code sed -n} substitution on {@code Ignored}, find nothing in its files.)
 */
class GrepableConsumersTest {
    /** The one-liners, each reading the file named by $F; what they print is compared. */
    private static final Map<String, String> ONE_LINERS = Map.of(
            "hosts up", "awk '/Up$/{print $2}' \"$F\"",
            "hosts with an open port", "grep '/open/' \"$F\" | cut -d' ' -f2 | sort -u",
            "open ports", "grep -oE '[0-9]+/open' \"$F\" | cut -d/ -f1 | sort -n",
            "open ports per host",
            "grep -Ev '^#|Status: Up' \"$F\" | cut -d' ' -f2,4- | awk '{printf \"%s %d\\n\", $1, NF-1}'",
            "state, protocol and port of each entry",
            "grep -Ev '^#|Status: Up' \"$F\" | cut -d' ' -f2,4- | awk '{$1=\"\";"
                    + " for (i=2; i<=NF; i++) a = a \" \" $i; n = split(a, s, \",\"); for (e = 1; e <= n; e++)"
                    + " { split(s[e], v, \"/\"); gsub(/ /, \"\", v[1]); print v[2], v[3], v[1] }; a = \"\" }' | sort",
            "completed", "grep -c '^# .* done at ' \"$F\"");

    private final LoopbackListeners ports = new LoopbackListeners(3);

    @AfterEach
    void closeListeners() {
        ports.close();
    }

    private static String shell(String command, Path file) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command).redirectErrorStream(true);
        pb.environment().put("F", file.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private Path netsweep(Path dir) {
        Path file = dir.resolve("netsweep.gnmap");
        CliRunner r = CliRunner.run("-n", "-Pn", "--show", "closed", "-p", ports.list(), "-oG", file.toString(), "127.0.0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        return file;
    }

    @Test
    void oneLinersFindWhatTheListenersDictate(@TempDir Path dir) throws Exception {
        Path file = netsweep(dir);
        assertThat(shell(ONE_LINERS.get("hosts up"), file)).isEqualTo("127.0.0.1\n");
        assertThat(shell(ONE_LINERS.get("hosts with an open port"), file)).isEqualTo("127.0.0.1\n");
        assertThat(shell(ONE_LINERS.get("open ports"), file).lines().map(Integer::valueOf).toList())
                .containsExactlyElementsOf(ports.open());
        assertThat(shell(ONE_LINERS.get("open ports per host"), file)).isEqualTo("127.0.0.1 " + (ports.open().size() + 1) + "\n");
        List<String> entries = new ArrayList<>(ports.open().stream().map(p -> "open tcp " + p).toList());
        entries.add("closed tcp " + ports.closed());
        assertThat(shell(ONE_LINERS.get("state, protocol and port of each entry"), file).lines().toList())
                .containsExactlyInAnyOrderElementsOf(entries);
        assertThat(shell(ONE_LINERS.get("completed"), file)).isEqualTo("1\n");
    }

    @Test
    void oneLinersAnswerAlikeOnNmapsOwnFileForTheSamePorts(@TempDir Path dir) throws Exception {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/nmap")), "nmap is not installed");
        Path ours = netsweep(dir);
        Path theirs = dir.resolve("nmap.gnmap");
        // A connect scan of loopback only; with one closed port nmap lists it, as netsweep does with --show closed.
        Process nmap = new ProcessBuilder("/usr/bin/nmap", "-n", "-sT", "-Pn", "-p", ports.list(),
                "-oG", theirs.toString(), "127.0.0.1").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(nmap.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(nmap.exitValue()).isZero();
        for (var entry : ONE_LINERS.entrySet()) {
            String ourAnswer = shell(entry.getValue(), ours);
            assertThat(ourAnswer).as(entry.getKey()).isNotBlank();
            String command = entry.getKey().equals("completed") ? "grep -c '^# Nmap done at ' \"$F\"" : entry.getValue();
            assertThat(ourAnswer).as("%s on netsweep's file and nmap's:%n%s%n%s", entry.getKey(),
                    Files.readString(ours), Files.readString(theirs)).isEqualTo(shell(command, theirs));
        }
    }
}
