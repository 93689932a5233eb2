package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets one clear line naming the bad token, exit code 2, and no scan. */
class BadInputTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/33          | 10.0.0.0/33",
        "300.1.1.1            | 300.1.1.1",
        "10.0.0.9-10.0.0.1    | 10.0.0.9-10.0.0.1",
        "fd00::/129           | fd00::/129",
    })
    void badTargetIsOneLineNamingTheToken(String target, String named) {
        CliRunner r = CliRunner.run("-n", "-p", "80", target);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains(named).startsWith("netsweep: ");
    }

    @Test
    void noTargetsIsAnError() {
        CliRunner r = CliRunner.run("-p", "80");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).containsIgnoringCase("no targets");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void missingTargetFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.txt");
        CliRunner r = CliRunner.run("-iL", missing.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("nope.txt");
    }

    @Test
    void targetFileOfOnlyCommentsIsEmpty(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("t.txt"), "# nothing here\n\n");
        CliRunner r = CliRunner.run("-iL", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).containsIgnoringCase("no targets");
    }

    @ParameterizedTest(name = "-p {0}")
    @CsvSource({"70000", "0", "80-22", "abc", "''"})
    void badPortsAreRefused(String ports) {
        CliRunner r = CliRunner.run("-p", ports, "127.0.0.1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void largeScanNeedsAllowLarge() {
        CliRunner r = CliRunner.run("-sn", "10.0.0.0/7");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--allow-large");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRunner r = CliRunner.run("--frobnicate", "127.0.0.1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--frobnicate");
    }

    @Test
    void unknownPresetAndFormatAreNamed() {
        assertThat(CliRunner.run("--preset", "turbo", "127.0.0.1").err()).contains("turbo");
        assertThat(CliRunner.run("-o", "yaml", "127.0.0.1").err()).contains("yaml");
    }

    @Test
    void customPresetWithoutPortsIsRefused() {
        CliRunner r = CliRunner.run("--preset", "custom", "127.0.0.1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("-p");
    }

    @Test
    void conflictingDiscoveryFlagsAreRefused() {
        assertThat(CliRunner.run("-sn", "-Pn", "127.0.0.1").exitCode()).isEqualTo(2);
    }

    @Test
    void unwritableXmlFileIsRefusedBeforeScanning(@TempDir Path dir) {
        CliRunner r = CliRunner.run("-n", "-Pn", "-p", "1", "-oX", dir.resolve("no/such/dir/x.xml").toString(),
                "127.0.0.1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("-oX");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void versionAnswers() {
        CliRunner r = CliRunner.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("netsweep ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-T9              | 0 to 5",
        "--rate=-5        | rate",
        "-c=0             | concurrency",
        "--retries=-1     | retries",
        "--timeout=0      | --timeout",
        "--dns-server=foo | foo",
        "--top-ports=0    | --top-ports",
        "--show=weird     | weird",
    })
    void badOptionValuesAreOneLineAndExitTwo(String option, String named) {
        CliRunner r = CliRunner.run("-n", option, "127.0.0.1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains(named);
    }
}
