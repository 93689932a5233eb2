package io.netsweep.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.testing.Prerequisites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Debian package of {@code packaging/build-deb}, built from target/, checked by lintian and installed with apt
 * into a clean Debian root made by mmdebstrap from Debian's packages (the package's dependencies and the minimal
 * base, nothing else): netsweep on PATH, a loopback scan, and raw sockets for an unprivileged member of the group
 * netsweep exactly while the debconf answer grants them. Everything runs as root, inside new mount, PID and network
 * namespaces whose only network is their own loopback ({@code deb-in-debian-root.sh}).
 *
 * <p>Slow (measured on 2 shared cores): the package takes 10 to 15 s to build from target/, a new Debian root 23 s
 * (network bound; cached under /var/cache/netsweep-test for a week), the install and the scans about 10 s.
 */
@Tag("packaging")
class DebPackageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT_CACHE = Path.of("/var/cache/netsweep-test");
    private static final Duration ROOT_LIFETIME = Duration.ofDays(7);
    private static Path work;
    private static Path deb;

    @BeforeAll
    static void buildThePackage() throws Exception {
        Prerequisites.require(Run.root(), "needs root: chroot, namespaces and file capabilities");
        for (String tool : List.of("dpkg-deb", "patchelf", "mmdebstrap", "lintian", "unshare", "setcap")) {
            Prerequisites.require(Run.of(Duration.ofSeconds(10), "sh", "-c", "command -v " + tool).code() == 0,
                    "needs " + tool + " (.ci/run installs it)");
        }
        work = Files.createTempDirectory("nsw-deb-it-");
        long t0 = System.nanoTime();
        Run built = Run.of(Duration.ofMinutes(10), Run.PROJECT.resolve("packaging/build-deb").toString(),
                "--app", Run.PROJECT.resolve("target").toString(), "--out", work.toString()).ok();
        deb = Path.of(built.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        System.err.printf("DebPackageIT: %s built in %d s%n", deb.getFileName(), (System.nanoTime() - t0) / 1_000_000_000);
        assertThat(deb.getFileName().toString()).matches("netsweep_[0-9][^_]*_amd64\\.deb");
    }

    @AfterAll
    static void removeThePackage() throws Exception {
        if (work != null) {
            Run.of(Duration.ofMinutes(1), "rm", "-rf", work.toString()).ok();
        }
    }

    @Test
    void lintianFindsNoErrorsAndNoWarnings() throws Exception {
        Run r = Run.of(Duration.ofMinutes(5), "lintian", "--tag-display-limit", "0", deb.toString());
        List<String> tags = r.out().lines().filter(l -> l.matches("^[EW]: .*")).toList();
        assertThat(tags).as("lintian's errors and warnings (overrides: packaging/debian/lintian-overrides)").isEmpty();
        assertThat(r.code()).as(r.out() + r.err()).isZero();
    }

    @Test
    void theControlFileNamesWhatTheMaintainerScriptsUse() throws Exception {
        String depends = Run.of(Duration.ofSeconds(30), "dpkg-deb", "-f", deb.toString(), "Depends").ok().out();
        assertThat(depends).contains("libcap2-bin", "passwd", "debconf");
        String files = Run.of(Duration.ofSeconds(60), "dpkg-deb", "-c", deb.toString()).ok().out();
        assertThat(files).contains("./usr/bin/netsweep -> ../lib/netsweep/bin/netsweep",
                "./usr/lib/netsweep/bin/java-netraw", "./usr/lib/netsweep/app/netsweep.jsa",
                "./usr/share/doc/netsweep/copyright");
        String runpath = Run.of(Duration.ofSeconds(60), "sh", "-c", "d=$(mktemp -d) && dpkg-deb -x \"$1\" \"$d\" && "
                + "readelf -d \"$d/usr/lib/netsweep/bin/java-netraw\"; rm -rf \"$d\"", "sh", deb.toString()).ok().out();
        assertThat(runpath).as("an absolute RUNPATH: secure-execution mode ignores $ORIGIN")
                .contains("[/usr/lib/netsweep/lib]").doesNotContain("$ORIGIN");
    }

    @Test
    void installedIntoACleanDebianRootItScansAndGrantsRawSocketsOnlyWhenAgreed() throws Exception {
        Path tarball = debianRoot(dependencies(deb));
        long t0 = System.nanoTime();
        Run r = Run.of(Duration.ofMinutes(10), "bash",
                Run.PROJECT.resolve("src/test/resources/io/netsweep/packaging/deb-in-debian-root.sh").toString(),
                tarball.toString(), deb.toString()).ok();
        System.err.printf("DebPackageIT: install and scans in the Debian root: %d s%n",
                (System.nanoTime() - t0) / 1_000_000_000);
        Map<String, String> steps = steps(r.out());
        assertThat(steps).containsKey("end");

        assertThat(steps.get("which").strip()).isEqualTo("/usr/bin/netsweep");
        assertThat(steps.get("version").strip()).matches("netsweep [0-9][^ ]* \\(Java 25[^)]*\\)");
        // A noninteractive install takes the default: no capability.
        assertThat(steps.get("caps-by-default").strip()).isEqualTo("755 root root");
        assertScan(steps.get("scan-as-root"), "icmp-raw", "syn");
        assertScan(steps.get("scan-as-member-by-default"), "tcp-connect", "connect");

        assertThat(steps.get("caps-agreed").strip().lines().toList()).containsExactly(
                "/usr/lib/netsweep/bin/java-netraw cap_net_raw=ep", "754 root netsweep");
        assertScan(steps.get("scan-as-member-agreed"), "icmp-raw", "syn");
        assertScan(steps.get("scan-as-member-agreed-without-net-raw-bound"), "tcp-connect", "connect");
        assertScan(steps.get("scan-as-other-agreed"), "tcp-connect", "connect");
        // Why java-netraw's RUNPATH is absolute: glibc trusts $ORIGIN in secure-execution mode under /usr/lib only.
        assertThat(steps.get("plain-java-with-capability-in-usr-lib")).contains("openjdk version \"25");
        assertThat(steps.get("plain-java-with-capability-in-opt"))
                .contains("libjli.so: cannot open shared object file").contains("exit code 127");

        assertThat(steps.get("caps-withdrawn").strip()).isEqualTo("755 root root");
        assertScan(steps.get("scan-as-member-withdrawn"), "tcp-connect", "connect");
        assertThat(steps.get("purge")).contains("netsweep: gone").contains("/usr/lib/netsweep: gone");
    }

    /** The scan found the listener open, with the discovery method and scan type the privilege allows. */
    static void assertScan(String jsonLines, String discovery, String scan) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : jsonLines.strip().lines().toList()) {
            events.add(JSON.readTree(line));
        }
        JsonNode started = events.getFirst();
        assertThat(started.path("type").asText()).as(jsonLines).isEqualTo("started");
        assertThat(started.path("discovery").asText()).as(jsonLines).isEqualTo(discovery);
        assertThat(started.path("scan").asText()).as(jsonLines).isEqualTo(scan);
        assertThat(events).as(jsonLines).anySatisfy(e -> {
            assertThat(e.path("type").asText()).isEqualTo("port");
            assertThat(e.path("state").asText()).isEqualTo("open");
        });
    }

    /** The output after each "== STEP" line, by step. */
    static Map<String, String> steps(String out) {
        Map<String, String> steps = new LinkedHashMap<>();
        String step = null;
        StringBuilder text = new StringBuilder();
        for (String line : out.lines().toList()) {
            if (line.startsWith("== ")) {
                if (step != null) {
                    steps.put(step, text.toString());
                }
                step = line.substring(3).strip();
                text.setLength(0);
            } else {
                text.append(line).append('\n');
            }
        }
        if (step != null) {
            steps.put(step, text.toString());
        }
        return steps;
    }

    /** The package's dependencies, the first of each set of alternatives, as mmdebstrap's --include takes them. */
    static List<String> dependencies(Path deb) throws Exception {
        String depends = Run.of(Duration.ofSeconds(30), "dpkg-deb", "-f", deb.toString(), "Depends").ok().out();
        return Arrays.stream(depends.strip().split(","))
                .map(d -> d.strip().split("\\|")[0].strip().split("[ (]")[0])
                .sorted().toList();
    }

    /**
     * A tarball of a minimal Debian root (the host's release, mmdebstrap's minbase) with {@code packages} installed,
     * made once a week and shared by every run on this machine (a lock keeps two runs from making it at once).
     */
    static Path debianRoot(List<String> packages) throws Exception {
        String suite = Files.readAllLines(Path.of("/etc/os-release")).stream()
                .filter(l -> l.startsWith("VERSION_CODENAME=")).map(l -> l.substring(17)).findFirst().orElse("bookworm");
        Files.createDirectories(ROOT_CACHE);
        Path tarball = ROOT_CACHE.resolve("debian-" + suite + "-minbase-" + String.join("+", packages) + ".tar");
        try (FileChannel lock = FileChannel.open(ROOT_CACHE.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); var held = lock.lock()) {
            if (Files.isRegularFile(tarball) && Files.getLastModifiedTime(tarball).toInstant()
                    .isAfter(Instant.now().minus(ROOT_LIFETIME))) {
                return tarball;
            }
            Path partial = Files.createTempFile(ROOT_CACHE, "root-", ".tar.partial");
            long t0 = System.nanoTime();
            Run made = Run.of(Duration.ofMinutes(20), "mmdebstrap", "--quiet", "--variant=minbase",
                    "--include=" + String.join(",", packages), "--format=tar", suite, partial.toString());
            if (made.code() != 0) {
                Files.deleteIfExists(partial);
                throw new AssertionError("mmdebstrap failed: " + made.err());
            }
            Files.move(partial, tarball, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.setLastModifiedTime(tarball, FileTime.from(Instant.now()));
            System.err.printf("DebPackageIT: Debian root %s made in %d s%n", tarball.getFileName(),
                    (System.nanoTime() - t0) / 1_000_000_000);
            return tarball;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
