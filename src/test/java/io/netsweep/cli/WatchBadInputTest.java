package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input to {@code watch}: one line on stderr, exit code 2, no scan started, no hostname resolved, and no
 * database created.
 */
class WatchBadInputTest {
    @TempDir
    Path dir;

    private CliRunner.Recorded run(List<String> args) {
        List<String> all = new ArrayList<>(List.of("watch", "--db", dir.resolve("watch.db").toString()));
        all.addAll(args);
        return CliRunner.recorded(all.toArray(String[]::new));
    }

    private void assertRefused(CliRunner.Recorded r, String start) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().startsWith(start).doesNotContain("Exception")
                .doesNotContain("\u001b");
        assertThat(r.out()).isEmpty();
        assertThat(r.scanner().started()).isEmpty();
        assertThat(r.lookups()).isEmpty();
        assertThat(dir.resolve("watch.db")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "127.0.0.1|netsweep: watch needs --every DURATION",
        "--every 9s 127.0.0.1|netsweep: invalid --every \"9s\": give 10s to 31d",
        "--every 32d 127.0.0.1|netsweep: invalid --every \"32d\": give 10s to 31d",
        "--every 0s 127.0.0.1|netsweep: invalid --every \"0s\"",
        "--every 15 127.0.0.1|netsweep: invalid --every \"15\": give a number and a unit",
        "--every 15x 127.0.0.1|netsweep: invalid --every \"15x\"",
        "--every 1.5h 127.0.0.1|netsweep: invalid --every \"1.5h\"",
        "--every ١٥m 127.0.0.1|netsweep: invalid --every \"١٥m\"",
        "--every 99999999999999s 127.0.0.1|netsweep: invalid --every",
        "--every=-5m 127.0.0.1|netsweep: invalid --every \"-5m\"",
        "--every 15m --count 0 127.0.0.1|netsweep: invalid --count 0",
        "--every 15m --count=-1 127.0.0.1|netsweep: invalid --count -1",
        "--every 15m --no-save 127.0.0.1|netsweep: watch stores every round",
        "--every 15m -oX scan.xml 127.0.0.1|netsweep: watch writes no scan files (-oX)",
        "--every 15m -oA scan 127.0.0.1|netsweep: watch writes no scan files (-oA)",
        "--every 15m -o csv 127.0.0.1|netsweep: invalid output format \"csv\" for watch",
        "--every 15m --webhook ftp://hooks.example.invalid/x 127.0.0.1|netsweep: invalid --webhook \"ftp:",
        "--every 15m --webhook file:///etc/passwd 127.0.0.1|netsweep: invalid --webhook \"file:",
        "--every 15m --webhook hooks.example.invalid/x 127.0.0.1|netsweep: invalid --webhook",
        "--every 15m --webhook http://user:pw@hooks.example.invalid/x 127.0.0.1|netsweep: invalid --webhook: a user name",
        "--every 15m --webhook http:///x 127.0.0.1|netsweep: invalid --webhook \"http:///x\": it names no host",
        "--every 15m --webhook http://[::1/x 127.0.0.1|netsweep: invalid --webhook \"http://[::1/x\": not a URL",
        "--every 15m --webhook http://hooks.example.invalid:0/ 127.0.0.1|netsweep: invalid --webhook",
        "--every 15m --webhook-timeout 5s 127.0.0.1|netsweep: --webhook-timeout needs --webhook",
        "--every 15m --webhook http://127.0.0.1:9/ --webhook-timeout 10ms 127.0.0.1|netsweep: invalid --webhook-timeout",
        "--every 15m --webhook http://127.0.0.1:9/ --webhook-retries 11 127.0.0.1|netsweep: invalid --webhook-retries 11",
        "--every 15m --webhook http://127.0.0.1:9/ --webhook http://127.0.0.1:10/ 127.0.0.1|netsweep: option '--webhook'",
        "--every 15m --exec-timeout 1s 127.0.0.1|netsweep: --exec-timeout needs --exec",
        "--every 15m --exec true --exec-timeout 2h 127.0.0.1|netsweep: invalid --exec-timeout \"2h\": give 100ms to 1h",
        "--every 15m -p U:53 127.0.0.1|netsweep: -p \"U:53\" names UDP ports (U:): add -sU",
        "--every 15m -sS -sT 127.0.0.1|netsweep: ",
        "--every 15m -p 0 127.0.0.1|netsweep: ",
        "--every 15m 300.1.1.1|netsweep: ",
        "--every 15m|netsweep: ",
        "--every 15m --bogus 127.0.0.1|netsweep: Unknown option: '--bogus'",
    })
    void isOneLineAndExitCodeTwo(String line) {
        String[] parts = line.split("\\|");
        assertRefused(run(List.of(parts[0].split(" "))), parts[1]);
    }

    static Stream<List<String>> withControlCharacters() {
        return Stream.of(
                List.of("--every", "15m\u001b[2J", "127.0.0.1"),
                List.of("--every", "15m", "--exec", "", "127.0.0.1"),
                List.of("--every", "15m", "--exec", "true\u0000rm", "127.0.0.1"),
                List.of("--every", "15m", "--webhook", "http://hooks.example.invalid/\u001b]0;x\u0007", "127.0.0.1"),
                List.of("--every", "15m", "--webhook", "http://" + "h".repeat(5000) + "/", "127.0.0.1"));
    }

    @ParameterizedTest
    @MethodSource("withControlCharacters")
    void strangeValuesAreRefusedWithoutEchoingControlCharacters(List<String> args) {
        assertRefused(run(args), "netsweep: ");
    }

    @Test
    void aDatabaseThatIsNotNetsweepsIsRefusedBeforeAnythingIsScanned() throws Exception {
        Path notes = dir.resolve("notes.db");
        Files.writeString(notes, "not scans\n".repeat(20));
        CliRunner.Recorded r = CliRunner.recorded("watch", "--every", "15m", "--db", notes.toString(), "127.0.0.1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).singleElement().asString().startsWith("netsweep: --db: ");
        assertThat(r.scanner().started()).isEmpty();
        assertThat(Files.readString(notes)).isEqualTo("not scans\n".repeat(20));
    }

    @Test
    void aWebhookNamedByHostIsAcceptedWithoutResolvingIt() {
        CliRunner.Recorded r = CliRunner.recorded("watch", "--every", "15m", "--count", "1", "--db",
                dir.resolve("watch.db").toString(), "--webhook", "https://hooks.example.invalid/x#frag",
                "-n", "-sn", "127.0.0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.scanner().started()).hasSize(1);
        assertThat(r.lookups()).isEmpty();
    }
}
