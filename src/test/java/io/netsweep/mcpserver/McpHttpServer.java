package io.netsweep.mcpserver;

import io.netsweep.testing.NetsweepCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code netsweep mcp --http} in a process of its own: its address and token, read from what it prints. */
final class McpHttpServer implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("netsweep MCP: (http://127\\.0\\.0\\.1:(\\d+)/mcp)");
    private static final Pattern TOKEN = Pattern.compile("token: ([A-Za-z0-9_-]+) ");

    final Process process;
    final String url;
    final int port;
    final String token;

    private McpHttpServer(Process process, String url, int port, String token) {
        this.process = process;
        this.url = url;
        this.port = port;
        this.token = token;
    }

    static McpHttpServer start(Path db, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("mcp", "--http", "--db", db.toString()));
        args.addAll(List.of(options));
        Process p = new ProcessBuilder(NetsweepCommand.of(args.toArray(String[]::new)))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String url = null;
        String token = null;
        int port = 0;
        // Its first lines say where it listens; the process ending first (a bad option) ends the loop.
        for (String line; (url == null || token == null) && (line = out.readLine()) != null; ) {
            Matcher u = URL.matcher(line);
            if (u.find()) {
                url = u.group(1);
                port = Integer.parseInt(u.group(2));
            }
            Matcher t = TOKEN.matcher(line);
            if (t.find()) {
                token = t.group(1);
            }
        }
        if (url == null || token == null) {
            p.destroyForcibly();
            throw new IllegalStateException("netsweep mcp --http did not say where it listens");
        }
        Thread.ofPlatform().daemon().start(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // the server ended
            }
        });
        return new McpHttpServer(p, url, port, token);
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: the server cancels its scans and stops
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
