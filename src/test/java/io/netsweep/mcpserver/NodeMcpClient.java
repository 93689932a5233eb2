package io.netsweep.mcpserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsweep.testing.Prerequisites;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The TypeScript SDK's MCP client ({@code @modelcontextprotocol/sdk}, pinned in src/test/mcp-client, installed by
 * .ci/run) driven from a test through src/test/mcp-client/driver.mjs: each call is a JSON line to the driver, each
 * answer a line back. Calls may overlap. Closing ends the driver (and, over stdio, the server it started).
 */
final class NodeMcpClient implements AutoCloseable {
    /** Where .ci/run installs the client's packages; NETSWEEP_MCP_CLIENT_DIR overrides it. */
    static final Path INSTALL = Path.of(System.getenv().getOrDefault("NETSWEEP_MCP_CLIENT_DIR",
            "/opt/netsweep-test/mcp-client"));
    static final Duration ANSWER = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final OutputStream in;
    private final Map<String, BlockingQueue<JsonNode>> answers = new ConcurrentHashMap<>();
    private final List<JsonNode> progress = new CopyOnWriteArrayList<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Thread reader;
    private final Path dir;

    private NodeMcpClient(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
        this.in = process.getOutputStream();
        this.reader = Thread.ofPlatform().daemon().name("mcp-client-reader").start(this::read);
    }

    /** Checks that node and the pinned SDK are installed (a test is skipped without them, failed in CI). */
    static void requireInstalled() {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/node")), "the MCP client tests need node (npm)");
        Prerequisites.require(Files.isDirectory(INSTALL.resolve("node_modules/@modelcontextprotocol/sdk")),
                "the MCP client tests need @modelcontextprotocol/sdk in " + INSTALL + " (run .ci/run)");
    }

    /** A client that starts {@code server} and speaks MCP over its stdin and stdout. */
    static NodeMcpClient stdio(List<String> server) throws IOException {
        List<String> args = new ArrayList<>(List.of("stdio"));
        args.addAll(server);
        return start(args, List.of());
    }

    /** A client of a Streamable HTTP endpoint. */
    static NodeMcpClient http(String url, String token) throws IOException {
        return start(List.of("http", url, token), List.of());
    }

    /**
     * A client started through {@code wrapper} (such as {@code unshare --net sh script}), which must end by running
     * the driver with the arguments that follow it.
     */
    static NodeMcpClient wrapped(List<String> wrapper, List<String> driverArgs) throws IOException {
        return start(driverArgs, wrapper);
    }

    private static NodeMcpClient start(List<String> driverArgs, List<String> wrapper) throws IOException {
        requireInstalled();
        Path dir = Files.createTempDirectory("nsw-mcp-client-");
        Files.createSymbolicLink(dir.resolve("node_modules"), INSTALL.resolve("node_modules"));
        Path driver = Path.of(System.getProperty("netsweep.project.dir", "."), "src/test/mcp-client/driver.mjs");
        Files.copy(driver, dir.resolve("driver.mjs"));
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of("/usr/bin/node", dir.resolve("driver.mjs").toString()));
        cmd.addAll(driverArgs);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        NodeMcpClient client = new NodeMcpClient(p, dir);
        JsonNode first = client.nextEvent("connected");
        if (first == null) {
            try {
                client.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the MCP client did not connect");
        }
        return client;
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                JsonNode node = JSON.readTree(line);
                if (node.has("event") && node.get("event").asText().equals("progress")) {
                    progress.add(node);
                } else if (node.has("event")) {
                    events.add(node);
                    queue("event:" + node.get("event").asText()).add(node);
                } else {
                    queue(node.get("id").asText()).add(node);
                }
            }
        } catch (IOException e) {
            // the driver ended
        }
    }

    private BlockingQueue<JsonNode> queue(String key) {
        return answers.computeIfAbsent(key, k -> new LinkedBlockingQueue<>());
    }

    private JsonNode nextEvent(String name) {
        try {
            return queue("event:" + name).poll(ANSWER.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Sends a command without waiting; returns its id. */
    String send(ObjectNode command) {
        String id = "c" + ids.incrementAndGet();
        command.put("id", id);
        try {
            synchronized (in) {
                in.write((JSON.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return id;
    }

    /** The answer to command {@code id}: {@code {"ok": true, "result": ...}} or {@code {"ok": false, "error": ...}}. */
    JsonNode await(String id) throws InterruptedException {
        JsonNode answer = queue(id).poll(ANSWER.toSeconds(), TimeUnit.SECONDS);
        if (answer == null) {
            throw new AssertionError("no answer to " + id + " within " + ANSWER.toSeconds() + " s");
        }
        return answer;
    }

    JsonNode call(String op) throws InterruptedException {
        ObjectNode c = JSON.createObjectNode().put("op", op);
        return await(send(c));
    }

    /** Calls a tool; {@code arguments} as JSON text. */
    JsonNode tool(String name, String arguments) throws InterruptedException {
        return await(startTool(name, arguments, false));
    }

    String startTool(String name, String arguments, boolean progress) {
        try {
            ObjectNode c = JSON.createObjectNode().put("op", "callTool").put("name", name).put("progress", progress);
            c.set("arguments", JSON.readTree(arguments));
            return send(c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode readResource(String uri) throws InterruptedException {
        return await(send(JSON.createObjectNode().put("op", "readResource").put("uri", uri)));
    }

    /** Progress notifications received for command {@code id}, in order. */
    List<JsonNode> progress(String id) {
        return progress.stream().filter(p -> p.get("id").asText().equals(id)).toList();
    }

    /** Errors the client reported on its own (a malformed message from the server, say). */
    List<JsonNode> clientErrors() {
        return events.stream().filter(e -> e.get("event").asText().equals("client_error")).toList();
    }

    /** Ends the driver: closes its input and waits for it (and the server it started) to exit. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(Duration.ofSeconds(10));
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    int exitCode() {
        return process.exitValue();
    }

    /** The structured result of a successful, non-error tool call. */
    static JsonNode structured(JsonNode answer) {
        if (!answer.path("ok").asBoolean() || answer.path("result").path("isError").asBoolean()) {
            throw new AssertionError("tool call failed: " + answer);
        }
        return answer.path("result").path("structuredContent");
    }

    /** The text of a tool error. */
    static String toolError(JsonNode answer) {
        if (!answer.path("ok").asBoolean() || !answer.path("result").path("isError").asBoolean()) {
            throw new AssertionError("expected a tool error: " + answer);
        }
        return answer.path("result").path("content").path(0).path("text").asText();
    }
}
