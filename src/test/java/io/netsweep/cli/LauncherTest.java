package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.Prerequisites;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher {@code ./netsweep} and the JDK search it shares with {@code ./run-tests} ({@code scripts/find-jdk.sh}).
 * A test must not rebuild the tree it is running from: the archive tests run a copy of the launcher in a
 * temporary project whose jar is packed here from the compiled classes, and a build is only ever asked of a
 * stand-in {@code mvnw} that records the call and fails.
 */
class LauncherTest {
    private static final Path PROJECT = Path.of(System.getProperty("netsweep.project.dir", "."));

    private record Result(int code, String output) {}

    private static Result run(Map<String, String> env, List<String> command) throws Exception {
        return run(PROJECT, env, command);
    }

    private static Result run(Path dir, Map<String, String> env, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
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
        Prerequisites.require(Files.isDirectory(jdk17), "no JDK 17 here to pass over");
        // -v builds nothing: this test must not rebuild the tree it runs from.
        Result r = run(Map.of("PATH", jdk17.resolve("bin") + ":/usr/bin:/bin", "JAVA_HOME", jdk17.toString(),
                "HOME", System.getProperty("user.home")), List.of(PROJECT.resolve("mvnw").toString(), "-v"));
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("Java version: (2[5-9]|[3-9][0-9])").doesNotContain("Unrecognized option");
    }

