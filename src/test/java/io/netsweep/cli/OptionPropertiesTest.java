package io.netsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.cli.CliRunner.Recorded;
import io.netsweep.scan.ScanRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import picocli.CommandLine;

/**
 * The option parsers on generated command lines. A valid one reads the same through picocli and the
 * quick reader, holds the numbers it was given, writes back ({@link CommandLines}) to a command line that
 * reads the same again, and starts exactly one scan. An invalid one (a bad value for any option, an
 * unknown or refused option, a contradiction) is exit code 2 with exactly one line on stderr and no
 * control character in it, no scan started and no name looked up. The scanner records instead of
 * scanning: the parser is the thing under test.
 */
class OptionPropertiesTest {
    private static final Path OUT = Path.of(System.getProperty("java.io.tmpdir"), "nsw-options-" + ProcessHandle.current().pid());

    /** A command line as generated, option groups in the order given. */
    record Line(List<List<String>> groups, List<String> targets) {
        String[] args() {
            List<String> a = new ArrayList<>();
            groups.forEach(a::addAll);
            a.addAll(targets);
            return a.toArray(String[]::new);
        }

        /** The value of {@code option}'s last group ({@code OPTION VALUE} or {@code OPTION=VALUE}), if given. */
        Optional<String> value(String option) {
            return groups.stream()
                    .map(g -> g.size() == 2 && g.getFirst().equals(option) ? Optional.of(g.getLast())
                            : g.size() == 1 && g.getFirst().startsWith(option + "=")
                                    ? Optional.of(g.getFirst().substring(option.length() + 1)) : Optional.<String>empty())
                    .flatMap(Optional::stream).reduce((a, b) -> b);
        }

        @Override
        public String toString() {
            return String.join(" ", args());
        }
    }

    private record Read(ScanSpec spec, OutputPlan outputs, int verbosity) {}

    // Built once per property and reused by its tries (jqwik makes one instance per property): picocli sets every
    // option back to its initial value before each parse, so a try sees nothing of the one before. Building the
    // command model per try was most of this class's time.
    private final CommandLine parser = Main.commandLine(parseOnlyContext(), false);
    private final CliRunner.Recorder cli = new CliRunner.Recorder("netsweep (property)");

    private static CliContext parseOnlyContext() {
        PrintWriter none = new PrintWriter(new StringWriter());
        return new CliContext(none, none, () -> false, null, null, CtrlC.none(), "netsweep (property)");
    }

    private Read picocli(String[] args) {
        parser.parseArgs(args);
        ScanCommand c = parser.getCommand();
        return new Read(c.spec(), c.outputs(), c.verbosity());
    }

    private static Optional<Read> quick(String[] args) {
        return QuickArgs.parse(args, new ScanCommand(parseOnlyContext()))
                .map(c -> new Read(c.spec(), c.outputs(), c.verbosity()));
    }

    @Property(tries = 400)
    void aValidCommandLineReadsTheSameEveryWayAndWritesBackToItself(@ForAll("validLines") Line line) {
        Read read = picocli(line.args());
        quick(line.args()).ifPresent(q -> assertThat(q).as("quick reading of %s", line).isEqualTo(read));

        line.value("--rate").ifPresent(v -> assertThat(read.spec().rate().getAsDouble()).isEqualTo(Double.parseDouble(v)));
        line.value("--timeout").ifPresent(v -> assertThat(read.spec().timeoutMs().getAsInt()).isEqualTo(Integer.parseInt(v)));
        line.value("--retries").ifPresent(v -> assertThat(read.spec().retries().getAsInt()).isEqualTo(Integer.parseInt(v)));
        line.value("-c").ifPresent(v -> assertThat(read.spec().concurrency().getAsInt()).isEqualTo(Integer.parseInt(v)));
        line.value("--dns-timeout").ifPresent(v -> assertThat(read.spec().dnsTimeoutMs().getAsInt()).isEqualTo(Integer.parseInt(v)));
        line.value("-T").ifPresent(v -> assertThat(read.spec().timingTemplate().getAsInt()).isEqualTo(Integer.parseInt(v)));
        line.value("--seed").ifPresent(v -> assertThat(read.spec().seed().getAsLong()).isEqualTo(Long.parseLong(v)));
        line.value("--version-timeout").ifPresent(v -> assertThat(read.spec().versionTimeoutMs().getAsInt()).isEqualTo(Integer.parseInt(v)));
        line.value("--version-concurrency").ifPresent(v -> assertThat(read.spec().versionConcurrency().getAsInt()).isEqualTo(Integer.parseInt(v)));

        String[] written = CommandLines.format(read.spec(), read.outputs(), read.verbosity()).toArray(String[]::new);
        assertThat(picocli(written)).as("%s written as %s", line, String.join(" ", written)).isEqualTo(read);
    }

