package io.netsweep.cli;

import io.netsweep.target.Shard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code netsweep merge FILES...}: the outputs of the parts of a sharded scan ({@code --shard}), all JSON Lines or
 * all nmap XML, as one output of the same format. It refuses, in one line with exit code 2, a set that is not the
 * finished parts of one scan: a part of another scan (options hash, seed, split or count differs), a part given
 * twice, a missing part (unless {@code --partial}, which merges what is there, warns, and ends the result as a
 * failed scan naming the missing parts), a part that did not finish or a truncated file. Nothing is written then.
 */
@Command(name = "merge", description = "Join the JSON Lines or nmap XML outputs of a sharded scan's parts"
        + " (--shard I/N) into one.")
final class MergeCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The parts' outputs: all JSON Lines or all nmap XML.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--partial", description = "Merge even when parts are missing: a warning names them, and the"
            + " result ends as a failed scan that names them too.")
    boolean partial;

    @Option(names = "-o", paramLabel = "FORMAT", description = "Standard output's format: json or xml, the parts' own"
            + " (the default).")
    String format;

    @Option(names = "-oJ", paramLabel = "FILE", description = "Write the merged JSON Lines to FILE (- for stdout).")
    Path jsonFile;

    @Option(names = "-oX", paramLabel = "FILE", description = "Write the merged nmap XML to FILE (- for stdout).")
    Path xmlFile;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    MergeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        OutputFormat partsFormat = formatOf(files.getFirst());
        List<OutputPlan.Request> requested = new ArrayList<>();
        if (jsonFile != null) {
            requested.add(new OutputPlan.Request("-oJ", OutputFormat.JSON, jsonFile));
        }
        if (xmlFile != null) {
            requested.add(new OutputPlan.Request("-oX", OutputFormat.XML, xmlFile));
        }
        OutputPlan plan = OutputPlan.of(Optional.ofNullable(format), requested, Optional.empty());
        boolean toStdout = format != null || requested.isEmpty()
                || requested.stream().anyMatch(r -> r.path().toString().equals("-"));
        List<OutputFormat> asked = new ArrayList<>();
        if (format != null || requested.stream().anyMatch(r -> r.path().toString().equals("-"))) {
            asked.add(plan.stdout());
        }
        plan.files().forEach(f -> asked.add(f.format()));
        for (OutputFormat f : asked) {
            if (f != partsFormat) {
                throw new UsageException("merge writes the parts' own format, "
                        + (partsFormat == OutputFormat.JSON ? "JSON Lines (-o json, -oJ FILE)" : "nmap XML (-o xml, -oX FILE)")
                        + ": netsweep show converts a stored scan");
            }
        }
        plan.checkWritable();
        String merged;
        List<Integer> missing;
        int count;
        if (partsFormat == OutputFormat.JSON) {
            List<JsonLinesMerge.Part> parts = new ArrayList<>();
            for (Path f : files) {
                requireFormat(f, partsFormat);
                parts.add(JsonLinesMerge.read(f));
            }
            missing = ShardParts.check(parts, partial);
            count = parts.getFirst().mark().shard().count();
            merged = JsonLinesMerge.merge(parts, missing);
        } else {
            List<NmapXmlMerge.Part> parts = new ArrayList<>();
            for (Path f : files) {
                requireFormat(f, partsFormat);
                parts.add(NmapXmlMerge.read(f));
            }
            missing = ShardParts.check(parts, partial);
            count = parts.getFirst().mark().shard().count();
            merged = NmapXmlMerge.merge(parts, missing);
        }
        if (!missing.isEmpty()) {
            context.diagnostics().warning("partial merge: " + Shard.describeMissing(missing, count)
                    + " missing; the result says so");
        }
        boolean ok = true;
        for (OutputPlan.FileOutput f : plan.files()) {
            try {
                Files.writeString(f.path(), merged, StandardCharsets.UTF_8);
            } catch (IOException e) {
                context.diagnostics().error("could not write " + f.path() + ": " + reason(e));
                ok = false;
            }
        }
        if (toStdout) {
            context.out().print(merged);
            context.out().flush();
        }
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static void requireFormat(Path file, OutputFormat expected) {
        if (formatOf(file) != expected) {
            throw new UsageException(file + " is not " + (expected == OutputFormat.JSON ? "JSON Lines" : "nmap XML")
                    + " as the first part is: merge parts of one format");
        }
    }

    /** JSON Lines or nmap XML, by the file's first character that is not blank. */
    private static OutputFormat formatOf(Path file) {
        try (var in = Files.newInputStream(file)) {
            int c;
            do {
                c = in.read();
            } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xEF || c == 0xBB || c == 0xBF);
            if (c == '{') {
                return OutputFormat.JSON;
            }
            if (c == '<') {
                return OutputFormat.XML;
            }
            throw new UsageException(file + (c < 0 ? " is empty" : " is neither JSON Lines nor nmap XML")
                    + ": give the parts' -oJ or -oX files");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + reason(e));
        }
    }

    static String reason(IOException e) {
        return e instanceof NoSuchFileException ? "no such file"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
