package io.netsweep.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.discovery.MacAddress;
import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A lab LAN for tests: runs {@code lab/lab.sh up} under a name unique to this JVM, parses the
 * ground truth, runs commands inside the lab's namespaces, and always tears the lab down: on
 * {@link #close()} and, should the JVM end first, from a shutdown hook.
 *
 * <p>Where a lab cannot be built (not root, no {@code ip netns}, no nft, python3 or fping),
 * {@link #start} aborts the calling test with the reason, so the test is reported as skipped, never
 * as passed; with {@code NETSWEEP_STRICT_TESTS=1} (CI) it fails it instead (see {@link Prerequisites}).
 * A lab that fails to build fails the test.
 *
 * <p>Typical use: one lab per test class, {@code @BeforeAll} start, {@code @AfterAll} close.
 * Thread-safe for running commands; {@link #close} is idempotent.
 */
public final class LabNetwork implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(3);

    /** One machine of the lab, as the ground truth describes it. */
    public record Host(String label, String kind, String namespace, InetAddress ipv4, Optional<InetAddress> ipv6,
                       MacAddress mac, boolean localMac, Optional<String> vendor, boolean answersIcmp,
                       List<Integer> open, List<Integer> closed, List<Integer> filtered) {
        public Host {
            open = List.copyOf(open);
            closed = List.copyOf(closed);
            filtered = List.copyOf(filtered);
        }

        /** On the scanner's LAN (LAN hosts, the router's LAN side, the scanner itself). */
        public boolean onLan() {
            return localMac;
        }
    }

    /** The lab's ground truth file. */
    public record GroundTruth(String name, String scannerNamespace, InetAddress scanner4, InetAddress scanner6,
                              int lossPercent, List<Integer> portUniverse, List<Host> hosts) {
        public GroundTruth {
            portUniverse = List.copyOf(portUniverse);
            hosts = List.copyOf(hosts);
        }

        public Stream<Host> lan() {
            return hosts.stream().filter(Host::onLan);
        }

        public Stream<Host> ofKind(String kind) {
            return hosts.stream().filter(h -> h.kind().equals(kind));
        }
    }

    private final LabRun lab;
    private final GroundTruth truth;

    private LabNetwork(LabRun lab, GroundTruth truth) {
        this.lab = lab;
        this.truth = truth;
    }

    /**
     * Builds a lab of {@code hosts} LAN hosts with {@code lossPercent} random loss; skips the
     * calling test where labs cannot be built here.
     */
    public static LabNetwork start(int hosts, int lossPercent) {
        assumeLabPossible();
        Path script = projectDir().resolve("lab/lab.sh");
        String name = "nswd-" + Long.toString(ProcessHandle.current().pid(), 36) + "-" + COUNTER.incrementAndGet();
        LabRun lab = LabRun.up(script, name, UP_TIMEOUT, "--hosts", String.valueOf(hosts),
                "--loss", String.valueOf(lossPercent));
        try {
            return new LabNetwork(lab, parse(Files.readString(lab.truthFile())));
        } catch (RuntimeException | IOException e) {
            lab.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static void assumeLabPossible() {
        Prerequisites.require(isRoot(), "the lab needs root (network namespaces); run the tests as root");
        for (String tool : List.of("/usr/sbin/ip", "/usr/sbin/nft", "/usr/bin/python3", "/usr/bin/fping",
                "/usr/bin/setpriv")) {
            Prerequisites.require(Files.isExecutable(Path.of(tool)), "the lab needs " + tool);
        }
        try {
            Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            Prerequisites.require(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0,
                    "`ip netns` does not work here");
        } catch (IOException e) {
            Prerequisites.missing("`ip netns` cannot run: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking for `ip netns`", e);
        }
    }

    static boolean isRoot() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                    .filter(l -> l.startsWith("Uid:")).findFirst()
                    .map(l -> l.split("\\s+")[2].equals("0")).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** The project directory (surefire sets {@code netsweep.project.dir}; else the working directory). */
    public static Path projectDir() {
        return Path.of(System.getProperty("netsweep.project.dir", System.getProperty("user.dir")));
    }

    public String name() {
        return lab.name();
    }

    public GroundTruth truth() {
        return truth;
    }

    public String scannerNamespace() {
        return truth.scannerNamespace();
    }

    /** Starts {@code cmd} inside the scanner namespace ({@code ip netns exec}); stderr goes to stdout. */
    public Process runInScanner(String... cmd) {
        return runIn(scannerNamespace(), cmd);
    }

    /** Starts {@code cmd} inside one of this lab's namespaces. */
    public Process runIn(String namespace, String... cmd) {
        if (!namespace.startsWith(lab.name() + "-")) {
            throw new IllegalArgumentException("not a namespace of this lab: " + namespace);
        }
        return LabRun.inNamespace(namespace, List.of(cmd));
    }

    /** Runs {@code cmd} in the scanner namespace to completion; returns its output, fails on a non-zero exit. */
    public String execInScanner(Duration timeout, String... cmd) {
        return finish(runInScanner(cmd), timeout, String.join(" ", cmd));
    }

    /** Sets a sysctl of the scanner namespace (they are per namespace, e.g. {@code net.ipv4.ping_group_range}). */
    public void sysctlInScanner(String key, String value) {
        execInScanner(Duration.ofSeconds(10), "sysctl", "-qw", key + "=" + value);
    }

    /** Changes the random loss on the lab's LAN hosts ({@code lab.sh loss}). */
    public void setLoss(int percent) {
        lab.run(Duration.ofMinutes(1), "loss", "--loss", String.valueOf(percent));
    }

    /** Tears the lab down. Idempotent. */
    @Override
    public void close() {
        lab.close();
    }

    /**
     * Waits for {@code p} and returns its output (read meanwhile, so a hung process cannot block
     * the read); fails on timeout or a non-zero exit, with the output in the message.
     */
    public static String finish(Process p, Duration timeout, String what) {
        try {
            p.getOutputStream().close();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, Executors.newVirtualThreadPerTaskExecutor());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " timed out after " + timeout);
            }
            String text = new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "):\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the output of " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted: " + what, e);
        }
    }

    static GroundTruth parse(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        List<Host> hosts = new ArrayList<>();
        for (JsonNode h : root.get("hosts")) {
            hosts.add(new Host(h.get("label").asText(), h.get("kind").asText(), h.get("namespace").asText(),
                    InetAddress.ofLiteral(h.get("ipv4").asText()),
                    text(h, "ipv6").map(InetAddress::ofLiteral), MacAddress.parse(h.get("mac").asText()),
                    h.get("localMac").asBoolean(), text(h, "vendor"), h.get("answersIcmp").asBoolean(),
                    ints(h.get("open")), ints(h.get("closed")), ints(h.get("filtered"))));
        }
        return new GroundTruth(root.get("name").asText(), root.get("scannerNamespace").asText(),
                InetAddress.ofLiteral(root.get("scanner").get("ipv4").asText()),
                InetAddress.ofLiteral(root.get("scanner").get("ipv6").asText()),
                root.get("lossPercent").asInt(), ints(root.get("portUniverse")), hosts);
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> list = new ArrayList<>();
        Objects.requireNonNull(array).forEach(n -> list.add(n.asInt()));
        return list;
    }
}
