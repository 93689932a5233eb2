package io.netsweep.cli;

import io.netsweep.scan.ScanListener;
import io.netsweep.store.ScanReplay;
import io.netsweep.store.ScanStore;
import io.netsweep.store.StoreException;
import io.netsweep.store.StoreLocation;
import io.netsweep.store.StoredScan;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code netsweep show ID}: a stored scan, written again in any of the scan's output formats. A part of a sharded
 * run stands for its whole run, as it does for {@code diff} and {@code hosts}: the run's parts joined as
 * {@code merge} joins their outputs; {@code --part} shows the one part as its own outputs showed it.
 */
@Command(name = "show", description = "Show a stored scan as the scan showed it, in any output format;"
        + " a part of a sharded run shows its whole run.")
final class ShowCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(paramLabel = "ID", description = "The scan's id (netsweep history lists them); a part of a sharded run"
            + " shows the whole run, its parts joined as netsweep merge joins them.")
    String id;

    @Option(names = "--part", description = "With the id of a part of a sharded run: show that part alone.")
    boolean part;

    @Option(names = "--db", paramLabel = "DB", converter = StoreLocationConverter.class, description = "The database: a file (default: $XDG_DATA_HOME/netsweep/netsweep.db) or a postgresql:// URL.")
    StoreLocation database;

    @Option(names = "-o", paramLabel = "FORMAT", description = "table (default), json, csv, xml, grepable.")
    String format;

    @Option(names = "-oN", paramLabel = "FILE", description = "Also write the table to FILE.")
    Path normalFile;

    @Option(names = "-oX", paramLabel = "FILE", description = "Also write nmap-compatible XML to FILE.")
    Path xmlFile;

    @Option(names = "-oG", paramLabel = "FILE", description = "Also write nmap's grepable format to FILE.")
    Path grepableFile;

    @Option(names = "-oJ", paramLabel = "FILE", description = "Also write JSON Lines to FILE.")
    Path jsonFile;

    @Option(names = "-oA", paramLabel = "BASE", description = "BASE.nmap, BASE.xml, BASE.gnmap.")
    String allBase;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    ShowCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws StoreException {
        long scanId = scanId(id);
        List<OutputPlan.Request> files = new ArrayList<>();
        request(files, "-oN", OutputFormat.TABLE, normalFile);
        request(files, "-oX", OutputFormat.XML, xmlFile);
        request(files, "-oG", OutputFormat.GREPABLE, grepableFile);
        request(files, "-oJ", OutputFormat.JSON, jsonFile);
        OutputPlan plan = OutputPlan.of(Optional.ofNullable(format), files, Optional.ofNullable(allBase));
        plan.checkWritable();
        Optional<ScanStore> store = StoreAccess.open(database, context);
        Optional<StoredScan> scan = store.isEmpty() ? Optional.empty()
                : part ? store.get().load(scanId) : store.get().loadRun(scanId);
        if (scan.isEmpty()) {
            throw new UsageException("no scan " + scanId + " in " + StoreChoice.database(database, context)
                    + " (netsweep history lists them)");
        }
        List<ScanListener> writers = new ArrayList<>();
        writers.add(ScanRunner.writer(plan.stdout(), context.out(), 0));
        List<ScanListener> fileWriters = ScanRunner.open(plan.files(), 0);
        writers.addAll(fileWriters);
        ScanReplay.replay(scan.get(), event -> writers.forEach(w -> w.onEvent(event)));
        boolean ok = true;
        try {
            ((Flushable) writers.getFirst()).flush();
        } catch (IOException e) {
            context.diagnostics().error("could not write standard output: " + e.getMessage());
            ok = false;
        }
        for (ScanListener w : fileWriters) {
            try {
                ((Closeable) w).close();
            } catch (IOException e) {
                context.diagnostics().error("could not write an output file: " + e.getMessage());
                ok = false;
            }
        }
        context.out().flush();
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** A scan id as typed: a positive whole number in ASCII digits. */
    static long scanId(String text) {
        try {
            long id = AsciiNumbers.parseLong(text);
            if (id >= 1) {
                return id;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new UsageException("invalid scan id \"" + text + "\": ids are whole numbers from 1 (netsweep history lists them)");
    }

    private static void request(List<OutputPlan.Request> files, String option, OutputFormat f, Path path) {
        if (path != null) {
            files.add(new OutputPlan.Request(option, f, path));
        }
    }
}
