package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.cli.CliRunner.Recorded;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input meant to break the command line: values that overflow or never end, digits of other scripts,
 * escape sequences, help and version with junk. Each gets exactly one line on stderr naming the problem,
 * exit code 2, no control character echoed, no scan started and no name looked up.
 */
class HostileInputTest {
    private static final String ESC = "\u001b";
    private static final String TITLE = ESC + "]0;pwned\u0007";

    /** The contract for bad input, checked on a parse-only run. */
    private static Recorded refused(String... args) {
        Recorded r = CliRunner.recorded(args);
        assertThat(r.exitCode()).as("exit code of %s; stderr: %s", List.of(args), r.err()).isEqualTo(2);
        assertThat(r.errLines()).as("stderr of %s", List.of(args)).singleElement().asString().startsWith("netsweep: ");
        assertThat(r.err().chars().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f))
                .as("control characters on stderr of %s", List.of(args)).isEmpty();
        assertThat(r.out()).isEmpty();
        assertThat(r.scanner().started()).as("scans started by %s", List.of(args)).isEmpty();
        assertThat(r.lookups()).as("names looked up for %s", List.of(args)).isEmpty();
        return r;
    }

    @ParameterizedTest(name = "--rate {0}")
    @ValueSource(strings = {"1e21", "Infinity", "-Infinity", "NaN", "1e309", "1e-300", "0", "0.5", "-5", "1000001",
        "0x1p3", "5d", "5f", " 5", "1_000"})
    void rateOutsideOneToAMillionPerSecondIsRefused(String rate) {
        assertThat(refused("-n", "--rate", rate, "127.0.0.1").err()).contains("--rate");
        assertThat(refused("-n", "--rate=" + rate, "127.0.0.1").err()).contains("--rate");
    }

    @ParameterizedTest(name = "--rate {0}")
    @ValueSource(strings = {"1", "1.0", "2.5", "1e3", "1E6", "1000000", "+50", ".5e1"})
    void rateWithinBoundsIsAccepted(String rate) {
        Recorded r = CliRunner.recorded("-n", "--rate", rate, "127.0.0.1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.scanner().started()).singleElement()
                .satisfies(req -> assertThat(req.timing().ratePerSecond()).isEqualTo(Double.parseDouble(rate)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--dns-timeout, 0", "--dns-timeout, -1", "--dns-timeout, 60001", "--timeout, 300001", "--retries, 101",
        "-c, 1000001", "--concurrency, 2147483647", "--retries, 2147483647", "--timeout, -2147483648",
        "--top-ports, 65536", "-T, -1", "--version-timeout, 0", "--version-timeout, 120001",
        "--version-concurrency, 0", "--version-concurrency, 4097",
    })
    void outOfRangeNumbersAreRefusedNamingTheOption(String option, String value) {
        String err = refused("-sn", option, value, "127.0.0.1").err();
        assertThat(err).containsAnyOf(option, option.equals("-c") ? "--concurrency" : option, "template");
    }

    /** Java's Integer.parseInt reads any script's digits: Arabic-Indic, Devanagari, fullwidth. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--timeout", "--top-ports", "-T", "-c", "--concurrency", "--retries", "--rate", "--seed",
        "--dns-timeout", "--version-timeout", "--version-concurrency"})
    void digitsOfOtherScriptsAreNotNumbers(String option) {
        for (String digits : List.of("\u0665\u0660\u0660", "\u096b", "\uff15\uff10", "\u0665")) {
            assertThat(refused("-n", option, digits, "127.0.0.1").err()).contains(option).contains(digits);
        }
    }

    @ParameterizedTest(name = "ui {0}")
    @ValueSource(strings = {"--port", "--max-finished"})
    void digitsOfOtherScriptsAreNotNumbersForTheUiEither(String option) {
        refused("ui", "--no-open", option, "\u0665\u0660");
        refused("ui", "--no-open", option, "99999999999");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--version junk", "-V junk", "--help junk", "-h 10.0.0.1", "-hx", "-Vx", "-nhx",
        "ui --help junk", "ui -hx", "--version --frobnicate"})
    void helpAndVersionWithAnythingElseAreRefused(String line) {
        refused(line.split(" "));
    }

    @Test
    void helpAndVersionWithOtherOptionsStillAnswer() {
        assertThat(CliRunner.recorded("-n", "--help").exitCode()).isZero();
        assertThat(CliRunner.recorded("-n", "-V").exitCode()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--frobnicate 127.0.0.1", "-p", "-sn -sn 127.0.0.1", "--rate=x 127.0.0.1",
        "-T9 127.0.0.1", "--show 127.0.0.1", "-oX", "--rat 5 127.0.0.1", "-x -y -z 127.0.0.1", "@/nonexistent/args",
        "ui --bogus", "ui --port", "ui --port 70000", "-p 80 -p 81 127.0.0.1"})
    void everyPicocliErrorIsOneLine(String line) {
        refused(line.split(" "));
    }

    @Test
    void aMistypedOptionGetsASuggestionOnTheSameLine() {
        assertThat(refused("--rat", "5", "127.0.0.1").err()).contains("--rate");
    }

    @Test
    void anEscapeSequenceInATargetFileIsShownNotObeyed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("targets.txt"), "10.0.0.1\n" + TITLE + "evil\n",
                StandardCharsets.UTF_8);
        String err = refused("-n", "-iL", file.toString()).err();
        assertThat(err).contains("]0;pwned").contains("evil").doesNotContain(ESC);
    }

    @Test
    void anEscapeSequenceInAFileNameIsShownNotObeyed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("t" + TITLE + ".txt"), "10.0.0.1\n" + "300.1.1.1\n");
        assertThat(refused("-n", "-iL", file.toString()).err()).contains("]0;pwned").doesNotContain(ESC);
        Path missing = dir.resolve("missing" + TITLE);
        assertThat(refused("-n", "-iL", missing.toString()).err()).contains("]0;pwned").doesNotContain(ESC);
        assertThat(refused("-n", "--exclude-file", missing.toString(), "127.0.0.1").err()).doesNotContain(ESC);
        assertThat(refused("-n", "-oX", missing + "/x.xml", "127.0.0.1").err())
                .contains("missing\\x1b]0;pwned\\x07/x.xml");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--frob{T}", "--show={T}", "-p={T}", "--preset={T}", "-o={T}", "--dns-server={T}",
        "--exclude={T}", "--timeout={T}", "-T{T}", "-iL={T}/nonexistent", "-oX=/nonexistent{T}/x.xml",
        "--rate={T}", "-p=U:{T}", "{T}"})
    void escapeSequencesInAnyQuotedInputAreShownNotObeyed(String template) {
        String err = refused("-n", template.replace("{T}", TITLE), "127.0.0.1").err();
        assertThat(err).doesNotContain(ESC).doesNotContain("\u0007");
    }

    @Test
    void lineBreaksInInputCannotForgeASecondLine() {
        refused("-n", "--show", "closed\nnetsweep: all good", "127.0.0.1");
        refused("-n", "--frob\r\nx", "127.0.0.1");
        refused("-n", "-p", "80\u2028evil", "127.0.0.1");
    }

    @Test
    void badInputWithAHostnameTargetLooksNothingUp() {
        refused("--rate", "1e21", "example.org");
        refused("--dns-timeout", "0", "example.org");
        refused("-p", "nope", "example.org");
        refused("-oX", "/nonexistent/dir/x.xml", "example.org");
        refused("-sS", "-sT", "example.org");
    }

    @Test
    void aFileThatCannotBeOpenedLeavesNoOtherFileBehind(@TempDir Path dir) {
        Path json = dir.resolve("scan.jsonl");
        Path grepable = dir.resolve("scan.gnmap");
        refused("-n", "-Pn", "-p", "1", "-oJ", json.toString(), "-oG", grepable.toString(),
                "-oX", dir.resolve("missing/x.xml").toString(), "127.0.0.1");
        assertThat(json).doesNotExist();
        assertThat(grepable).doesNotExist();
    }

    @Test
    void twoOutputsCannotShareAFileOrStandardOutput(@TempDir Path dir) {
        String same = dir.resolve("same").toString();
        assertThat(refused("-oX", same, "-oJ", same, "127.0.0.1").err()).contains("-oX").contains("-oJ");
        assertThat(refused("-oA", same, "-oX", same + ".xml", "127.0.0.1").err()).contains("-oA");
        assertThat(refused("-o", "json", "-oG", "-", "127.0.0.1").err()).contains("standard output");
        assertThat(refused("-oN", "-", "-oG", "-", "127.0.0.1").err()).contains("standard output");
        refused("-oA", "-", "127.0.0.1");
        assertThat(dir.resolve("same")).doesNotExist();
    }

    @Test
    void manyBadOptionsStillGiveOneLine() {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            args.add("--bad-" + i);
        }
        refused(args.toArray(String[]::new));
    }
}