    @Property(tries = 200)
    void aValidCommandLineStartsExactlyOneScanAndLooksNothingUp(@ForAll("validLines") Line line) throws IOException {
        Files.createDirectories(OUT); // where the output files go, as a person's directory would exist
        try {
            Recorded r = cli.run(line.args());
            assertThat(r.exitCode()).as("%s: %s", line, r.err()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.scanner().started()).hasSize(1);
            assertThat(r.lookups()).isEmpty();
            ScanRequest request = r.scanner().started().getFirst();
            line.value("--rate").ifPresent(v -> assertThat(request.timing().ratePerSecond()).isEqualTo(Double.parseDouble(v)));
            line.value("--retries").ifPresent(v -> assertThat(request.timing().retries()).isEqualTo(Integer.parseInt(v)));
        } finally {
            deleteOutputs();
        }
    }

    @Property(tries = 1000)
    void anInvalidCommandLineIsOneLineExitTwoAndNothingStarted(@ForAll("invalidLines") Line line) throws IOException {
        Files.createDirectories(OUT);
        try {
            Recorded r = cli.run(line.args());
            assertThat(r.exitCode()).as("exit code of %s; stderr %s", line, r.err()).isEqualTo(2);
            assertThat(r.errLines()).as("stderr of %s", line).singleElement().asString().startsWith("netsweep: ");
            assertThat(r.err().chars().filter(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f)))
                    .as("control characters on stderr of %s", line).isEmpty();
            assertThat(r.out()).isEmpty();
            assertThat(r.scanner().started()).as("scans started by %s", line).isEmpty();
            assertThat(r.lookups()).as("names looked up for %s", line).isEmpty();
        } finally {
            deleteOutputs();
        }
    }

    @Property(tries = 1000)
    void anyCommandLineAtAllIsAScanOrOneLineAndNeverABug(@ForAll("anyLines") List<String> args) {
        try {
            Recorded r = cli.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as("%s: %s", args, r.err()).isIn(0, 2);
            if (r.exitCode() == 2) {
                assertThat(r.errLines()).as("stderr of %s", args).singleElement().asString().startsWith("netsweep: ");
                assertThat(r.err().chars().filter(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f))).isEmpty();
                assertThat(r.scanner().started()).isEmpty();
            }
        } finally {
            deleteOutputs();
        }
    }

    @AfterContainer
    static void deleteOutputs() {
        if (!Files.exists(OUT)) {
            return;
        }
        try (Stream<Path> files = Files.walk(OUT)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- generators ----

    private static Arbitrary<List<String>> option(String name, Arbitrary<String> value) {
        return value.map(v -> List.of(name, v));
    }

    private static Arbitrary<List<String>> flag(String name) {
        return Arbitraries.just(List.of(name));
    }

    /** A whole number in {@code min..max}, written as people do: plain, with leading zeros or a plus. */
    private static Arbitrary<String> whole(long min, long max) {
        return Combinators.combine(Arbitraries.longs().between(min, max), Arbitraries.of("", "", "", "0", "+"))
                .as((n, prefix) -> n < 0 ? Long.toString(n) : prefix + n);
    }

    private static Arbitrary<String> rate() {
        Arbitrary<Double> d = Arbitraries.doubles().between(1, 1_000_000);
        return Arbitraries.oneOf(d.map(Object::toString), d.map(x -> java.math.BigDecimal.valueOf(x).toPlainString()),
                Arbitraries.integers().between(1, 1_000_000).map(String::valueOf),
                Combinators.combine(Arbitraries.integers().between(1, 9), Arbitraries.integers().between(0, 5))
                        .as((m, e) -> m + "e" + e));
    }

    private static Arbitrary<String> ports() {
        Arbitrary<String> entry = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 65535).map(String::valueOf),
                Combinators.combine(Arbitraries.integers().between(1, 60000), Arbitraries.integers().between(0, 5000))
                        .as((a, n) -> a + "-" + Math.min(65535, a + n)),
                Arbitraries.of("http", "ssh", "T:https", "domain"));
        return entry.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(",", l));
    }

    private static Arbitrary<List<String>> targets() {
        return Arbitraries.of("127.0.0.1", "10.0.0.0/30", "::1", "10.1.2.3-5", "fd00::/126", "192.0.2.7")
                .list().ofMinSize(1).ofMaxSize(3);
    }

    /** The valid groups, each present or not, in any order. */
    private static List<Arbitrary<List<String>>> validGroups() {
        return List.of(
                option("-p", ports()),
                option("--preset", Arbitraries.of("simple", "full", "ai", "AI")),
                option("--top-ports", whole(1, 65535)),
                Arbitraries.of(List.of("-sn"), List.of("-Pn"), List.of("-sT"), List.of("-sS")),
                option("-T", whole(0, 5)),
                option("-c", whole(1, 1_000_000)),
                option("--timeout", whole(1, 300_000)),
                option("--retries", whole(0, 100)),
                option("--rate", rate()),
                Arbitraries.longs().map(n -> List.of("--seed=" + n)),
                Arbitraries.of(List.of("-n"), List.of("-R")),
                option("--dns-server", Arbitraries.of("127.0.0.1", "127.0.0.1:5353", "[::1]:53", "::1")),
                option("--dns-timeout", whole(1, 60_000)),
                Arbitraries.of(List.of("--identify"), List.of("--no-identify"), List.of("-sV")),
                option("--version-timeout", whole(1, 120_000)),
                option("--version-concurrency", whole(1, 4096)),
                option("--show", Arbitraries.of("closed", "filtered", "down", "closed,filtered", "all", "open")),
                flag("-F"),
                Arbitraries.of(List.of("-v"), List.of("-vv"), List.of("-v", "-v")),
                option("--exclude", Arbitraries.of("10.0.0.1", "::2", "10.1.2.4")),
                flag("--include-network-broadcast"),
                Arbitraries.of(List.of("--progress"), List.of("--no-progress")),
                option("-o", Arbitraries.of("table", "json", "csv", "xml", "grepable", "JSON", "gnmap")),
                option("-oX", Arbitraries.just(CommandLines.file(OUT, "scan.xml"))),
                option("-oJ", Arbitraries.just(CommandLines.file(OUT, "scan.jsonl"))),
                option("-oG", Arbitraries.just(CommandLines.file(OUT, "scan.gnmap"))),
                option("-oN", Arbitraries.just(CommandLines.file(OUT, "scan.txt"))),
                option("-oA", Arbitraries.just(CommandLines.file(OUT, "all"))));
    }

    @Provide
    Arbitrary<Line> validLines() {
        List<Arbitrary<Optional<List<String>>>> optional = validGroups().stream()
                .map(g -> g.optional(0.3)).toList();
        return Combinators.combine(optional).as(list -> list.stream().flatMap(Optional::stream).toList())
                .flatMap(Arbitraries::shuffle)
                .flatMap(groups -> targets().map(t -> new Line(groups, t)));
    }

    /** Values no numeric option takes: other scripts' digits, words, controls, specials. */
    private static Arbitrary<String> notANumber() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("\u0660\u0661\u0665\u0669\u0966\u096b\uff10\uff15").ofMinLength(1).ofMaxLength(4),
                Arbitraries.strings().withChars("abcxyzE.,;:_ \t\u001b\u0007\u009b\u202e").ofMinLength(1).ofMaxLength(6)
                        .filter(s -> !s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")),
                Arbitraries.of("Infinity", "-Infinity", "NaN", "0x10", "1e999999", "1_000", "5d", "5f", "", " 7",
                        "7 ", "1e", "e5", ".", "--", "0x1p3"));
    }

    /** An option with a value it cannot take: out of its range, or not a number at all. */
    private static Arbitrary<List<String>> badNumber(String option, long min, long max, boolean decimal) {
        Arbitrary<String> outside = Arbitraries.oneOf(
                Arbitraries.longs().between(Long.MIN_VALUE / 2, min - 1).map(String::valueOf),
                Arbitraries.longs().between(max + 1, Long.MAX_VALUE).map(String::valueOf),
                Arbitraries.of("99999999999999999999999", "-99999999999999999999999"));
        Arbitrary<String> fraction = decimal ? Arbitraries.of("0.5", "1e-300", "1e21", "1e309", "4.9e-324")
                : Arbitraries.of("1.5", "1e3", "2.0");
        return Arbitraries.oneOf(outside, fraction, notANumber())
                .map(v -> v.startsWith("-") ? List.of(option + "=" + v) : List.of(option, v));
    }

    private static List<Arbitrary<List<String>>> invalidGroups() {
        return List.of(
                badNumber("-T", 0, 5, false),
                badNumber("-c", 1, 1_000_000, false),
                badNumber("--concurrency", 1, 1_000_000, false),
                badNumber("--timeout", 1, 300_000, false),
                badNumber("--retries", 0, 100, false),
                badNumber("--rate", 1, 1_000_000, true),
                badNumber("--dns-timeout", 1, 60_000, false),
                badNumber("--top-ports", 1, 65535, false),
                badNumber("--version-timeout", 1, 120_000, false),
                badNumber("--version-concurrency", 1, 4096, false),
                option("--seed", notANumber().filter(s -> !s.startsWith("-"))),
                option("-p", Arbitraries.of("0", "70000", "80-22", "U:53", "nosuchservice", "http*", "٨٠", "22,,80", "1-2-3")),
                option("--show", Arbitraries.strings().withChars("xyzq\u001b").ofMinLength(1).ofMaxLength(5)),
                option("-o", Arbitraries.of("yaml", "N", "html", "\u001b[31m")),
                option("--preset", Arbitraries.of("turbo", "custom-ish", "")),
                option("--dns-server", Arbitraries.of("300.1.1.1", "ns.example", "1.2.3", "[::g]", "127.0.0.1:0", "127.0.0.1:70000")),
                option("--exclude", Arbitraries.of("10.0.0.0/33", "300.1.1.1", "10.0.0.9-10.0.0.1")),
                Arbitraries.of(List.of("-sS", "-sT"), List.of("-p", "U:53,T:22"), List.of("-sC"), List.of("-O"), List.of("-A")),
                Arbitraries.of(List.of("-sn", "-Pn"), List.of("-n", "-R"), List.of("--open", "--show", "closed"),
                        List.of("-sV", "--no-identify")),
                Arbitraries.strings().withChars("qwzjk").ofMinLength(3).ofMaxLength(8).map(s -> List.of("--" + s)),
                Arbitraries.of(List.of("--version"), List.of("--help"), List.of("-hx"), List.of("-Vq")),
                Arbitraries.of(List.of("-oA", "-"), List.of("-oG", "-", "-oN", "-"),
                        List.of("-oX", CommandLines.file(OUT, "no/such/dir/x.xml"))));
    }

    @Provide
    Arbitrary<Line> invalidLines() {
        return Combinators.combine(validLines(), Arbitraries.oneOf(invalidGroups()), Arbitraries.integers().between(0, 30))
                .as((valid, bad, at) -> {
                    List<List<String>> groups = new ArrayList<>(valid.groups());
                    groups.add(Math.min(at, groups.size()), bad);
                    return new Line(groups, valid.targets());
                });
    }

    /** Tokens from everywhere: options, values, targets, junk (which may read as a hostname: refused, not resolved). */
    @Provide
    Arbitrary<List<String>> anyLines() {
        Arbitrary<String> token = Arbitraries.oneOf(
                // No file options (a stray value would become a file here) and no "ui" (it serves until stopped).
                Arbitraries.of("-p", "22", "-p-", "-sn", "-Pn", "-sT", "-sS", "-F", "--open", "-v", "-vv", "-o", "json",
                        "-", "--rate", "1e21", "Infinity", "--timeout", "\u0665\u0660\u0660", "-T", "9", "-c",
                        "--show", "closed", "--dns-server", "300.1.1.1", "127.0.0.1", "::1", "10.0.0.0/30", "--",
                        "--help", "-h", "--version", "-V", "http,ssh", "U:53", "-n", "-R", "xml", "grepable"),
                Arbitraries.strings().withChars("-abcxyz0123456789.,:/ \u001b\u0007\u009b\u202e\u0665").ofMaxLength(8)
                        .filter(s -> !s.startsWith("@")));
        return token.list().ofMaxSize(8);
    }
}
