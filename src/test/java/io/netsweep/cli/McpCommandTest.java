package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code netsweep mcp}'s own options: help, and bad input refused in one line before anything is served. */
class McpCommandTest {
    @Test
    void helpListsTheSubcommandAndItsOptions() {
        CliRunner top = CliRunner.run("--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("mcp");
        CliRunner own = CliRunner.run("mcp", "--help");
        assertThat(own.exitCode()).isZero();
        assertThat(own.out()).contains("--scope", "--scope-file", "--max-addresses", "--rate", "--max-scans", "--http",
                "127.0.0.0/8, ::1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--scope|10.0.0.0/33|10.0.0.0/33",
            "--max-addresses|0|--max-addresses must be 1 to",
            "--max-scans|17|--max-scans must be 1 to 16",
            "--rate|0|--rate must be 1 to 1000000",
            "--port|8080|--port needs --http",
            "--dns-server|dns.example|dns.example",
            "--dns-timeout|0|--dns-timeout 0"})
    void badOptionsAreOneLineAndExitCodeTwo(String option, String value, String named) {
        // A database that does not exist yet: the refusal comes before it would be created.
        String db = System.getProperty("java.io.tmpdir") + "/nsw-mcp-cli-" + ProcessHandle.current().pid() + ".db";
        CliRunner.Recorded r = CliRunner.recorded("mcp", "--db", db, option, value);
        assertThat(java.nio.file.Path.of(db)).doesNotExist();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("netsweep: ").contains(named).doesNotContain("Exception");
        assertThat(r.scanner().started()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--scope-file=/nonexistent/scope.txt", "--db=/nonexistent-dir/scans.db"})
    void missingFilesAreOneLineAndExitCodeTwo(String option) {
        String db = System.getProperty("java.io.tmpdir") + "/nsw-mcp-cli-" + ProcessHandle.current().pid() + ".db";
        CliRunner.Recorded r = option.startsWith("--db") ? CliRunner.recorded("mcp", option)
                : CliRunner.recorded("mcp", "--db", db, option);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("/nonexistent");
    }
}
