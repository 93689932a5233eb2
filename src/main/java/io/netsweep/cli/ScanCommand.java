package io.netsweep.cli;

import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.DiscoveryMode;
import io.netsweep.scan.DnsMode;
import io.netsweep.scan.PortScanMethod;
import io.netsweep.scan.ScanRequest;
import io.netsweep.store.StoreLocation;
import io.netsweep.target.Shard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code netsweep [options] TARGET...}: discover hosts and scan their TCP ports. */
@Command(name = "netsweep", versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Fast, safe network scanner: host discovery, TCP connect scan, reverse DNS, service and version"
                + " detection (AI/ML services included).",
        footer = {"", "Examples:",
                "  netsweep 127.0.0.1                      top 1,000 ports of one host",
                "  netsweep -p 22,80,8000-8100 10.0.0.0/24 ports of a subnet, hosts found first",
                "  netsweep -sn 192.168.1.0/24             discovery only",
                "  netsweep -sV -p 22,80,443 10.0.0.5      services and versions of those ports",
                "  netsweep --preset ai -o json 10.0.0.5   AI/ML ports, products named, JSON",
                "  netsweep -F -v -oA scan 10.0.0.0/24     as nmap: top 100 ports, open ports as",
                "                                          found; scan.nmap, .xml and .gnmap",
                "", "Every scan is stored (--db, --no-save): netsweep history, show ID, diff [OLD [NEW]],",
                "hosts, import FILE.xml, prune, watch --every 15m (each with --help).",
                "", "For assistants and editors: netsweep mcp --scope SPEC (MCP, scans inside SPEC only; mcp --help).",
                "", "Not supported (yet): -sC, -O, -A (each says what to use).",
                "", "Exit status: 0 done, 1 failed, 2 bad input (nothing scanned), 130 cancelled."})
final class ScanCommand implements Callable<Integer> {
    /** How many of the most often open ports {@code -F} scans, as nmap's fast mode. */
    static final int FAST_PORTS = 100;

    private final CliContext context;

    @Parameters(paramLabel = "TARGET", arity = "0..*",
            description = "Address, CIDR (10.0.0.0/24, fd00::/120), range (10.0.0.1-50, 10.0.0.1-10.0.0.50), "
                    + "octet pattern (10.1.*.1, 192.168.1-3.1-10, 10.0.0.1,5,7) or hostname.")
    List<String> targets = new ArrayList<>();

    @Option(names = "-iL", paramLabel = "FILE",
            description = "Read targets from FILE (one spec per line, # comments; - for standard input).")
    List<Path> targetFiles = new ArrayList<>();

    // Not split here: the target list syntax keeps the commas of octet patterns (10.0.0.1,5,7).
    @Option(names = "--exclude", paramLabel = "SPEC[,SPEC...]", description = "Leave these out.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--exclude-file", paramLabel = "FILE", description = "Leave out the targets listed in FILE.")
    List<Path> excludeFiles = new ArrayList<>();

    @Option(names = "--include-network-broadcast",
            description = "Scan the network and broadcast addresses of IPv4 prefixes up to /30 too.")
    boolean includeNetworkAndBroadcast;

    @Option(names = "--allow-large", description = "Allow more than 16,777,216 addresses.")
    boolean allowLarge;

    @Option(names = "--resolve-all", description = "Scan every address of a hostname target, not only the first (IPv4 first).")
    boolean resolveAll;

    @Option(names = "-p", paramLabel = "PORTS",
            description = "Ports: 22,80,8000-8100, service names (http,ssh), T:22; -p- for 1-65535.")
    String ports;

