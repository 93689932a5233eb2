package io.netsweep.mcpserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.testing.NetsweepCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code netsweep mcp} over stdio, written byte for byte: each gets a JSON-RPC error, the server answers
 * the next request, and stdout carries nothing but JSON-RPC messages. One server for the class, as a client's
 * session would meet one bad message after another: each test starts once every answer to the one before has
 * been read, and ends with the server still answering.
 */
class McpStdioBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Process process;
    private static OutputStream in;
    private static final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private static final List<String> lines = new CopyOnWriteArrayList<>();
    private static final AtomicInteger syncs = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        process = new ProcessBuilder(NetsweepCommand.of("mcp", "--db", dir.resolve("scans.db").toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        in = process.getOutputStream();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    messages.add(JSON.readTree(line));
                }
            } catch (IOException ignored) {
                // the server ended
            }
        });
        send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
        assertThat(next().path("result").path("serverInfo").path("name").asText()).isEqualTo("netsweep");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    /** Reads up to the answer of a ping of its own: whatever a test before left unread is gone. */
    @BeforeEach
    void inStep() throws Exception {
        String id = "sync-" + syncs.incrementAndGet();
        send("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"ping\"}");
        while (!next().path("id").asText().equals(id)) {
            // an answer a failed test did not read
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (process == null) {
            return;
        }
        in.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        // Everything on stdout was a JSON-RPC message: no log line, no banner.
        for (String line : lines) {
            assertThat(JSON.readTree(line).path("jsonrpc").asText()).as(line).isEqualTo("2.0");
        }
    }

    private static void send(String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static JsonNode next() throws InterruptedException {
        JsonNode m = messages.poll(60, TimeUnit.SECONDS);
        assertThat(m).as("an answer").isNotNull();
        return m;
    }

    /** A call, then a ping: the call's answer, after checking that the server still answers. */
    private JsonNode callThenPing(String call) throws Exception {
        send(call);
        JsonNode answer = next();
        send("{\"jsonrpc\":\"2.0\",\"id\":\"ping\",\"method\":\"ping\"}");
        JsonNode pong = next();
        assertThat(pong.path("id").asText()).isEqualTo("ping");
        assertThat(pong.has("result")).isTrue();
        return answer;
    }

    private static String tool(Object id, String name, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + name
                + "\",\"arguments\":" + arguments + "}}";
    }

    @Test
    void malformedJsonIsAParseError() throws Exception {
        JsonNode e = callThenPing("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":");
        assertThat(e.path("error").path("code").asInt()).isEqualTo(-32700);
        assertThat(e.has("id")).isTrue();
        assertThat(e.path("id").isNull()).isTrue();
    }

    @Test
    void jsonThatIsNotJsonRpcIsAnInvalidRequest() throws Exception {
        assertThat(callThenPing("{\"hello\":\"world\"}").path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(callThenPing("[1,2,3]").path("error").path("code").asInt()).isEqualTo(-32600);
    }

    @Test
    void anUnknownMethodIsMethodNotFound() throws Exception {
        JsonNode e = callThenPing("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"no/such/method\"}");
        assertThat(e.path("id").asInt()).isEqualTo(7);
        assertThat(e.path("error").path("code").asInt()).isEqualTo(-32601);
    }

    @Test
    void anUnknownToolIsInvalidParams() throws Exception {
        JsonNode e = callThenPing(tool(8, "rm_rf", "{}"));
        assertThat(e.path("error").path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void wrongArgumentTypesAreInvalidParamsNamingTheArgument() throws Exception {
        JsonNode id = callThenPing(tool(9, "scan_status", "{\"scan_id\":\"1; rm -rf /\"}"));
        assertThat(id.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(id.path("error").path("message").asText()).contains("scan_id").doesNotContain("rm -rf");
        JsonNode fraction = callThenPing(tool(10, "explain_port", "{\"port\":22.5}"));
        assertThat(fraction.path("error").path("message").asText()).contains("port must be a whole number");
        JsonNode range = callThenPing(tool(11, "explain_port", "{\"port\":70000}"));
        assertThat(range.path("error").path("message").asText()).contains("port must be from 1 to 65535");
        JsonNode flag = callThenPing(tool(12, "scan", "{\"targets\":\"127.0.0.1\",\"wait\":\"yes\"}"));
        assertThat(flag.path("error").path("message").asText()).contains("wait must be true or false");
        JsonNode list = callThenPing(tool(13, "scan", "{\"targets\":[\"127.0.0.1\",5]}"));
        assertThat(list.path("error").path("message").asText()).contains("targets must be an array of strings");
        JsonNode port = callThenPing(tool(30, "hosts", "{\"port\":\"X:53; rm -rf /\"}"));
        assertThat(port.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(port.path("error").path("message").asText())
                .contains("port must be a TCP port (22 or \"T:22\") or a UDP port (\"U:53\")").doesNotContain("rm -rf");
    }

    @Test
    void anUnknownArgumentIsRefusedWithoutEchoingControlCharacters() throws Exception {
        JsonNode e = callThenPing(tool(14, "scan", "{\"targets\":\"127.0.0.1\",\"\\u001b[31mcommand_line\":\"-sS\"}"));
        assertThat(e.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(e.path("error").path("message").asText()).contains("unknown argument \"?[31mcommand_line\"")
                .doesNotContain("\u001b");
    }

    @Test
    void hugeArgumentsAndHugeMessagesAreRefused() throws Exception {
        JsonNode big = callThenPing(tool(15, "scan", "{\"targets\":\"" + "1".repeat(70_000) + "\"}"));
        assertThat(big.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(big.path("error").path("message").asText()).contains("longer than 65536");
        JsonNode many = callThenPing(tool(16, "scan", "{\"targets\":[" + "\"127.0.0.1\",".repeat(5000) + "\"x\"]}"));
        assertThat(many.path("error").path("message").asText()).contains("more than 4096 items");
        JsonNode huge = callThenPing(tool(17, "scan", "{\"targets\":\"" + "1".repeat(5 << 20) + "\"}"));
        assertThat(huge.path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(huge.path("error").path("message").asText()).contains("longer than");
    }

    @Test
    void badTargetsAreAToolErrorNamingTheToken() throws Exception {
        JsonNode e = callThenPing(tool(18, "scan", "{\"targets\":\"10.0.0.0/33\"}"));
        assertThat(e.path("result").path("isError").asBoolean()).isTrue();
        assertThat(e.path("result").path("content").path(0).path("text").asText()).contains("10.0.0.0/33");
        JsonNode ports = callThenPing(tool(19, "scan", "{\"targets\":\"127.0.0.1\",\"ports\":\"70000\"}"));
        assertThat(ports.path("result").path("content").path(0).path("text").asText()).contains("70000");
    }
}
