package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Help and version output. The {@code ui} subcommand's model is built only when a command line may
 * need it; help must still list it, however the help option is written.
 */
class HelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "-nh", "-hn", "-vh", "-Fh", "--help=true", "-h=true"})
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

    @Test
    void helpFromAnArgumentFileListsTheSubcommandsToo(@TempDir Path dir) throws Exception {
        Path args = Files.writeString(dir.resolve("args.txt"), "-n\n--help\n");

        CliRunner r = CliRunner.run("@" + args);

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: netsweep").containsPattern("Commands:\\s+ui\\s+Serve the web UI");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ui", "watch", "mcp", "--help", "-h", "-hn", "-nh", "-vh", "-vvh", "-Fh", "-hx", "-nhx",
        "-V", "-nV", "-Vx", "-vV", "--version", "--help=true", "--version=x", "-h=true", "@args.txt"})
    void commandLinesThatMayNameTheSubcommandOrAskForHelpGetIt(String arg) {
        assertThat(Main.mayUseSubcommand(new String[] {"-n", arg})).isTrue();
    }

    /** nmap's scan options of two letters, -sV among them, are options, not clusters of -s and -V. */
    @ParameterizedTest
    @ValueSource(strings = {"-sn", "-Pn", "-sV", "-sS", "-sT", "-sU", "-sC", "-O", "-A", "-F", "-v", "-vv", "-R",
        "-oX", "-oN", "-iL", "--no-progress", "10.0.0.0/24", "-p", "-T4", "-p-"})
    void scanCommandLinesDoNotBuildTheSubcommand(String arg) {
        assertThat(Main.mayUseSubcommand(new String[] {"-n", arg, "127.0.0.1"})).isFalse();
    }

    /** A letter that takes a value ends a cluster ({@code -ph} is {@code -p h}), as does a letter that is no option. */
    @ParameterizedTest
    @ValueSource(strings = {"-ph", "-oh", "-Th", "-ch", "-nph", "-xh", "-sVh", "-nsV", "-n=h", "-FFh", "--helpful"})
    void argumentsThatOnlyLookLikeHelpDoNotBuildTheSubcommand(String arg) {
        assertThat(Main.mayUseSubcommand(new String[] {"-n", arg, "127.0.0.1"})).isFalse();
    }

    /**
     * Every option-like argument of one to three characters (the scan's one-letter options, h, V and a few others):
     * may ask for help or the version exactly where picocli finds a request for either in it.
     */
    @Test
    void helpAndVersionAreFoundExactlyWherePicocliFindsThem() {
        CommandLine model = Main.commandLine(context(), false);
        Set<Character> alphabet = new LinkedHashSet<>(List.of('h', 'V', 'x', 's', '=', '1', '-'));
        alphabet.addAll(model.getCommandSpec().posixOptionsMap().keySet());
        List<String> args = new ArrayList<>(List.of("--help", "--version", "--help=x", "--version=", "--helpx",
                "--he", "--no-help", "-", "--"));
        for (char a : alphabet) {
            args.add("-" + a);
            for (char b : alphabet) {
                args.add("-" + a + b);
                for (char c : alphabet) {
                    args.add("-" + a + b + c);
                }
            }
        }
        int asking = 0;
        for (String arg : args) {
            boolean picocli = asksForHelpOrVersion(model, arg);
            asking += picocli ? 1 : 0;
            assertThat(QuickArgs.mayAskForHelp(arg)).as(arg).isEqualTo(picocli);
        }
        assertThat(asking).as("both answers occur").isBetween(100, args.size() - 100);
    }

    /**
     * Random command lines: wherever the subcommands' model is not built, the scan's model reads the command line
     * exactly as the whole model would, and never as help, version or a subcommand.
     */
    @Test
    void whereTheSubcommandsAreNotBuiltTheScanModelReadsTheSame() {
        String[] pool = {"-sV", "-sS", "-sT", "-sU", "-sn", "-Pn", "-sC", "-O", "-A", "-nh", "-hx", "-Vx", "-xh", "-ph",
            "-oh", "-vh", "-n=h", "-h=true", "--help=x", "--version", "--help", "-h", "-V", "ui", "watch", "history",
            "--", "-p", "22", "127.0.0.1", "10.0.0.0/30", "-o", "json", "-v", "-vv", "-F", "-T", "4", "-T4", "--open",
            "-n", "-R", "-sVh", "-nsV", "--helpx", "-oX", "x.xml", "--top-ports", "-nV", "--show", "closed", "-Fv"};
        Main.Commands commands = new Main.Commands(context());
        Random random = new Random(20261207);
        int quick = 0;
        for (int n = 0; n < 3000; n++) {
            String[] args = new String[random.nextInt(7)];
            Arrays.setAll(args, i -> pool[random.nextInt(pool.length)]);
            String full = reading(commands.model(true), args);
            if (full.startsWith("help") || full.startsWith("version") || full.startsWith("subcommand")) {
                assertThat(Main.mayUseSubcommand(args)).as("%s: %s", List.of(args), full).isTrue();
            }
            if (!Main.mayUseSubcommand(args)) {
                quick++;
                assertThat(reading(commands.model(false), args)).as("%s", List.of(args)).isEqualTo(full);
            }
        }
        assertThat(quick).as("a fair share is read without the subcommands").isGreaterThan(1000);
    }

    private static CliContext context() {
        PrintWriter none = new PrintWriter(new StringWriter());
        return new CliContext(none, none, () -> false, null, null, CtrlC.none(), "netsweep (test)");
    }

    private static boolean asksForHelpOrVersion(CommandLine model, String arg) {
        CommandLine.ParseResult parsed;
        try {
            parsed = model.parseArgs(arg);
        } catch (CommandLine.ParameterException e) {
            parsed = e.getCommandLine().getParseResult();
        }
        return parsed != null && (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested());
    }

    /** What a model read: help, version, a subcommand, the error, or the options and targets matched. */
    private static String reading(CommandLine model, String[] args) {
        try {
            CommandLine.ParseResult parsed = model.parseArgs(args);
            if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
                return (parsed.isUsageHelpRequested() ? "help" : "version") + " " + parsed.unmatched();
            }
            if (parsed.hasSubcommand()) {
                return "subcommand " + parsed.subcommand().commandSpec().name();
            }
            List<String> matched = new ArrayList<>();
            for (CommandLine.Model.OptionSpec o : parsed.matchedOptions()) {
                matched.add(o.longestName() + "=" + Arrays.deepToString(new Object[] {o.getValue()}));
            }
            List<String> positional = new ArrayList<>();
            parsed.matchedPositionals().forEach(p -> positional.addAll(p.originalStringValues()));
            return "scan " + matched + " " + positional;
        } catch (CommandLine.ParameterException e) {
            return "error " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
