package io.netsweep.cli;

import io.netsweep.store.StoreLocation;
import io.netsweep.store.StoreLocations;
import io.netsweep.target.IpLiterals;
import io.netsweep.web.WebConfig;
import io.netsweep.web.WebServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code netsweep ui}: the local web UI, served by this process until Ctrl-C. */
@Command(name = "ui", versionProvider = VersionProvider.class,
        description = "Serve the web UI on 127.0.0.1 and open it in the browser.")
final class UiCommand implements Callable<Integer> {
    /** Most finished scans kept: each holds its events in memory. */
    static final int MAX_FINISHED = 1000;

    private final CliContext context;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on (default " + WebConfig.DEFAULT_PORT + "; 0 for any free port).")
    int port = WebConfig.DEFAULT_PORT;

    @Option(names = "--new-token", description = "Replace the saved access token: bookmarks of the old address stop working.")
    boolean newToken;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on (default 127.0.0.1). Anything but loopback lets others drive scans.")
    String bind = "127.0.0.1";

    @Option(names = "--no-open", description = "Do not open a browser.")
    boolean noOpen;

    @Option(names = "--max-finished", paramLabel = "N",
            description = "Finished scans kept in memory, 1 to " + MAX_FINISHED + " (default 20).")
    int maxFinished = 20;

    @Option(names = "--db", paramLabel = "DB", converter = StoreLocationConverter.class,
            description = "Store the scans in DB: a file (default: $XDG_DATA_HOME/netsweep/netsweep.db) or a postgresql:// URL.")
    StoreLocation database;

    @Option(names = "--no-save", description = "Do not store the scans.")
    boolean noSave;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    boolean version;

    UiCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new UsageException("invalid --port " + port + ": ports are 0-65535");
        }
        if (maxFinished < 1 || maxFinished > MAX_FINISHED) {
            throw new UsageException("invalid --max-finished " + maxFinished + ": must be 1 to " + MAX_FINISHED);
        }
        StoreChoice store = StoreChoice.of(database, noSave, context);
        InetAddress address = bindAddress();
        if (!address.isLoopbackAddress()) {
            context.diagnostics().warning("listening on " + address.getHostAddress()
                    + ": anyone who can reach it and learns the token can run scans from this machine");
        }
        String token = UiToken.load(StoreLocations.defaultDatabase(context.env()).resolveSibling(UiToken.FILE_NAME),
                newToken);
        WebConfig config = new WebConfig(address, port, token, maxFinished, Duration.ofMillis(100));
        try (WebServer server = new WebServer(config, context.scanner(), new FormRequests(context),
                store.archive(context))) {
            try {
                server.start();
            } catch (BindException e) {
                context.diagnostics().error("port " + port + " on " + address.getHostAddress() + " is in use (another"
                        + " netsweep ui?): choose another with --port N, or --port 0 for any free port");
                return ExitCodes.FAILED;
            } catch (IOException e) {
                context.diagnostics().error("cannot listen on " + address.getHostAddress() + " port " + port + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                return ExitCodes.FAILED;
            }
            context.out().println("netsweep UI: " + server.pageUri());
            context.out().println("Press Ctrl-C to stop.");
            context.out().flush();
            if (!noOpen) {
                openBrowser(server);
            }
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return ExitCodes.OK;
    }

    /** The address of {@code --bind}, read as a literal only: an address option never asks a resolver. */
    private InetAddress bindAddress() {
        try {
            return IpLiterals.parse(bind);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid --bind \"" + bind + "\": " + e.getMessage() + " (give an IP address)");
        }
    }

    /** Opens the page where a desktop session exists; on a server there is nothing to open. */
    private void openBrowser(WebServer server) {
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            return;
        }
        try {
            new ProcessBuilder("xdg-open", server.pageUri().toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            context.diagnostics().notice("could not open a browser; open the address above by hand");
        }
    }
}
