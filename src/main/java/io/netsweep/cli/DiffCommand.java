package io.netsweep.cli;

import io.netsweep.store.Change;
import io.netsweep.store.DiffFormat;
import io.netsweep.store.ScanDiff;
import io.netsweep.store.ScanEntry;
import io.netsweep.store.ScanStore;
import io.netsweep.store.ShardRuns;
import io.netsweep.store.StoreException;
import io.netsweep.store.StoreLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code netsweep diff [OLD [NEW]]}: what changed between two stored scans; by default the last two that
 * ran to their end over the same targets, with one id that scan and the latest of its targets. Exit codes
 * are ndiff's: 0 no change, 1 changes, 2 an error (bad input included).
 */
@Command(name = "diff", description = "What changed between two stored scans (default: the last two of the same targets)."
        + " Exit status as ndiff's: 0 no change, 1 changes, 2 error.")
final class DiffCommand implements Callable<Integer> {
    /** ndiff's exit codes. */
    static final int SAME = 0;
    static final int CHANGED = 1;
    static final int ERROR = 2;

    private final CliContext context;

    @Parameters(paramLabel = "ID", arity = "0..2", description = "OLD and NEW scan ids.")
    List<String> ids = List.of();

    @Option(names = "--db", paramLabel = "DB", converter = StoreLocationConverter.class, description = "The database: a file (default: $XDG_DATA_HOME/netsweep/netsweep.db) or a postgresql:// URL.")
    StoreLocation database;

    @Option(names = "-o", paramLabel = "FORMAT", description = "text (default) or json.")
    String format = "text";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    DiffCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try {
            return diff();
        } catch (UsageException e) {
            context.diagnostics().error(e.getMessage());
            return ERROR;
        } catch (StoreException e) {
            context.diagnostics().error(e.getMessage());
            return ERROR;
        } catch (IOException e) {
            context.diagnostics().error("could not write standard output: " + e.getMessage());
            return ERROR;
        }
    }

    private int diff() throws StoreException, IOException {
        boolean json = switch (format.toLowerCase(Locale.ROOT)) {
            case "text", "table" -> false;
            case "json" -> true;
            default -> throw new UsageException("invalid output format \"" + format + "\" for diff: use text or json");
        };
        List<Long> given = ids.stream().map(ShowCommand::scanId).toList();
        StoreLocation file = StoreChoice.database(database, context);
        ScanStore store = StoreAccess.open(database, context)
                .orElseThrow(() -> new UsageException("no scans stored in " + file + " yet"));
        long older;
        long newer;
        if (given.size() == 2) {
            older = given.get(0);
            newer = given.get(1);
        } else {
            long anchor = given.isEmpty() ? latestFinished(store, file) : given.getFirst();
            if (!given.isEmpty() && store.history().stream().noneMatch(e -> e.id() == anchor)) {
                throw notFound(anchor, file);
            }
            ShardRuns runs = ShardRuns.of(store.history());
            boolean part = runs.parts(anchor).stream().anyMatch(e -> e.shard().isPresent());
            if (part) {
                // A part stands for its whole run: compared with the run before (or the newest after) it of the same
                // sharded scan, never with another part of its own run.
                List<ScanEntry> heads = runHeads(runs, anchor);
                long run = runs.runId(anchor);
                List<ScanEntry> before = heads.stream().filter(e -> runs.runId(e.id()) < run).toList();
                List<ScanEntry> after = heads.stream().filter(e -> runs.runId(e.id()) > run).toList();
                if (given.isEmpty() ? before.isEmpty() : after.isEmpty()) {
                    throw new UsageException("no " + (given.isEmpty() ? "earlier" : "later") + " run of the sharded"
                            + " scan of scan " + anchor + " to compare with: give two ids (netsweep history lists them)");
                }
                older = given.isEmpty() ? before.getLast().id() : anchor;
                newer = given.isEmpty() ? anchor : after.getLast().id();
            } else {
                List<ScanEntry> same = store.sameTargets(anchor);
                if (given.isEmpty()) {
                    if (same.size() < 2) {
                        throw new UsageException("the latest scan (" + anchor + ") has no earlier finished scan of the"
                                + " same targets to compare with: give two ids (netsweep history lists them)");
                    }
                    older = same.get(same.size() - 2).id();
                    newer = same.getLast().id();
                } else {
                    ScanEntry latest = same.isEmpty() ? null : same.getLast();
                    if (latest == null || latest.id() <= anchor) {
                        throw new UsageException("no finished scan of the same targets after scan " + anchor
                                + ": give two ids (netsweep history lists them)");
                    }
                    older = anchor;
                    newer = latest.id();
                }
            }
        }
        ScanDiff diff;
        try {
            diff = store.diff(older, newer);
        } catch (StoreException e) {
            if (e.problem() == StoreException.Problem.NOT_FOUND) {
                throw notFound(store.history().stream().anyMatch(x -> x.id() == older) ? newer : older, file);
            }
            throw e;
        }
        PrintWriter out = context.out();
        if (json) {
            json(diff, out);
        } else {
            text(diff, out);
        }
        out.flush();
        if (out.checkError()) {
            throw new IOException("write error");
        }
        return diff.changes().isEmpty() ? SAME : CHANGED;
    }

    /**
     * One finished part of each run of the sharded scan that scan {@code part} belongs to (equal options, seed, split
     * and count), oldest run first.
     */
    private static List<ScanEntry> runHeads(ShardRuns runs, long part) {
        String scanKey = runs.parts(part).getFirst().shard().orElseThrow().scanKey();
        java.util.TreeMap<Long, ScanEntry> heads = new java.util.TreeMap<>();
        for (ScanEntry e : runs.grouped()) {
            if (e.shard().map(s -> s.scanKey().equals(scanKey)).orElse(false) && !runs.superseded(e.id())
                    && e.status() == io.netsweep.store.ScanStatus.FINISHED) {
                heads.putIfAbsent(runs.runId(e.id()), e);
            }
        }
        return List.copyOf(heads.values());
    }

    private static long latestFinished(ScanStore store, StoreLocation file) throws StoreException {
        List<ScanEntry> all = store.history();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).status() == io.netsweep.store.ScanStatus.FINISHED) {
                return all.get(i).id();
            }
        }
        throw new UsageException("no finished scan stored in " + file + " yet");
    }

    private static UsageException notFound(long id, StoreLocation file) {
        return new UsageException("no scan " + id + " in " + file + " (netsweep history lists them)");
    }

    private static void text(ScanDiff d, PrintWriter out) {
        out.println("scan " + d.older().id() + " (" + StoreAccess.local(d.older().startedAt()) + ", "
                + StoreAccess.text(d.older().targets()) + ") -> scan " + d.newer().id() + " ("
                + StoreAccess.local(d.newer().startedAt()) + ", " + StoreAccess.text(d.newer().targets()) + ")");
        if (d.changes().isEmpty()) {
            out.println("no changes");
            return;
        }
        for (Change c : d.changes()) {
            out.println(StoreAccess.text(line(c)));
        }
    }

    /** One change as one line: {@code +} appeared or opened, {@code -} gone or closed, {@code ~} changed. */
    static String line(Change c) {
        return DiffFormat.line(c);
    }

    /** The diff as {@code -o json} writes it, ending with a line feed: also what {@code watch} alerts with. */
    static String json(ScanDiff d) {
        java.io.StringWriter text = new java.io.StringWriter();
        try {
            json(d, new PrintWriter(text));
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail", e);
        }
        return text.toString();
    }

    private static void json(ScanDiff d, PrintWriter out) throws IOException {
        DiffFormat.json(d, out);
        out.println();
    }
}