    @Option(names = "-F", description = "Fast: the 100 ports most often open (as nmap's -F; --preset simple).")
    boolean fast;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "simple (top 100), full (1-65535), ai (AI/ML services; identification on), custom (-p).")
    String preset;

    @Option(names = "--top-ports", paramLabel = "N", description = "The N ports most often open (nmap's frequencies).")
    Integer topPorts;

    @Option(names = "-sn", description = "Host discovery only, no port scan.")
    boolean discoveryOnly;

    @Option(names = "-Pn", description = "Skip discovery: take every target as up.")
    boolean assumeUp;

    @Option(names = "-sS", description = "TCP SYN scan (half-open, crafted SYNs; the default where netsweep may open raw"
            + " sockets: root or CAP_NET_RAW). Without that privilege the connect scan runs, and the scan says so.")
    boolean synScan;

    @Option(names = "-sT", description = "TCP connect scan (the default without the privilege a SYN scan needs).")
    boolean connectScan;

    @Option(names = "-sV", description = "Service and version detection on every open port, as nmap's -sV (AI/ML"
            + " products with auth state and models too); probes only greet, never log in or write.")
    boolean versionScan;

    @Option(names = "-sU", description = "UDP scan (no privilege needed): protocol requests to well-known UDP services,"
            + " retries paced to the target's ICMP rate limit; open, closed, filtered or open|filtered. Alone it scans"
            + " UDP only (the top 1,000 UDP ports by default); with -sS or -sT, TCP too. -p U:53,161,T:22 as in nmap.")
    boolean udpScan;

    // nmap's other scans: refused, each with what to use instead (NmapHabits), until netsweep has them.
    @Option(names = "-sC", hidden = true)
    boolean scriptScan;

    @Option(names = "-O", hidden = true)
    boolean osDetection;

    @Option(names = "-A", hidden = true)
    boolean aggressive;

    @Option(names = "-T", paramLabel = "0-5", description = "Timing template, as nmap's (default 4).")
    Integer template;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", description = "Most probes in flight at once.")
    Integer concurrency;

    @Option(names = "--timeout", paramLabel = "MS",
            description = "Fixed per-probe timeout, 1 to 300000 ms (default: adaptive).")
    Integer timeoutMs;

    @Option(names = "--retries", paramLabel = "N",
            description = "Most retransmissions of an unanswered probe, 0 to 100 (fewer where a host never answers one).")
    Integer retries;

    @Option(names = "--rate", paramLabel = "PROBES_PER_S",
            description = "Most probes per second, 1 to 1000000. Slower pacing is -T0 to -T2 (one probe per"
                    + " 5 min, 15 s, 0.4 s), whose timeouts are sized for it; above a million is no limit at all.")
    Double rate;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the probe order (same seed, same order).")
    Long seed;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Scan only part I of N (from 0) of the work, with --seed: N processes with the same options"
                    + " and seed cover it all once (netsweep merge joins their outputs). env/N takes I from"
                    + " JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs), env also N from NETSWEEP_SHARDS.")
    String shard;

    @Option(names = "-n", description = "No reverse DNS.")
    boolean noDns;

    @Option(names = "-R", description = "Reverse DNS for every target, down ones too.")
    boolean dnsAll;

    @Option(names = "--dns-server", paramLabel = "IP[:PORT]", description = "DNS server (repeatable; default: /etc/resolv.conf).")
    List<String> dnsServers = new ArrayList<>();

    @Option(names = "--dns-timeout", paramLabel = "MS", description = "Per-lookup timeout, 1 to 60000 ms (default 2000).")
    Integer dnsTimeoutMs;

    @Option(names = "--identify", negatable = true,
            description = "The same as -sV (default: on with --preset ai); --no-identify turns it off.")
    Boolean identify;

    @Option(names = "--version-timeout", paramLabel = "MS",
            description = "Most time service detection spends on one port, 1 to 120000 ms (default 6000).")
    Integer versionTimeoutMs;

    @Option(names = "--version-concurrency", paramLabel = "N",
            description = "Most ports service detection probes at once, 1 to 4096 (default 32).")
    Integer versionConcurrency;

    @Option(names = "--show", paramLabel = "STATE[,STATE...]", split = ",",
            description = "Also report these: closed, filtered, open|filtered (UDP), down, or all (open is always shown).")
    List<String> show = new ArrayList<>();

    @Option(names = "--open", description = "Only open ports (the default, as nmap's --open); not with --show.")
    boolean openOnly;

    @Option(names = "-o", paramLabel = "FORMAT",
            description = "Standard output format: table (default), json, csv, xml, grepable.")
    String format;

    @Option(names = "-oN", paramLabel = "FILE", description = "Also write the table to FILE (- for standard output).")
    Path normalFile;

    @Option(names = "-oX", paramLabel = "FILE", description = "Also write nmap-compatible XML to FILE.")
    Path xmlFile;

    @Option(names = "-oG", paramLabel = "FILE", description = "Also write nmap's grepable format to FILE.")
    Path grepableFile;

    @Option(names = "-oJ", paramLabel = "FILE", description = "Also write JSON Lines to FILE.")
    Path jsonFile;

    @Option(names = "-oA", paramLabel = "BASE", description = "All three of nmap's: BASE.nmap, BASE.xml, BASE.gnmap.")
    String allBase;

    @Option(names = "-v", description = "Verbose: each open port on stderr as it is found; -vv adds hosts,"
            + " names, identified services and the other states shown.")
    boolean[] verbose = new boolean[0];

    @Option(names = "--progress", negatable = true,
            description = "Progress bar on stderr (default: when stderr is a terminal, without -v, and not when"
                    + " machine-readable output prints on that terminal too).")
    Boolean progress;

    @Option(names = "--db", paramLabel = "DB", converter = StoreLocationConverter.class,
            description = "Store the scan in DB: a file (default: $XDG_DATA_HOME/netsweep/netsweep.db) or a postgresql:// URL.")
    StoreLocation database;

    @Option(names = "--no-save", description = "Do not store the scan.")
    boolean noSave;

    // As picocli's mixinStandardHelpOptions would add them, without the reflection over a mixin at every start.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    boolean version;

    ScanCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ScanSpec spec = spec();
        Optional<Shard> part = shard();
        String run = part.isPresent() ? ShardOption.run(context.env()) : "";
        OutputPlan outputs = outputs();
        outputs.checkWritable(); // before hostname targets are resolved: a typo costs no DNS query
        StoreChoice store = StoreChoice.of(database, noSave, context);
        ScanRequest request = ScanRequests.build(spec, context.resolvers()).withShard(part);
        context.scanAhead().accept(request);
        boolean showProgress = progress != null ? progress : progressByDefault(outputs.stdout());
        return new ScanRunner(context).run(request, outputs, showProgress, verbosity(), store.archive(context),
                targetsAsGiven(), run);
    }

    /** {@code --shard}, read and checked: only with {@code --seed}, as shards must walk one order. */
    Optional<Shard> shard() {
        if (shard == null) {
            return Optional.empty();
        }
        Shard part = ShardOption.parse(shard, context.env());
        if (seed == null) {
            throw new UsageException("--shard needs --seed: every part must be given the same seed, or the parts"
                    + " would not split the same work");
        }
        return Optional.of(part);
    }

    /** The targets as typed, for the scan store's listings. */
    String targetsAsGiven() {
        List<String> all = new ArrayList<>(targets);
        targetFiles.forEach(f -> all.add("-iL " + f));
        excludes.forEach(e -> all.add("--exclude " + e));
        excludeFiles.forEach(f -> all.add("--exclude-file " + f));
        return String.join(" ", all);
    }

    /**
     * The bar shows where a person watches stderr, but not by default beside machine-readable output
     * on the same terminal: what is copied off that screen, or captured from it, should be the
     * output alone. {@code --progress} still shows it there, giving way to every line of output.
     */
    private boolean progressByDefault(OutputFormat stdout) {
        return verbosity() == 0 && context.stderrIsTerminal().getAsBoolean()
                && (stdout.forPeople() || !context.stdoutIsTerminal().getAsBoolean());
    }

    /** How many {@code -v} were given. */
    int verbosity() {
        return verbose.length;
    }

    /** Where results go, from {@code -o} and the file options. */
    OutputPlan outputs() {
        List<OutputPlan.Request> files = new ArrayList<>();
        request(files, "-oN", OutputFormat.TABLE, normalFile);
        request(files, "-oX", OutputFormat.XML, xmlFile);
        request(files, "-oG", OutputFormat.GREPABLE, grepableFile);
        request(files, "-oJ", OutputFormat.JSON, jsonFile);
        return OutputPlan.of(Optional.ofNullable(format), files, Optional.ofNullable(allBase));
    }

    private static void request(List<OutputPlan.Request> files, String option, OutputFormat f, Path path) {
        if (path != null) {
            files.add(new OutputPlan.Request(option, f, path));
        }
    }

    ScanSpec spec() {
        NmapHabits.refuse(scriptScan, osDetection, aggressive);
        if (synScan && connectScan) {
            throw new UsageException("-sS and -sT exclude each other: -sS is the SYN scan, -sT the connect scan");
        }
        if (versionScan && Boolean.FALSE.equals(identify)) {
            throw new UsageException("-sV and --no-identify exclude each other: --identify is -sV");
        }
        if (discoveryOnly && assumeUp) {
            throw new UsageException("-sn and -Pn exclude each other: -sn finds hosts, -Pn skips finding them");
        }
        if (noDns && dnsAll) {
            throw new UsageException("-n and -R exclude each other");
        }
        if (openOnly && !show.isEmpty() && !show.stream().allMatch(s -> s.trim().equalsIgnoreCase("open"))) {
            throw new UsageException("--open shows only open ports; it cannot be combined with --show "
                    + String.join(",", show));
        }
        Set<PortState> states = EnumSet.of(PortState.OPEN);
        boolean showDown = false;
        for (String s : show) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "open" -> states.add(PortState.OPEN);
                case "closed" -> states.add(PortState.CLOSED);
                case "filtered" -> states.add(PortState.FILTERED);
                case "open|filtered" -> states.add(PortState.OPEN_FILTERED);
                case "down" -> showDown = true;
                case "all" -> {
                    states.addAll(EnumSet.allOf(PortState.class));
                    showDown = true;
                }
                default -> throw new UsageException("invalid --show \"" + s + "\": use open, closed, filtered, open|filtered, down or all");
            }
        }
        DiscoveryMode discovery = discoveryOnly ? DiscoveryMode.DISCOVERY_ONLY
                : assumeUp ? DiscoveryMode.ASSUME_UP : DiscoveryMode.DISCOVER_THEN_SCAN;
        DnsMode dns = noDns ? DnsMode.OFF : dnsAll ? DnsMode.ALL : DnsMode.UP_HOSTS;
        return ScanSpec.builder(context.commandLine())
                .targets(targets, targetFiles)
                .excludes(excludes, excludeFiles)
                .includeNetworkAndBroadcast(includeNetworkAndBroadcast)
                .allowLarge(allowLarge)
                .resolveAll(resolveAll)
                .ports(Optional.ofNullable(ports))
                .preset(Optional.ofNullable(preset))
                .topPorts(topPorts())
                .discovery(discovery)
                .timingTemplate(optInt(template))
                .concurrency(optInt(concurrency))
                .timeoutMs(optInt(timeoutMs))
                .retries(optInt(retries))
                .rate(rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate))
                .seed(seed == null ? OptionalLong.empty() : OptionalLong.of(seed))
                .dns(dns, dnsServers, optInt(dnsTimeoutMs))
                .identify(versionScan ? Optional.of(true) : Optional.ofNullable(identify))
                .versionTimeoutMs(optInt(versionTimeoutMs))
                .versionConcurrency(optInt(versionConcurrency))
                .show(states, showDown)
                .method(synScan ? PortScanMethod.SYN : connectScan ? PortScanMethod.CONNECT : PortScanMethod.DEFAULT)
                .udpScan(udpScan)
                .build();
    }

    /** {@code --top-ports}, with {@code -F}'s 100: the most often open ports nest, so the larger count is the union. */
    private OptionalInt topPorts() {
        if (!fast) {
            return optInt(topPorts);
        }
        if (topPorts != null && (topPorts < 1 || topPorts > PortSet.MAX_PORT)) {
            return OptionalInt.of(topPorts); // refused as it is, not hidden by -F
        }
        return OptionalInt.of(topPorts == null ? FAST_PORTS : Math.max(FAST_PORTS, topPorts));
    }

    private static OptionalInt optInt(Integer i) {
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }
}
