package io.netsweep.cli;

import io.netsweep.store.NmapImport;
import io.netsweep.store.StoreException;
import io.netsweep.store.StoreLocation;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code netsweep import FILE.xml}: an nmap XML file becomes a stored scan. */
@Command(name = "import", description = "Store an nmap XML file (nmap -oX) as a scan, to list and diff it beside netsweep's.")
final class ImportCommand implements Callable<Integer> {
    private final CliContext context;

    @Parameters(paramLabel = "FILE", description = "An nmap XML file.")
    Path file;

    @Option(names = "--db", paramLabel = "DB", converter = StoreLocationConverter.class, description = "The database: a file (default: $XDG_DATA_HOME/netsweep/netsweep.db) or a postgresql:// URL.")
    StoreLocation database;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    ImportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws StoreException {
        if (database != null) {
            StoreChoice.check(database);
        }
        NmapImport.Imported imported = NmapImport.importFile(file, StoreAccess.openOrCreate(database, context));
        context.out().println("imported " + StoreAccess.text(file.toString()) + " as scan " + imported.scanId() + " ("
                + imported.hostsUp() + " hosts up, " + imported.openPorts() + " open ports)");
        context.out().flush();
        return ExitCodes.OK;
    }
}
