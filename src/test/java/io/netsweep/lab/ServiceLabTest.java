package io.netsweep.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.lab.ServiceLab.Service;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service lab itself, proven before any detection code uses it: every daemon of the ground
 * truth accepts a connection from the scanner namespace and answers its protocol's harmless hello
 * (checked by {@link ServiceHellos}, independently of lab/svprobe.py, which wrote the ground
 * truth), and the ground truth's versions are the installed packages'. Packets stay inside the
 * lab's two namespaces.
 */
class ServiceLabTest {
    /** Services the issue asks the lab for; the benchmark's extras come on top. */
    private static final Set<String> REQUIRED = Set.of("openssh", "nginx", "apache", "postfix", "dovecot", "vsftpd",
            "postgresql", "mariadb", "redis", "memcached", "mosquitto", "slapd", "samba");

    private static ServiceLab lab;
    private static Map<String, String[]> hellos;

    @BeforeAll
    static void buildLab() throws Exception {
        lab = ServiceLab.start();
        hellos = lab.hellos();
    }

    @AfterAll
    static void tearDownLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void groundTruthHasEveryRequiredDaemonWithPlainAndTlsPorts() {
        Set<String> ids = lab.truth().services().stream().map(Service::id).collect(Collectors.toSet());
        assertThat(ids).containsAll(REQUIRED);
        assertThat(lab.truth().withId("nginx").filter(Service::tls)).as("nginx over TLS").hasSize(1);
        assertThat(lab.truth().withId("nginx").filter(s -> !s.tls())).as("plain nginx").hasSize(1);
        assertThat(lab.truth().withId("dovecot").map(Service::hello))
                .containsExactlyInAnyOrder("imap", "imaps", "pop3", "pop3s");
        assertThat(lab.truth().services()).extracting(Service::key).doesNotHaveDuplicates();
    }

    @Test
    void everyDaemonAnswersItsProtocolsHelloFromTheScannerNamespace() {
        assertThat(hellos.keySet()).as("a hello for every service port")
                .containsExactlyInAnyOrderElementsOf(lab.truth().services().stream().map(Service::key).toList());
        List<String> failed = hellos.entrySet().stream().filter(e -> !e.getValue()[0].equals("OK"))
                .map(e -> e.getKey() + ": " + e.getValue()[2]).toList();
        assertThat(failed).as("services that did not answer their protocol's hello").isEmpty();
    }

    @Test
    void groundTruthVersionsAreTheInstalledPackages() throws IOException {
        for (Service s : lab.truth().services()) {
            if (s.packageName().startsWith("@") || s.id().equals("proftpd")) {
                continue; // npm's MCP server and the unpacked proftpd are not dpkg-installed
            }
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", s.packageName())
                    .redirectErrorStream(true).start();
            assertThat(LabNetwork.finish(p, Duration.ofSeconds(30), "dpkg-query " + s.packageName()))
                    .as("%s: %s", s.key(), s.packageName()).isEqualTo(s.packageVersion());
            assertThat(s.packageVersion()).as(s.key()).contains(s.version());
        }
    }

    @Test
    void noDaemonIsRecordedAsHidingAVersionThatItsHelloShows() {
        // Where this test's own hello saw the version, the ground truth must say the daemon discloses it.
        List<String> contradictions = new ArrayList<>();
        for (Service s : lab.truth().services()) {
            if (Boolean.parseBoolean(hellos.get(s.key())[1]) && !s.disclosesVersion()) {
                contradictions.add(s.key() + " (" + s.version() + ")");
            }
        }
        assertThat(contradictions).isEmpty();
        // And the banner-disclosing daemons are recorded as such: OpenSSH, vsftpd, MariaDB.
        for (String id : List.of("openssh", "vsftpd", "mariadb")) {
            assertThat(lab.truth().withId(id)).allSatisfy(s -> {
                assertThat(s.disclosesVersion()).as(s.key()).isTrue();
                assertThat(hellos.get(s.key())[1]).as("version seen by the hello of " + s.key()).isEqualTo("true");
            });
        }
    }

    @Test
    void aBuildThatFailsHalfWayLeavesNothingBehind() throws IOException {
        String name = lab.name() + "-f";
        Path script = LabNetwork.projectDir().resolve("lab/services.sh");
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", script.toString(), "up", "--name", name,
                "--only", "openssh,mosquitto").redirectErrorStream(true);
        pb.environment().put("NSW_SVLAB_FAIL_AT", "daemons");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ServiceLab.waitFor(p, Duration.ofMinutes(1))).as("services.sh ended").isTrue();

        assertThat(p.exitValue()).as(out).isNotZero();
        assertThat(out).contains("tearing down");
        assertThat(ServiceLab.namespacesExist(name)).as("namespaces of " + name).isFalse();
        assertThat(Path.of("/run/netsweep-svlab", name)).doesNotExist();
        // The daemons it had started (their command lines name the lab's state directory) are gone too.
        String marker = "/run/netsweep-svlab/" + name + "/";
        try (var procs = java.nio.file.Files.list(Path.of("/proc"))) {
            List<String> left = procs.filter(d -> d.getFileName().toString().matches("\\d+"))
                    .map(d -> d.resolve("cmdline")).map(ServiceLabTest::readQuietly)
                    .filter(c -> c.contains(marker)).toList();
            assertThat(left).as("processes of the failed lab").isEmpty();
        }
    }

    private static String readQuietly(Path f) {
        try {
            return new String(java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ""; // the process ended meanwhile
        }
    }

    @Test
    void scannerNamespaceHasNoRouteOut() {
        String routes = lab.execInScanner(Duration.ofSeconds(10), "ip", "route", "show", "table", "main");
        assertThat(routes.lines().map(String::strip).filter(l -> !l.isEmpty()))
                .as("routes of the scanner namespace").allSatisfy(l -> assertThat(l).startsWith("10.232.0.0/24 "));
    }
}
