package io.netsweep.cli;

import io.netsweep.store.PruneRule;
import io.netsweep.store.ScanStore;
import io.netsweep.store.StoreException;
import io.netsweep.store.StoreLocation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code netsweep prune --keep N | --older-than AGE}: forget old scans. */
@Command(name = "prune", description = "Forget stored scans: all but the newest N, or those older than an age.")
final class PruneCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--keep", paramLabel = "N", description = "Keep the N newest scans.")
    Integer keep;

    @Option(names = "--older-than", paramLabel = "AGE", description = "Forget scans started more than AGE ago (90m, 12h, 30d, 2w).")
    String olderThan;

    @Option(names = "--db", paramLabel = "DB", converter = StoreLocationConverter.class, description = "The database: a file (default: $XDG_DATA_HOME/netsweep/netsweep.db) or a postgresql:// URL.")
    StoreLocation database;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    PruneCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws StoreException {
        if ((keep == null) == (olderThan == null)) {
            throw new UsageException("prune needs one of --keep N or --older-than AGE");
        }
        if (keep != null && keep < 0) {
            throw new UsageException("invalid --keep " + keep + ": must be 0 or more");
        }
        PruneRule rule = keep != null ? new PruneRule.KeepNewest(keep)
                : new PruneRule.StartedBefore(Instant.now().minus(Durations.parse("--older-than", olderThan)));
        Optional<ScanStore> store = StoreAccess.open(database, context);
        List<Long> pruned = store.isPresent() ? store.get().prune(rule) : List.of();
        context.out().println(pruned.isEmpty() ? "nothing to prune"
                : "pruned " + pruned.size() + (pruned.size() == 1 ? " scan" : " scans"));
        context.out().flush();
        return ExitCodes.OK;
    }
}
