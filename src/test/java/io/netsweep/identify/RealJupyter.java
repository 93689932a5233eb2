package io.netsweep.identify;

import io.netsweep.testing.ListeningSockets;
import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Jupyter Notebook server from Debian ({@code jupyter-notebook}, installed by {@code .ci/run}) on a
 * loopback port, with a token or with neither token nor password, in a temporary home of its own. Its process
 * (and children) are ended by PID and the directory removed on {@link #close}.
 */
public final class RealJupyter implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/jupyter-notebook");

    private final Process process;
    private final Path home;
    private final int port;

    private RealJupyter(Process process, Path home, int port) {
        this.process = process;
        this.home = home;
        this.port = port;
    }

    public int port() {
        return port;
    }

    /**
     * Starts it; {@code token} empty means no token and no password (anyone who reaches it runs code). It is
     * ready when this very process listens on its port: the port, free a moment before, may have been taken by
     * another test run meanwhile, and then a connect would reach that one (Jupyter exits, and is started again
     * on another port).
     */
    public static RealJupyter start(String token) throws IOException, InterruptedException {
        Prerequisites.require(Files.isExecutable(BINARY), "Debian's jupyter-notebook (.ci/run installs it)");
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return startOnce(token);
            } catch (Exited e) {
                last = e;
            }
        }
        throw last;
    }

    /** Jupyter exited before it listened: most likely its port was taken. */
    private static final class Exited extends IOException {
        Exited(String message) {
            super(message);
        }
    }

    private static RealJupyter startOnce(String token) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("netsweep-jupyter-");
        Files.createDirectories(home.resolve("notebooks"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--no-browser", "--ip=127.0.0.1",
                "--port=" + port, "--port-retries=0", "--notebook-dir=" + home.resolve("notebooks"),
                "--NotebookApp.token=" + token, "--NotebookApp.password="));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--allow-root");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("jupyter.log").toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", home.resolve("runtime").toString());
        pb.environment().put("JUPYTER_CONFIG_DIR", home.resolve("config").toString());
        pb.environment().put("JUPYTER_DATA_DIR", home.resolve("data").toString());
        RealJupyter jupyter = new RealJupyter(pb.start(), home, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!jupyter.process.isAlive()) {
                String log = Files.readString(home.resolve("jupyter.log"));
                jupyter.close();
                throw new Exited("jupyter-notebook exited: " + log);
            }
            if (ListeningSockets.listensOn(jupyter.process.toHandle(), port)) {
                return jupyter;
            }
            jupyter.process.waitFor(100, TimeUnit.MILLISECONDS); // polling /proc, with a deadline
        }
        jupyter.close();
        throw new IOException("jupyter-notebook not listening within 60 s");
    }

    /**
     * Waits until it answers its page (following its redirect to the login or file tree page): listening, Jupyter
     * may still be loading and compiling what its first page needs, much slower than any later one on a loaded
     * machine. A scan that must name it within its port's deadline starts after this. Returns this.
     */
    public RealJupyter awaitAnswering() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpRequest page = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(30)).build();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("jupyter-notebook exited: " + Files.readString(home.resolve("jupyter.log")));
                }
                try {
                    if (http.send(page, HttpResponse.BodyHandlers.discarding()).statusCode() < 500) {
                        return this;
                    }
                } catch (IOException notYet) {
                    // not answering yet
                }
                process.waitFor(100, TimeUnit.MILLISECONDS); // polling, with a deadline
            }
        }
        throw new IOException("jupyter-notebook not answering its page within 60 s");
    }

    @Override
    public void close() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> all = Files.walk(home)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }
}
