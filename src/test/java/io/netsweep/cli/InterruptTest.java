package io.netsweep.cli;

import io.netsweep.testing.NetsweepCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C: a prompt stop, partial results kept in every output, "cancelled", exit code 130. */
class InterruptTest {

    @Test
    void sigintStopsPromptlyAndKeepsResults(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("partial.jsonl");
        Path xml = dir.resolve("partial.xml");
        // A slow, rate-limited full-range scan of loopback: long enough to interrupt in the middle.
        Process p = new ProcessBuilder(NetsweepCommand.of(
                "-n", "-Pn", "-p-", "--rate", "3000", "-oJ", jsonl.toString(), "-oX", xml.toString(), "127.0.0.1"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        try {
            Thread.sleep(2500);
            assertThat(p.isAlive()).as("scan still running when interrupted").isTrue();
            long sent = System.nanoTime();
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            assertThat(p.exitValue()).isEqualTo(130);
            // The JVM's own exit adds a little; the scan itself stops within 500 ms.
            assertThat(took).isLessThan(Duration.ofMillis(1500));
            String out = Files.readString(dir.resolve("out.txt"));
            assertThat(out).containsIgnoringCase("cancelled");
            assertThat(Files.readString(jsonl)).contains("\"type\":\"cancelled\"");
            assertThat(Files.readString(xml)).contains("</nmaprun>");
        } finally {
            p.destroyForcibly();
        }
    }
}
