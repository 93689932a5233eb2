package io.netsweep.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.NetsweepCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The installed launcher (packaging/netsweep.sh, bin/netsweep of the runtime image) starts the JVM with the same
 * flags as the repository's ./netsweep, for scans and for the web UI, so an installed netsweep behaves and starts
 * as the repository's does; and the tests start netsweep with those flags too.
 */
class LauncherFlagsTest {
    private static final Path PROJECT = Path.of(System.getProperty("netsweep.project.dir", "."));

    /** The words of every shell assignment {@code name=(...)} or {@code name="..."} in a script, in order. */
    private static List<List<String>> assignments(Path script, String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^\\s*" + name + "=(?:\\(([^)]*)\\)|\"([^\"]*)\")").matcher(Files.readString(script));
        return m.results().map(r -> Arrays.asList((r.group(1) != null ? r.group(1) : r.group(2)).strip().split("\\s+")))
                .toList();
    }

    @Test
    void theInstalledLauncherUsesTheRepositoryLaunchersJvmFlags() throws Exception {
        List<List<String>> repo = assignments(PROJECT.resolve("netsweep"), "jvm");
        List<List<String>> repoUi = assignments(PROJECT.resolve("netsweep"), "run").stream()
                .filter(a -> a.contains("-XX:+UseG1GC")).toList();
        List<List<String>> installed = assignments(PROJECT.resolve("packaging/netsweep.sh"), "jvm");

        assertThat(repo).hasSize(1);
        assertThat(repoUi).hasSize(1);
        assertThat(installed).as("scans, then the web UI").hasSize(2);
        assertThat(installed.get(0)).isEqualTo(repo.get(0)).contains("-XX:+UseSerialGC");
        assertThat(installed.get(1)).isEqualTo(repoUi.get(0));
    }

    @Test
    void theTestsStartNetsweepWithTheLaunchersJvmFlags() throws Exception {
        List<String> scan = assignments(PROJECT.resolve("netsweep"), "jvm").getFirst();
        List<String> ui = assignments(PROJECT.resolve("netsweep"), "run").stream()
                .filter(a -> a.contains("-XX:+UseG1GC")).findFirst().orElseThrow();

        assertThat(NetsweepCommand.jvmOptions("-p", "80", "127.0.0.1")).isEqualTo(scan);
        assertThat(NetsweepCommand.jvmOptions("ui", "--port", "0")).isEqualTo(ui);
        assertThat(NetsweepCommand.of("ui")).containsSubsequence(ui);
    }

    @Test
    void theInstalledLauncherReadsTheArchiveOfTheImageQuietly() throws Exception {
        String installed = Files.readString(PROJECT.resolve("packaging/netsweep.sh"));
        assertThat(installed).contains("-XX:SharedArchiveFile=\"$home/app/netsweep.jsa\" -Xlog:cds=off -Xlog:cds+dynamic=off")
                .doesNotContain("AutoCreateSharedArchive", "ArchiveClassesAtExit");
    }
}
