package io.netsweep.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server (Debian's, {@code /usr/lib/postgresql/VERSION/bin}) for the tests of the PostgreSQL
 * store, one per test JVM: {@code initdb} in a directory of its own under the temporary directory
 * ({@code netsweep-pg-JVMPID-*}), listening on 127.0.0.1 at a free port and on a Unix socket in that directory
 * (ready once its own process listens there, see {@link ListeningSockets}; a port taken meanwhile means another),
 * run as the {@code postgres} system user when the tests run as root (PostgreSQL refuses root), with password
 * authentication over TCP (user {@code netsweep}, password {@link #PASSWORD}). Durability is off
 * ({@code fsync=off}): a test's database dies with its server.
 *
 * <p>Stopped, and its directory removed, when the test JVM's last test class is done (JUnit's root store); should
 * the JVM be killed, the server gets SIGKILL from the kernel ({@code setpriv --pdeathsig}, bound to a thread that
 * lives as long as the JVM), and the next test JVM removes what is left of a dead JVM's server: it stops that
 * postmaster by the pid in its {@code postmaster.pid}, then deletes its directory.
 *
 * <p>Each test class takes a database of its own ({@link #newDatabase}). Thread-safe.
 */
public final class PostgresServer implements AutoCloseable {
    /** The password of the {@code netsweep} user. */
    public static final String PASSWORD = "s3cret-pw";
    public static final String USER = "netsweep";
    private static final String PREFIX = "netsweep-pg-";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path base;
    private final Process postmaster;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path base, Process postmaster, int port) {
        this.base = base;
        this.postmaster = postmaster;
        this.port = port;
    }

    /** The test JVM's server, started on first use; skips (or, strict, fails) where PostgreSQL is missing. */
    public static PostgresServer shared(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(PostgresServer.class, k -> start(), PostgresServer.class);
    }

    /** The directory of PostgreSQL's programs, the newest version installed. */
    static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparing(p -> p.getParent().getFileName().toString(),
                            Comparator.comparingInt(s -> s.matches("[0-9]+") ? Integer.parseInt(s) : 0)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A server of the caller's own (a benchmark's), which closes it. */
    public static PostgresServer startOwn() {
        return start();
    }

    private static PostgresServer start() {
        Optional<Path> bin = binaries();
        Prerequisites.require(bin.isPresent(), "PostgreSQL is not installed (Debian package postgresql)");
        boolean root = "root".equals(System.getProperty("user.name"));
        Prerequisites.require(!root || Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "setpriv (util-linux) is needed to run PostgreSQL as the postgres user");
        removeLeftovers();
        try {
            Path base = Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
            try {
                return start(bin.get(), base, root);
            } catch (IOException | RuntimeException | InterruptedException e) {
                delete(base);
                throw e;
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static PostgresServer start(Path bin, Path base, boolean root) throws IOException, InterruptedException {
        Path data = base.resolve("data");
        Path pwfile = base.resolve("pw");
        Files.writeString(pwfile, PASSWORD + "\n");
        if (root) {
            UserPrincipal postgres = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
            Files.createDirectory(data);
            Files.setOwner(data, postgres);
            Files.setOwner(pwfile, postgres);
            Files.setOwner(base, postgres);
        }
        Path log = base.resolve("initdb.log");
        Process initdb = new ProcessBuilder(as(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(),
                "-U", USER, "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                "--locale=C", "--no-sync", "--no-instructions")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!initdb.waitFor(120, TimeUnit.SECONDS) || initdb.exitValue() != 0) {
            initdb.destroyForcibly();
            throw new IOException("initdb failed: " + tail(log));
        }
        Files.delete(pwfile);
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Path serverLog = base.resolve("postgres-" + attempt + ".log");
            List<String> command = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                    "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                    "-c", "unix_socket_directories=" + base, "-c", "fsync=off", "-c", "full_page_writes=off",
                    "-c", "synchronous_commit=off", "-c", "max_connections=200", "-c", "logging_collector=off"));
            Process p = startBoundToJvm(new ProcessBuilder(as(root, command, "--pdeathsig", "KILL"))
                    .redirectErrorStream(true).redirectOutput(serverLog.toFile()));
            PostgresServer server = new PostgresServer(base, p, port);
            try {
                server.awaitReady();
                return server;
            } catch (IOException e) {
                last = new IOException(e.getMessage() + ": " + tail(serverLog), e);
                server.stop();
            }
        }
        throw last;
    }

    /**
     * Starts the process from a thread that lives as long as the JVM: the kernel's parent-death signal follows the
     * thread that started the child, not the process, and a test's thread ends long before the JVM does.
     */
    private static Process startBoundToJvm(ProcessBuilder builder) throws IOException, InterruptedException {
        CompletableFuture<Process> started = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("netsweep-postgres-parent").start(() -> {
            Process p;
            try {
                p = builder.start();
            } catch (IOException | RuntimeException e) {
                started.completeExceptionally(e);
                return;
            }
            started.complete(p);
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            return started.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot start postgres: " + e.getMessage(), e);
        }
    }

    private static List<String> as(boolean root, List<String> command, String... setprivOptions) {
        List<String> out = new ArrayList<>();
        out.add("/usr/bin/setpriv");
        if (root) {
            out.addAll(List.of("--reuid=postgres", "--regid=postgres", "--init-groups"));
        }
        out.addAll(List.of(setprivOptions));
        out.addAll(command);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!postmaster.isAlive()) {
                throw new IOException("postgres exited with " + postmaster.exitValue());
            }
            // Ready only once this postmaster listens: the port was free when picked, but another server (another
            // test JVM's, with the same user and password) may have taken it since, and would answer the connect.
            if (ListeningSockets.listensOn(postmaster.toHandle(), port)) {
                try (Connection c = connect("postgres")) {
                    return;
                } catch (SQLException e) {
                    last = e;
                }
            }
            postmaster.waitFor(50, TimeUnit.MILLISECONDS); // returns at once should it exit
        }
        throw new IOException("postgres did not accept connections within " + START_TIMEOUT.toSeconds() + " s: "
                + (last == null ? "" : last.getMessage()));
    }

    /** A connection as the {@code netsweep} user to {@code database}, over TCP with the password. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        p.setProperty("connectTimeout", "10");
        return new org.postgresql.Driver().connect(jdbcUrl(database), p);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** A new, empty database; its name. */
    public String newDatabase() throws SQLException {
        String name = "t" + databases.incrementAndGet();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** The URL netsweep takes for {@code database}, with the password in it. */
    public String url(String database) {
        return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/" + database;
    }

    /** The URL netsweep takes for {@code database}, without a password. */
    public String urlWithoutPassword(String database) {
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        stop();
        delete(base);
    }

    /** Fast shutdown (SIGINT: open connections are ended), by the postmaster's pid; SIGKILL should it hang. */
    private void stop() {
        if (postmaster.isAlive()) {
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).start().waitFor(10, TimeUnit.SECONDS);
                if (!postmaster.waitFor(30, TimeUnit.SECONDS)) {
                    postmaster.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (IOException e) {
                postmaster.destroyForcibly();
            } catch (InterruptedException e) {
                postmaster.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Removes the servers of test JVMs that are gone (killed before they could stop theirs): stops each one's
     * postmaster by the pid in its {@code postmaster.pid}, should it still run from that directory, then deletes
     * the directory.
     */
    private static void removeLeftovers() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX)).toList()) {
                String[] parts = dir.getFileName().toString().substring(PREFIX.length()).split("-");
                if (parts.length < 2 || !parts[0].matches("[0-9]+")) {
                    continue;
                }
                if (ProcessHandle.of(Long.parseLong(parts[0])).map(ProcessHandle::isAlive).orElse(false)) {
                    continue; // another test JVM's, in use
                }
                Path pidFile = dir.resolve("data").resolve("postmaster.pid");
                try {
                    List<String> lines = Files.readAllLines(pidFile);
                    if (!lines.isEmpty() && lines.getFirst().strip().matches("[0-9]+")) {
                        long pid = Long.parseLong(lines.getFirst().strip());
                        Optional<ProcessHandle> h = ProcessHandle.of(pid);
                        String cmdline = Files.exists(Path.of("/proc/" + pid + "/cmdline"))
                                ? Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ') : "";
                        if (h.isPresent() && cmdline.contains(dir.resolve("data").toString())) {
                            h.get().destroyForcibly();
                            h.get().onExit().get(30, TimeUnit.SECONDS);
                        }
                    }
                } catch (IOException | RuntimeException | InterruptedException
                         | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // no pid file (initdb never finished) or a server already gone: the directory goes anyway
                }
                delete(dir);
            }
        } catch (IOException e) {
            // nothing to clean
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // left for the next run's removeLeftovers
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
