package io.netsweep.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Real Debian daemons for service-detection tests: runs {@code lab/services.sh up} under a name
 * unique to this JVM, parses its ground truth, runs commands in the scanner namespace, and always
 * tears the lab down: on {@link #close()} and, should the JVM end first, from a shutdown hook.
 *
 * <p>Where the lab cannot be built here (not root, no {@code ip netns}, a daemon not installed),
 * {@link #start} skips the calling test with the reason, or fails it when
 * {@code NETSWEEP_STRICT_TESTS=1} (CI, where {@code .ci/run} installs every daemon): see
 * {@link Prerequisites}. A lab that fails to build fails the test.
 *
 * <p>Typical use: one lab per test class, {@code @BeforeAll} start, {@code @AfterAll} close.
 * Thread-safe for running commands; {@link #close} is idempotent.
 */
public final class ServiceLab implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(5);

    /**
     * One TCP port of one daemon, as the ground truth describes it.
     *
     * @param id         the lab's name for the service ({@code openssh}, {@code nginx}, ...)
     * @param hello      what {@code lab/svprobe.py} sends it ({@code ssh}, {@code http}, {@code imaps}, ...)
     * @param packageName the Debian package (or npm package) that ships the daemon
     * @param packageVersion that package's version as installed ({@code dpkg-query}), epoch included
     * @param product    the name a scanner should report
     * @param version    the upstream version, from {@code packageVersion} without epoch and Debian revision
     * @param disclosesVersion whether {@code version} appears in what the daemon answers to harmless hellos
     * @param evidence   where it appears, or what the daemon sent instead
     */
    public record Service(String id, InetAddress address, int port, boolean tls, String hello, String packageName,
                          String packageVersion, String product, String version, boolean disclosesVersion,
                          String evidence) {
        public Service {
            Objects.requireNonNull(id);
            Objects.requireNonNull(address);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            Objects.requireNonNull(version);
        }

        /** {@code id:port}, unique in a lab. */
        public String key() {
            return id + ":" + port;
        }
    }

    /** The lab's ground truth file. */
    public record GroundTruth(String name, String scannerNamespace, String servicesNamespace, InetAddress scanner,
                              List<Service> services) {
        public GroundTruth {
            services = List.copyOf(services);
        }

        public Stream<Service> withId(String id) {
            return services.stream().filter(s -> s.id().equals(id));
        }
    }

    private final LabRun lab;
    private final GroundTruth truth;

    private ServiceLab(LabRun lab, GroundTruth truth) {
        this.lab = lab;
        this.truth = truth;
    }

    /** Builds the lab with every service {@code lab/services.sh} knows; skips (or fails) where it cannot. */
    public static ServiceLab start() {
        Path script = LabNetwork.projectDir().resolve("lab/services.sh");
        requirePossible(script);
        String name = "nsv-" + Long.toString(ProcessHandle.current().pid(), 36) + "-" + COUNTER.incrementAndGet();
        LabRun lab = LabRun.up(script, name, UP_TIMEOUT);
        try {
            return new ServiceLab(lab, parse(Files.readString(lab.truthFile())));
        } catch (RuntimeException | IOException e) {
            lab.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static void requirePossible(Path script) {
        Prerequisites.require(LabNetwork.isRoot(), "the service lab needs root (network namespaces); run the tests as root");
        for (String tool : List.of("/usr/sbin/ip", "/usr/sbin/nft", "/usr/bin/python3", "/usr/bin/setpriv",
                "/usr/bin/setsid", "/usr/bin/openssl")) {
            Prerequisites.require(Files.isExecutable(Path.of(tool)), "the service lab needs " + tool);
        }
        // services.sh list marks each daemon that is not installed; .ci/run installs them all.
        String list = LabRun.run(script, Duration.ofSeconds(30), "list");
        List<String> missing = list.lines().filter(l -> l.contains(" is not installed]")).toList();
        Prerequisites.require(missing.isEmpty(), "daemons of the service lab are not installed (.ci/run installs them):\n"
                + String.join("\n", missing));
    }

    public String name() {
        return lab.name();
    }

    public GroundTruth truth() {
        return truth;
    }

    /** The ground truth file as services.sh wrote it (removed at {@link #close}). */
    public Path truthFile() {
        return lab.truthFile();
    }

    /** Starts {@code cmd} inside the scanner namespace ({@code ip netns exec}); stderr goes to stdout. */
    public Process runInScanner(String... cmd) {
        return LabRun.inNamespace(truth.scannerNamespace(), List.of(cmd));
    }

    /** Runs {@code cmd} in the scanner namespace to completion; returns its output, fails on a non-zero exit. */
    public String execInScanner(Duration timeout, String... cmd) {
        return LabNetwork.finish(runInScanner(cmd), timeout, String.join(" ", cmd));
    }

    /**
     * Runs {@link ServiceHellos} in the scanner namespace: each service's key ({@link Service#key}) to
     * {OK|FAIL, whether its answer showed the version, detail}.
     */
    public Map<String, String[]> hellos() {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xshare:auto", "-cp", classPathOf(ServiceHellos.class), ServiceHellos.class.getName()));
        for (Service s : truth.services()) {
            cmd.add(String.join(":", s.id(), String.valueOf(s.port()), s.address().getHostAddress(), s.hello(),
                    s.version()));
        }
        String out = execInScanner(Duration.ofMinutes(2), cmd.toArray(String[]::new));
        Map<String, String[]> results = new HashMap<>();
        out.lines().filter(l -> l.startsWith("RESULT ")).forEach(l -> {
            String[] f = l.split(" ", 5);
            results.put(f[1], new String[] {f[2], f[3], f.length > 4 ? f[4] : ""});
        });
        return results;
    }

    /**
     * Waits until every daemon answers its protocol's hello (not only accepts connections, which is all that
     * {@code up} waits for): a scan with fixed banner and answer waits then meets daemons that are ready, not
     * ones still starting. Fails with what did not answer once {@code deadline} has passed.
     */
    public void awaitHellosAnswered(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            List<String> failed = hellos().entrySet().stream().filter(e -> !e.getValue()[0].equals("OK"))
                    .map(e -> e.getKey() + ": " + e.getValue()[2]).sorted().toList();
            if (failed.isEmpty()) {
                return;
            }
            if (System.nanoTime() - end > 0) {
                throw new IllegalStateException("daemons not answering their hello: " + failed);
            }
        }
    }

    private static String classPathOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tears the lab down. Idempotent. */
    @Override
    public void close() {
        lab.close();
    }

    /** Whether a lab named {@code name} still has namespaces (for tests of the teardown). */
    static boolean namespacesExist(String name) {
        try {
            Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            String out = LabNetwork.finish(p, Duration.ofSeconds(10), "ip netns list");
            return out.lines().map(l -> l.split(" ")[0])
                    .anyMatch(ns -> ns.equals(name + "-scan") || ns.equals(name + "-svc"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GroundTruth parse(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        List<Service> services = new ArrayList<>();
        for (JsonNode s : root.get("services")) {
            services.add(new Service(s.get("id").asText(), InetAddress.ofLiteral(s.get("address").asText()),
                    s.get("port").asInt(), s.get("tls").asBoolean(), s.get("hello").asText(),
                    s.get("package").asText(), s.get("packageVersion").asText(), s.get("product").asText(),
                    s.get("version").asText(), s.get("disclosesVersion").asBoolean(), s.get("evidence").asText()));
        }
        return new GroundTruth(root.get("name").asText(), root.get("scannerNamespace").asText(),
                root.get("servicesNamespace").asText(), InetAddress.ofLiteral(root.get("scanner").asText()), services);
    }

    /** Waits up to {@code timeout} for {@code p}; true if it ended. */
    static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
