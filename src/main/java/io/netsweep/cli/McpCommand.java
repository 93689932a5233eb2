package io.netsweep.cli;

import io.netsweep.mcpserver.McpService;
import io.netsweep.mcpserver.Scope;
import io.netsweep.mcpserver.ServerLimits;
import io.netsweep.store.ScanArchive;
import io.netsweep.store.ScanStore;
import io.netsweep.store.StoreLocation;
import io.netsweep.store.StoreLocations;
import io.netsweep.target.HostResolver;
import io.netsweep.target.TargetException;
import io.netsweep.target.TargetSet;
import io.netsweep.target.TargetSetBuilder;
import io.netsweep.target.TargetTokens;
import io.netsweep.timing.MonotonicClock;
import io.netsweep.web.WebConfig;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code netsweep mcp}: netsweep as an MCP server for assistants and editors, over standard input and output, or
 * with {@code --http} over Streamable HTTP on 127.0.0.1. Scans go only inside {@code --scope} (loopback without it),
 * within limits set here. In stdio mode standard output carries the protocol alone; every other line goes to stderr.
 */
@Command(name = "mcp", versionProvider = VersionProvider.class,
        description = {"Serve MCP (Model Context Protocol) so that an assistant can scan inside a scope you set.",
                "Over stdin/stdout by default; --http serves Streamable HTTP on 127.0.0.1 with a token."})
final class McpCommand implements Callable<Integer> {
    /** The scope without --scope: this machine's loopback addresses only. */
    static final String DEFAULT_SCOPE = "127.0.0.0/8, ::1";

    private final CliContext context;

    @Option(names = "--scope", paramLabel = "SPEC[,SPEC...]",
            description = "Where scans may go, in target syntax (repeatable; default " + DEFAULT_SCOPE + "). "
                    + "Hostnames are resolved now, once.")
    List<String> scope = new ArrayList<>();

    @Option(names = "--scope-file", paramLabel = "FILE", description = "Read scope specs from FILE (repeatable).")
    List<Path> scopeFiles = new ArrayList<>();

    @Option(names = "--max-addresses", paramLabel = "N",
            description = "Most addresses in one scan, 1 to " + ServerLimits.MAX_MAX_ADDRESSES + " (default "
                    + ServerLimits.DEFAULT_MAX_ADDRESSES + ").")
    long maxAddresses = ServerLimits.DEFAULT_MAX_ADDRESSES;

    @Option(names = "--rate", paramLabel = "N",
            description = "Probes per second of every scan, 1 to 1000000 (default 2000).")
    double rate = ServerLimits.DEFAULT_RATE;

    @Option(names = "--max-scans", paramLabel = "N",
            description = "Scans running at once, 1 to " + ServerLimits.MAX_MAX_SCANS + " (default "
                    + ServerLimits.DEFAULT_MAX_SCANS + ").")
    int maxScans = ServerLimits.DEFAULT_MAX_SCANS;

    @Option(names = "--http", description = "Serve Streamable HTTP on 127.0.0.1 instead of stdin/stdout.")
    boolean http;

    @Option(names = "--port", paramLabel = "PORT", description = "Port for --http (default: any free port).")
    int port;

    @Option(names = "--dns-server", paramLabel = "IP[:PORT]",
            description = "DNS server for hostnames in the scope and in scans (repeatable; default: /etc/resolv.conf).")
    List<String> dnsServers = new ArrayList<>();

    @Option(names = "--dns-timeout", paramLabel = "MS", description = "Per-lookup timeout, 1 to 60000 ms (default 2000).")
    Integer dnsTimeoutMs;

    @Option(names = "--db", paramLabel = "DB", converter = StoreLocationConverter.class,
            description = "Store the scans in DB: a file (default: $XDG_DATA_HOME/netsweep/netsweep.db) or a postgresql:// URL.")
    StoreLocation database;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    boolean version;

    McpCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ServerLimits limits;
        try {
            limits = new ServerLimits(maxAddresses, rate, maxScans);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid " + e.getMessage());
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("invalid --port " + port + ": ports are 0-65535");
        }
        if (port != 0 && !http) {
            throw new UsageException("--port needs --http");
        }
        OptionalInt dnsTimeout = dnsTimeoutMs == null ? OptionalInt.empty() : OptionalInt.of(dnsTimeoutMs);
        McpPlanner planner = new McpPlanner(context, dnsServers, dnsTimeout);
        if (dnsTimeout.isPresent() && (dnsTimeout.getAsInt() < 1 || dnsTimeout.getAsInt() > ScanRequests.MAX_DNS_TIMEOUT_MS)) {
            throw new UsageException("invalid --dns-timeout " + dnsTimeout.getAsInt() + ": must be 1 to "
                    + ScanRequests.MAX_DNS_TIMEOUT_MS + " ms");
        }
        ScanRequests.dnsServersOf(dnsServers); // refused here, before anything is resolved or opened
        if (database != null) {
            StoreChoice.check(database); // the default one is created where missing
        }
        Scope scope = scope(dnsTimeout);
        StoreLocation db = StoreChoice.database(database, context);
        ScanArchive archive = new ScanArchive(
                () -> db.open(StoreLocations.cacheHome(context.env()), context.env(), InstantSource.system()),
                InstantSource.system());
        try (ScanStore store = StoreAccess.openOrCreate(database, context)) {
            McpService service = new McpService(new McpService.Setup(context.scanner(), archive, store, scope, limits,
                    planner, InstantSource.system(), MonotonicClock.system(), VersionProvider.version()));
            try {
                return http ? serveHttp(service, scope) : serveStdio(service, scope);
            } finally {
                service.close();
            }
        }
    }

    private int serveStdio(McpService service, Scope scope) {
        context.diagnostics().notice("MCP server on stdin/stdout; scans allowed in " + scope.description());
        // The protocol writes to the real descriptor; anything printed to System.out (by any library) goes to
        // stderr instead, so that nothing but protocol reaches stdout.
        System.setOut(new java.io.PrintStream(new FileOutputStream(FileDescriptor.err), true,
                java.nio.charset.StandardCharsets.UTF_8));
        service.serveStdio(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
        return ExitCodes.OK;
    }

    private int serveHttp(McpService service, Scope scope) throws InterruptedException {
        String token = WebConfig.newToken();
        InetAddress loopback = InetAddress.ofLiteral("127.0.0.1");
        int bound;
        try {
            bound = service.startHttp(loopback, port, token);
        } catch (IOException e) {
            context.diagnostics().error("cannot listen on 127.0.0.1 port " + port + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return ExitCodes.FAILED;
        }
        context.out().println("netsweep MCP: http://127.0.0.1:" + bound + "/mcp");
        context.out().println("token: " + token + "  (send it as Authorization: Bearer TOKEN)");
        context.out().println("scope: " + scope.description());
        context.out().println("Press Ctrl-C to stop.");
        context.out().flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
        return ExitCodes.OK;
    }

    /** The scope: every address of every spec, networks whole; hostnames resolved now, every address they have. */
    private Scope scope(OptionalInt dnsTimeout) {
        List<String> specs = new ArrayList<>();
        for (String s : scope) {
            specs.addAll(TargetTokens.split(s));
        }
        if (specs.isEmpty() && scopeFiles.isEmpty()) {
            specs.addAll(TargetTokens.split(DEFAULT_SCOPE));
        }
        TargetDns dns = new TargetDns(ScanRequests.dnsServersOf(dnsServers), Duration.ofMillis(dnsTimeout.orElse(
                (int) io.netsweep.scan.ScanRequest.DEFAULT_DNS_TIMEOUT.toMillis())));
        try (HostResolver resolver = context.resolvers().apply(dns)) {
            TargetSetBuilder b = TargetSet.builder(resolver).includeNetworkAndBroadcast(true).allowLarge(true)
                    .resolveAll(true);
            for (String s : specs) {
                b.add(s);
            }
            for (Path f : scopeFiles) {
                b.addFile(f);
            }
            List<String> described = new ArrayList<>(specs);
            scopeFiles.forEach(f -> described.add("file " + f));
            return new Scope(b.build(), String.join(", ", described));
        } catch (TargetException e) {
            throw new UsageException("--scope: " + e.getMessage());
        }
    }
}
