package io.netsweep.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The container image of {@code packaging/build-container} (what packaging/Containerfile describes, made without a
 * registry or a daemon): built from the Debian package and a clean Debian root made by mmdebstrap, as an OCI layout
 * and archive; unpacked with umoci, and its entrypoint run as its own non-root user with a read-only root file system,
 * as the Kubernetes manifests' pods run it ({@code container-in-namespaces.sh}): NET_RAW alone gives raw-socket
 * discovery and SYN scans, no capability (the UI's pod) or no privilege escalation gives the fallbacks.
 *
 * <p>Slow (measured on 2 shared cores): the package takes 10 to 15 s to build from target/, the image 10 s more (the
 * Debian root is DebPackageIT's, cached for a week), the runs about 5 s.
 */
@Tag("packaging")
class ContainerImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path work;
    private static Path layout;
    private static String version;

    @BeforeAll
    static void buildTheImage() throws Exception {
        Prerequisites.require(Run.root(), "needs root: chroot, namespaces and file capabilities");
        for (String tool : List.of("dpkg-deb", "patchelf", "mmdebstrap", "umoci", "unshare", "setcap", "python3")) {
            Prerequisites.require(Run.of(Duration.ofSeconds(10), "sh", "-c", "command -v " + tool).code() == 0,
                    "needs " + tool + " (.ci/run installs it)");
        }
        work = Files.createTempDirectory(Path.of("/var/tmp"), "nsw-container-it-");
        long t0 = System.nanoTime();
        Run built = Run.of(Duration.ofMinutes(10), Run.PROJECT.resolve("packaging/build-deb").toString(),
                "--app", Run.PROJECT.resolve("target").toString(), "--out", work.toString()).ok();
        Path deb = Path.of(built.out().strip().lines().reduce((a, b) -> b).orElseThrow());
        Path root = DebPackageIT.debianRoot(DebPackageIT.dependencies(deb));
        long t1 = System.nanoTime();
        Run image = Run.of(Duration.ofMinutes(10), Run.PROJECT.resolve("packaging/build-container").toString(),
                "--deb", deb.toString(), "--root", root.toString(), "--out", work.toString()).ok();
        System.err.printf("ContainerImageIT: package in %d s, image in %d s%n", (t1 - t0) / 1_000_000_000,
                (System.nanoTime() - t1) / 1_000_000_000);
        version = Run.of(Duration.ofSeconds(30), "dpkg-deb", "-f", deb.toString(), "Version").ok().out().strip();
        assertThat(image.out().strip().lines().reduce((a, b) -> b).orElseThrow())
                .isEqualTo(work.resolve("netsweep-oci-" + version + ".tar").toString());
        layout = work.resolve("netsweep-oci");
    }

    @AfterAll
    static void removeTheImage() throws Exception {
        if (work != null) {
            Run.of(Duration.ofMinutes(1), "rm", "-rf", work.toString()).ok();
        }
    }

    @Test
    void theArchiveIsAnOciLayoutOfTheTaggedImage() throws Exception {
        Path archive = work.resolve("netsweep-oci-" + version + ".tar");
        String listing = Run.of(Duration.ofSeconds(60), "tar", "-tf", archive.toString()).ok().out();
        assertThat(listing.lines()).contains("./oci-layout", "./index.json");
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        assertThat(index.path("manifests")).singleElement().satisfies(m -> assertThat(
                m.at("/annotations/org.opencontainers.image.ref.name").asText()).isEqualTo(version));
    }

    @Test
    void itsEntrypointRunsAsItsNonRootUserWithRawSocketsExactlyWhenThePodGetsNetRaw() throws Exception {
        Path bundle = work.resolve("bundle");
        Run.of(Duration.ofMinutes(2), "umoci", "unpack", "--image", layout + ":" + version, bundle.toString()).ok();
        Path rootfs = bundle.resolve("rootfs");
        // What the layer holds: java-netraw with its capability, for the group netsweep only (10001, as the
        // manifests' runAsGroup says).
        assertThat(Run.of(Duration.ofSeconds(10), "getcap", rootfs.resolve("usr/lib/netsweep/bin/java-netraw").toString())
                .ok().out()).contains("cap_net_raw=ep");
        assertThat(Run.of(Duration.ofSeconds(10), "stat", "-c", "%a %u %g",
                rootfs.resolve("usr/lib/netsweep/bin/java-netraw").toString()).ok().out().strip()).isEqualTo("754 0 10001");

        // The runtime configuration umoci derives from the image's: user, working directory, environment, entrypoint.
        JsonNode process = JSON.readTree(bundle.resolve("config.json").toFile()).path("process");
        int uid = process.at("/user/uid").asInt();
        int gid = process.at("/user/gid").asInt();
        assertThat(uid).isEqualTo(10001);
        assertThat(gid).isEqualTo(10001);
        List<String> args = new ArrayList<>();
        process.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).containsExactly("/usr/bin/netsweep", "--help");
        List<String> env = new ArrayList<>();
        process.path("env").forEach(e -> env.add(e.asText()));
        assertThat(env).contains("XDG_DATA_HOME=/var/lib/netsweep/data", "XDG_CACHE_HOME=/var/lib/netsweep/cache");
        Path envFile = work.resolve("image.env");
        Files.write(envFile, env);

        List<String> command = new ArrayList<>(List.of("bash",
                Run.PROJECT.resolve("src/test/resources/io/netsweep/packaging/container-in-namespaces.sh").toString(),
                rootfs.toString(), Integer.toString(uid), Integer.toString(gid), process.path("cwd").asText(),
                envFile.toString()));
        command.add(args.getFirst());
        Run r = Run.of(Run.PROJECT, Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL", "C.UTF-8"),
                Duration.ofMinutes(5), command).ok();
        Map<String, String> steps = DebPackageIT.steps(r.out());
        assertThat(steps).as(r.out() + r.err()).containsKey("end");
        assertThat(steps.get("version").strip()).matches("netsweep \\Q" + version + "\\E \\(Java 25[^)]*\\)");
        assertThat(steps.get("whoami")).contains("uid=10001(netsweep) gid=10001(netsweep)");
        DebPackageIT.assertScan(steps.get("scan-net-raw"), "icmp-raw", "syn");
        DebPackageIT.assertScan(steps.get("scan-no-capabilities"), "tcp-connect", "connect");
        DebPackageIT.assertScan(steps.get("scan-net-raw-no-new-privs"), "tcp-connect", "connect");
        assertThat(steps.get("writable")).contains("root file system: read-only");
    }
}
