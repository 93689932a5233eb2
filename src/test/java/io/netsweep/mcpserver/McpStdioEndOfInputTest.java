package io.netsweep.mcpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.NetsweepCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that writes its requests and closes stdin at once still gets every answer, then the server exits 0. */
class McpStdioEndOfInputTest {
    @TempDir
    Path dir;

    @Test
    void requestsWrittenBeforeInputEndsAreAnswered() throws Exception {
        Process p = new ProcessBuilder(NetsweepCommand.of("mcp", "--db", dir.resolve("scans.db").toString()))
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        try (var in = p.getOutputStream()) {
            in.write(String.join("\n",
                    "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}",
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"explain_port\","
                            + "\"arguments\":{\"port\":22}}}",
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", "").getBytes(StandardCharsets.UTF_8));
        }
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(() -> "stderr: " + readStderr()).isZero();
        assertThat(lines).hasSize(3);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\"")
                .contains("ssh"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\""));
    }

    private String readStderr() {
        try {
            return Files.readString(dir.resolve("stderr.txt"));
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
