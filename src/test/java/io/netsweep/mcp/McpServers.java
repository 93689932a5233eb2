package io.netsweep.mcp;

import io.netsweep.identify.TrustAllTls;
import io.netsweep.testing.ListeningSockets;
import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real MCP servers for tests, on loopback: npm's reference {@code @modelcontextprotocol/server-everything} in
 * its Streamable HTTP or SSE mode, and small servers written against the real TypeScript SDK
 * ({@code src/test/resources/io/netsweep/mcp/*.mjs}) for what the reference server does not do (OAuth, only
 * read-only tools). All from the npm install that {@code .ci/run} makes in {@code /opt/netsweep-lab/mcp}
 * (pinned by {@code lab/mcp/package-lock.json}). Each server is its own process, ended by its PID.
 */
public final class McpServers {
    static final Path ROOT = Path.of(System.getenv().getOrDefault("NETSWEEP_LAB_EXTRA", "/opt/netsweep-lab"), "mcp");
    static final Path EVERYTHING = ROOT.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    private static final Duration READY = Duration.ofSeconds(60);

    private McpServers() {}

    /** A started server process, its port, and where its MCP endpoint is. */
    public record Running(Process process, int port, Path log, McpServer.Transport transport, String endpoint)
            implements AutoCloseable {
        public InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }

        /**
         * Waits until the server answers a whole discovery (initialize and the listings, or a refusal for want of
         * credentials), sent to it directly: listening on its port, a server may still be loading what its first
         * session needs, much slower than any later one on a loaded machine. A scan that must find the server
         * listing its tools within its port's deadline starts after this. Returns this.
         */
        public Running awaitAnswering() throws IOException, InterruptedException {
            McpDiscovery discovery = new McpDiscovery("netsweep-test-readiness", TrustAllTls::socketFactory);
            long deadline = System.nanoTime() + READY.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("MCP server exited: " + Files.readString(log));
                }
                if (discovery.discover(address(), false, transport, endpoint, Duration.ofSeconds(30)).isPresent()) {
                    return this;
                }
                process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS); // polling, with a deadline
            }
            throw new IOException("MCP server not answering a discovery within " + READY);
        }

        @Override
        public void close() {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor();
                Files.deleteIfExists(log);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException ignored) {
                // a temp file left behind
            }
        }
    }

    static Path node() {
        for (String candidate : List.of("/usr/bin/node", "/usr/local/bin/node")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        Prerequisites.missing("node (npm's MCP servers run on it; .ci/run installs npm)");
        throw new AssertionError();
    }

    /** server-everything in {@code mode} ({@code streamableHttp} or {@code sse}). */
    public static Running everything(String mode) throws IOException, InterruptedException {
        Prerequisites.require(Files.isRegularFile(EVERYTHING),
                "npm's @modelcontextprotocol/server-everything in " + ROOT + " (.ci/run installs it)");
        return start(List.of(node().toString(), EVERYTHING.toString(), mode), Map.of(),
                mode.equals("sse") ? McpServer.Transport.HTTP_SSE : McpServer.Transport.STREAMABLE_HTTP,
                mode.equals("sse") ? "/sse" : "/mcp");
    }

    /** This package's server on the real SDK ({@code sdk-server.mjs}) in {@code mode}: {@code readonly} or {@code oauth}. */
    public static Running sdkServer(String mode) throws IOException, InterruptedException {
        Prerequisites.require(Files.isDirectory(ROOT.resolve("node_modules/@modelcontextprotocol/sdk")),
                "npm's @modelcontextprotocol/sdk in " + ROOT + " (.ci/run installs it with server-everything)");
        Path script = Path.of("src/test/resources/io/netsweep/mcp/sdk-server.mjs").toAbsolutePath();
        return start(List.of(node().toString(), script.toString()), Map.of("MODE", mode, "MCP_ROOT", ROOT.toString()),
                McpServer.Transport.STREAMABLE_HTTP, "/mcp");
    }

    /**
     * Starts {@code command} on a free port and waits until that very process listens on it (not merely until
     * something accepts there: the port, free a moment before, may have been taken by another test run's
     * socket meanwhile, and then the server exits and is started again on another port).
     */
    private static Running start(List<String> command, Map<String, String> env, McpServer.Transport transport,
                                 String endpoint) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return startOn(freePort(), command, env, transport, endpoint);
            } catch (PortTaken e) {
                last = e;
            }
        }
        throw last;
    }

    /** The server exited before it listened: most likely its port was taken. */
    private static final class PortTaken extends IOException {
        PortTaken(String message) {
            super(message);
        }
    }

    private static Running startOn(int port, List<String> command, Map<String, String> env,
                                   McpServer.Transport transport, String endpoint) throws IOException, InterruptedException {
        Path log = Files.createTempFile("netsweep-mcp-", ".log");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("HOST", "127.0.0.1");
        pb.environment().putAll(env);
        Process p = pb.start();
        Running running = new Running(p, port, log, transport, endpoint);
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                String out = Files.readString(log);
                running.close();
                throw new PortTaken("MCP server exited: " + out);
            }
            if (ListeningSockets.listensOn(p.toHandle(), port)) {
                return running;
            }
            p.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS); // polling /proc, with a deadline
        }
        running.close();
        throw new IOException("MCP server not listening within " + READY);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