    @Test
    void withoutAJdk25TheMavenWrapperSaysSoInOneLine() throws Exception {
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        Prerequisites.require(Files.isDirectory(jdk17), "no JDK 17 here to pass over");
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
        Prerequisites.require(Files.isDirectory(jdk17), "no JDK 17 here to pass over");
        Result r = run(Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", jdk17.toString()), List.of("bash", "-c",
                ". scripts/find-jdk.sh && netsweep_find_jdk && cat \"$NETSWEEP_JAVA_HOME/release\""));
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("JAVA_VERSION=\"(2[5-9]|[3-9][0-9])");
    }

    // ---------------------------------------------------------------- the class-data-sharing archive

    private static final Path JDK = Path.of(System.getProperty("java.home"));
    private static final Instant AN_HOUR_AGO = Instant.now().minus(Duration.ofHours(1));
    private Path copy;

    @AfterEach
    void removeCopy() throws Exception {
        if (copy != null) {
            try (Stream<Path> files = Files.walk(copy)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * A project with the launcher, its JDK search, sources and pom.xml an hour old, and target/netsweep.jar
     * packed now from the compiled classes with its libraries in target/lib, so the launcher sees it current.
     * Readable by everyone, writable by root only (the temporary directory is created private).
     */
    private Path launcherCopy() throws Exception {
        copy = Files.createTempDirectory("nsw-launcher-cds-");
        Path scripts = Files.createDirectories(copy.resolve("scripts"));
        Files.copy(PROJECT.resolve("netsweep"), copy.resolve("netsweep"));
        Files.copy(PROJECT.resolve("scripts/find-jdk.sh"), scripts.resolve("find-jdk.sh"));
        Path sources = Files.createDirectories(copy.resolve("src/main/java"));
        Files.writeString(sources.resolve("Placeholder.java"), "class Placeholder {}\n");
        Files.writeString(copy.resolve("pom.xml"), "<project/>\n");
        // The stand-in build: records that it was asked, and fails (a real build is not this test's business).
        Files.writeString(copy.resolve("mvnw"), "#!/bin/sh\necho asked >>\"$(dirname \"$0\")/build-asked\"\nexit 1\n");
        copy.resolve("mvnw").toFile().setExecutable(true, false);
        for (Path p : List.of(sources.resolve("Placeholder.java"), sources, copy.resolve("src/main"),
                copy.resolve("pom.xml"))) {
            Files.setLastModifiedTime(p, FileTime.from(AN_HOUR_AGO));
        }

        Path lib = Files.createDirectories(copy.resolve("target/lib"));
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName().toString();
            if (name.startsWith("dnsjava-") || name.startsWith("jackson-") || name.startsWith("slf4j-")) {
                Files.copy(jar, lib.resolve(name));
                classPath.add("lib/" + name);
            }
        }
        Path manifest = Files.writeString(copy.resolve("manifest.txt"), "Main-Class: io.netsweep.cli.Main\n"
                + "Class-Path: " + String.join(" ", classPath) + "\nEnable-Native-Access: ALL-UNNAMED\n");
        Result packed = run(copy, Map.of("PATH", "/usr/bin:/bin"), List.of(JDK.resolve("bin/jar").toString(),
                "--create", "--file", copy.resolve("target/netsweep.jar").toString(), "--manifest", manifest.toString(),
                "-C", PROJECT.resolve("target/classes").toString(), "."));
        assertThat(packed.code()).as(packed.output()).isZero();
        try (Stream<Path> all = Files.walk(copy)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) || Files.isExecutable(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return copy;
    }

    private static Result launch(Path project, Map<String, String> extraEnv, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", JDK.toString()));
        env.putAll(extraEnv);
        List<String> command = new ArrayList<>(List.of(project.resolve("netsweep").toString()));
        command.addAll(List.of(args));
        return run(project, env, command);
    }

    private static boolean isRoot() throws Exception {
        return run(Map.of("PATH", "/usr/bin:/bin"), List.of("id", "-u")).output().strip().equals("0");
    }

    @Test
    void theArchiveIsRecordedOnceForAJarAndAgainWhenTheJarChanges() throws Exception {
        Path project = launcherCopy();
        Path archive = project.resolve("target/netsweep.jsa");
        Result first = launch(project, Map.of(), "--version");
        assertThat(first.code()).as(first.output()).isZero();
        assertThat(first.output().strip()).startsWith("netsweep ").doesNotContain("warning", "building");
        assertThat(archive).as("recorded by the training run").isRegularFile();
        assertThat(Files.size(archive)).isGreaterThan(1_000_000);

        FileTime recorded = FileTime.from(AN_HOUR_AGO.plusSeconds(600));
        Files.setLastModifiedTime(archive, recorded);
        Files.setLastModifiedTime(project.resolve("target/netsweep.jar"), FileTime.from(AN_HOUR_AGO.plusSeconds(300)));
        Result second = launch(project, Map.of(), "--version");
        assertThat(second.code()).isZero();
        assertThat(second.output().strip()).isEqualTo(first.output().strip());
        assertThat(Files.getLastModifiedTime(archive)).as("not recorded again for the same jar").isEqualTo(recorded);

        Files.setLastModifiedTime(project.resolve("target/netsweep.jar"), FileTime.from(AN_HOUR_AGO.plusSeconds(900)));
        assertThat(launch(project, Map.of(), "--version").code()).isZero();
        assertThat(Files.getLastModifiedTime(archive).toInstant()).as("recorded again for a newer jar")
                .isAfter(AN_HOUR_AGO.plusSeconds(900));
        assertThat(project.resolve("build-asked")).as("a current jar is not rebuilt").doesNotExist();
    }

    @Test
    void aFailedTrainingIsNotTriedAgainForTheSameJar() throws Exception {
        Path project = launcherCopy();
        Path marker = project.resolve("target/netsweep.jsa.failed");
        // With sharing off the training run records no archive: the try fails, and the run still goes on.
        Map<String, String> sharingOff = Map.of("JDK_JAVA_OPTIONS", "-Xshare:off");
        Result first = launch(project, sharingOff, "--version");
        assertThat(first.code()).as(first.output()).isZero();
        assertThat(first.output()).contains("netsweep ");
        assertThat(project.resolve("target/netsweep.jsa")).doesNotExist();
        assertThat(marker).isRegularFile();

        FileTime failedAt = FileTime.from(AN_HOUR_AGO.plusSeconds(600));
        Files.setLastModifiedTime(marker, failedAt);
        Files.setLastModifiedTime(project.resolve("target/netsweep.jar"), FileTime.from(AN_HOUR_AGO.plusSeconds(300)));
        assertThat(launch(project, Map.of(), "--version").code()).isZero();
        assertThat(Files.getLastModifiedTime(marker)).as("no second try for the same jar").isEqualTo(failedAt);

        // A new jar (built now; any archive is the old jar's) is tried again: the try fails the same way and
        // marks the new jar.
        Path archive = project.resolve("target/netsweep.jsa");
        if (Files.exists(archive)) { // made at the end of the last run, from its own classes
            Files.setLastModifiedTime(archive, FileTime.from(AN_HOUR_AGO));
        }
        FileTime built = FileTime.from(Instant.now().minusSeconds(2));
        Files.setLastModifiedTime(project.resolve("target/netsweep.jar"), built);
        assertThat(launch(project, sharingOff, "--version").code()).isZero();
        assertThat(Files.getLastModifiedTime(marker)).as("tried again for a new jar").isGreaterThan(built);
    }

    @Test
    void whereTargetIsNotWritableNoArchiveIsMadeAndTheRunIsClean() throws Exception {
        Prerequisites.require(isRoot(), "needs root to run the launcher as another user");
        Path project = launcherCopy();
        // The JVM keeps its performance data under /tmp/hsperfdata_<user>; remove the folder if this run made it.
        Path perfData = Path.of("/tmp/hsperfdata_nobody");
        boolean hadPerfData = Files.exists(perfData);
        // As nobody: everything is readable, nothing in the copy is writable.
        try {
            Result r = run(project, Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", JDK.toString(), "HOME", "/nonexistent"),
                    List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                            project.resolve("netsweep").toString(), "--version"));
            assertThat(r.code()).as(r.output()).isZero();
            assertThat(r.output().strip().lines().toList()).singleElement().asString().startsWith("netsweep ");
            try (Stream<Path> target = Files.list(project.resolve("target"))) {
                assertThat(target.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("netsweep.jar", "lib");
            }
        } finally {
            if (!hadPerfData) {
                try {
                    Files.deleteIfExists(perfData);
                } catch (DirectoryNotEmptyException inUse) {
                    // another JVM running as nobody uses it now: leave it
                }
            }
        }
    }

    @Test
    void aSourceNewerThanTheJarIsBuiltFirstAndAFailedBuildIsOneLine() throws Exception {
        Path project = launcherCopy();
        Files.writeString(project.resolve("src/main/java/Placeholder.java"), "class Placeholder { }\n");
        Result r = launch(project, Map.of(), "--version");
        assertThat(r.code()).isEqualTo(2);
        assertThat(project.resolve("build-asked")).as("the build was asked for").isRegularFile();
        assertThat(r.output().strip().lines().toList()).containsExactly(
                "netsweep: building (first run or sources changed)...",
                "netsweep: build failed; see " + project.resolve("target/build.log"));
        assertThat(project.resolve("target/netsweep.jsa")).as("no archive for a jar that failed to build").doesNotExist();
    }
}
