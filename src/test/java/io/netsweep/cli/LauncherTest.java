package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The JDK search shared by {@code ./netsweep} and {@code ./run-tests} ({@code scripts/find-jdk.sh}). Only
 * paths that end before a build are run here: a test must not rebuild the tree it is running from.
 */
class LauncherTest {
    private static final Path PROJECT = Path.of(System.getProperty("netsweep.project.dir", "."));

    private record Result(int code, String output) {}

    private static Result run(Map<String, String> env, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void withoutAJdk25TheLauncherSaysWhatIsMissingInOneLine() throws Exception {
        // A PATH with the few tools the launcher uses and no java, an empty JDK folder, a JAVA_HOME that is no JDK.
        Path dir = Files.createTempDirectory("nsw-launcher-");
        try {
            Path bin = Files.createDirectory(dir.resolve("bin"));
            for (String tool : List.of("bash", "sed", "dirname", "readlink", "find", "flock", "mkdir", "cat")) {
                Path found = Files.exists(Path.of("/usr/bin", tool)) ? Path.of("/usr/bin", tool) : Path.of("/bin", tool);
                Files.createSymbolicLink(bin.resolve(tool), found);
            }
            Result r = run(Map.of("PATH", bin.toString(), "JAVA_HOME", dir.toString(),
                    "NETSWEEP_JVM_ROOT", dir.resolve("none").toString()),
                    List.of(PROJECT.resolve("netsweep").toString(), "--version"));
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.output().strip().lines().toList()).singleElement().asString()
                    .startsWith("netsweep: needs a JDK 25 or newer").contains("JAVA_HOME");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theMavenWrapperRunsOnAJdk25WhenTheDefaultJavaIs17() throws Exception {
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        Assumptions.assumeTrue(Files.isDirectory(jdk17), "no JDK 17 here to pass over");
        // -v builds nothing: this test must not rebuild the tree it runs from.
        Result r = run(Map.of("PATH", jdk17.resolve("bin") + ":/usr/bin:/bin", "JAVA_HOME", jdk17.toString(),
                "HOME", System.getProperty("user.home")), List.of(PROJECT.resolve("mvnw").toString(), "-v"));
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("Java version: (2[5-9]|[3-9][0-9])").doesNotContain("Unrecognized option");
    }

    @Test
    void withoutAJdk25TheMavenWrapperSaysSoInOneLine() throws Exception {
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        Assumptions.assumeTrue(Files.isDirectory(jdk17), "no JDK 17 here to pass over");
        Path none = Files.createTempDirectory("nsw-nojdk-");
        try {
            Result r = run(Map.of("PATH", jdk17.resolve("bin") + ":/usr/bin:/bin", "JAVA_HOME", jdk17.toString(),
                    "NETSWEEP_JVM_ROOT", none.toString(), "HOME", System.getProperty("user.home")),
                    List.of(PROJECT.resolve("mvnw").toString(), "-v"));
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.output().strip().lines().toList()).singleElement().asString()
                    .startsWith("netsweep: needs a JDK 25 or newer").contains("JAVA_HOME");
        } finally {
            Files.delete(none);
        }
    }

    @Test
    void aJdk17InJavaHomeIsPassedOverForA25() throws Exception {
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        Assumptions.assumeTrue(Files.isDirectory(jdk17), "no JDK 17 here to pass over");
        Result r = run(Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", jdk17.toString()), List.of("bash", "-c",
                ". scripts/find-jdk.sh && netsweep_find_jdk && cat \"$NETSWEEP_JAVA_HOME/release\""));
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("JAVA_VERSION=\"(2[5-9]|[3-9][0-9])");
    }
}
