package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Help and version output. The {@code ui} subcommand's model is built only when a command line may
 * need it; help must still list it, however the help option is written.
 */
class HelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "-nh", "-hn"})
    void helpListsTheOptionsAndTheUiSubcommand(String option) {
        CliRunner r = CliRunner.run(option);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: netsweep").contains("-sn", "-Pn", "--[no-]progress", "-V, --version")
                .containsPattern("Commands:\\s+ui\\s+Serve the web UI");
    }

    @Test
    void helpListsNmapsHabitsAndTheBoundsOfNumbers() {
        String help = CliRunner.run("--help").out().replaceAll("\\s+", " "); // whatever the wrapping

        assertThat(help).contains("-sT", "-F", "--open", "-v", "-oN=FILE", "-oG=FILE", "-oA=BASE", "service names",
                "1 to 1000000", "-T0 to -T2", "1 to 300000 ms", "0 to 100", "1 to 60000 ms");
        assertThat(help).contains("Not supported (yet): -sC, -O, -A", "-sV", "--version-timeout=MS",
                "1 to 120000 ms", "--version-concurrency=N", "1 to 4096");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void theUiSubcommandHasItsOwnHelp(String option) {
        CliRunner r = CliRunner.run("ui", option);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: netsweep ui").contains("--port", "--bind", "--no-open");
    }

    @Test
    void theWatchSubcommandHasItsOwnHelpWithTheScansOptionsAndIsListed() {
        CliRunner r = CliRunner.run("watch", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: netsweep watch").contains("--every=DURATION", "--count=N", "--baseline",
                "--approve", "--exec=CMD", "--webhook=URL", "--webhook-timeout=DURATION", "--webhook-retries=N",
                "-sV", "--top-ports=N", "--db=DB");
        assertThat(CliRunner.run("--help").out()).containsPattern("\\s+watch\\s+Scan again on a schedule");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V", "-nV"})
    void versionNamesTheProgramAndTheJava(String option) {
        CliRunner r = CliRunner.run(option);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("netsweep ").contains("(Java ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ui", "--help", "-hn", "-nV", "--version"})
    void commandLinesThatMayNameTheSubcommandOrAskForHelpGetIt(String arg) {
        assertThat(Main.mayUseSubcommand(new String[] {"-n", arg})).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-sn", "-Pn", "-oX", "--no-progress", "10.0.0.0/24", "-p"})
    void scanCommandLinesDoNotBuildTheSubcommand(String arg) {
        assertThat(Main.mayUseSubcommand(new String[] {"-n", arg, "127.0.0.1"})).isFalse();
    }
}
