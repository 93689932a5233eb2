package io.netsweep.cli;

import io.netsweep.dns.DnsServerSpec;
import io.netsweep.port.PortPresets;
import io.netsweep.port.PortSet;
import io.netsweep.port.PortSpecException;
import io.netsweep.port.PortSpecParser;
import io.netsweep.port.ProtocolPorts;
import io.netsweep.portscan.ScanTiming;
import io.netsweep.scan.DiscoveryMode;
import io.netsweep.scan.ScanRequest;
import io.netsweep.service.DetectOptions;
import io.netsweep.target.HostResolver;
import io.netsweep.target.TargetException;
import io.netsweep.target.TargetSet;
import io.netsweep.target.TargetSetBuilder;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Validates a {@link ScanSpec} and builds the {@link ScanRequest}; shared by the command line and
 * the web UI so both accept exactly the same input. Stateless.
 */
final class ScanRequests {
    /** Ports scanned when none are asked for: nmap's default, the 1,000 most often open. */
    static final int DEFAULT_TOP_PORTS = 1000;
    /** Longest wait for one reverse lookup: a name that takes longer is not coming. */
    static final int MAX_DNS_TIMEOUT_MS = 60_000;
    /** Longest {@code --version-timeout}: service detection's own bound on one port. */
    static final int MAX_VERSION_TIMEOUT_MS = (int) DetectOptions.MAX_DEADLINE.toMillis();
    /** Most {@code --version-concurrency}: service detection's own bound. */
    static final int MAX_VERSION_CONCURRENCY = DetectOptions.MAX_CONCURRENT;
    /** Slowest {@code --rate}: one probe per second (the templates pace slower, with timeouts to match). */
    static final double MIN_USER_RATE = 1;

    private ScanRequests() {}

    /**
     * @param resolvers makes the resolver for hostname targets from the DNS servers and timeout asked for
     * @throws UsageException with one line naming the bad token
     */
    static ScanRequest build(ScanSpec spec, Function<TargetDns, HostResolver> resolvers) {
        List<InetSocketAddress> dnsServers = dnsServers(spec.dnsServers());
        ScanPorts ports = ports(spec);
        ScanTiming timing = timing(spec);
        Duration dnsTimeout = Duration.ofMillis(bounded("--dns-timeout", spec.dnsTimeoutMs(),
                (int) ScanRequest.DEFAULT_DNS_TIMEOUT.toMillis(), 1, MAX_DNS_TIMEOUT_MS, " ms"));
        boolean identify = spec.identify().orElse(spec.preset().map(p -> p.equalsIgnoreCase("ai")).orElse(false));
        DetectOptions detection = detection(spec);
        // Targets last: hostnames are resolved here, and bad input must be refused before any query is sent.
        TargetSet targets;
        try (HostResolver resolver = resolvers.apply(new TargetDns(dnsServers, dnsTimeout))) { // one per scan, whatever its names
            targets = targets(spec, resolver);
        }
        try {
            return ScanRequest.builder(targets, ports.tcp())
                    .udpPorts(ports.udp())
                    .discovery(spec.discovery())
                    .timing(timing)
                    .dnsMode(spec.dnsMode())
                    .dnsServers(dnsServers)
                    .dnsTimeout(dnsTimeout)
                    .identify(identify)
                    .detectOptions(detection)
                    .reportStates(spec.show())
                    .reportDownHosts(spec.showDown())
                    .seed(spec.seed().orElse(System.nanoTime()))
                    .commandLine(spec.commandLine())
                    .method(spec.method())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The TCP and the UDP ports of a scan; either may be empty (not both, unless the scan is discovery only). */
    record ScanPorts(PortSet tcp, PortSet udp) {}

    /**
     * The ports to scan, by protocol. TCP: the preset, {@code -p}'s unqualified and {@code T:} ports, the top ports;
     * UDP ({@code -sU}): {@code -p}'s unqualified and {@code U:} ports, the top UDP ports. Without any, the top
     * 1,000 of each protocol scanned.
     */
    static ScanPorts ports(ScanSpec spec) {
        try {
            boolean tcp = spec.tcpScan();
            boolean udp = spec.udpScan();
            PortSet tcpPorts = PortSet.empty();
            PortSet udpPorts = PortSet.empty();
            boolean custom = false;
            if (spec.preset().isPresent()) {
                String preset = spec.preset().get().toLowerCase(Locale.ROOT);
                if (!tcp) {
                    throw new UsageException("--preset " + preset + " names TCP ports, and -sU alone scans UDP only:"
                            + " add -sS or -sT to scan them too");
                }
                custom = preset.equals("custom");
                tcpPorts = tcpPorts.union(PortPresets.byName(preset));
            }
            if (spec.ports().isPresent()) {
                ProtocolPorts given = PortSpecParser.parseByProtocol(spec.ports().get());
                if (given.namesUdp() && !udp) {
                    throw new UsageException("-p " + quoteSpec(spec.ports().get()) + " names UDP ports (U:): add -sU to"
                            + " scan them");
                }
                if (given.namesTcp() && !tcp) {
                    throw new UsageException("-p " + quoteSpec(spec.ports().get()) + " names TCP ports (T:), and -sU"
                            + " alone scans UDP only: add -sS or -sT to scan them too");
                }
                if (tcp) {
                    tcpPorts = tcpPorts.union(given.tcpPorts());
                }
                if (udp) {
                    udpPorts = udpPorts.union(given.udpPorts());
                }
            } else if (custom) {
                throw new UsageException("preset custom needs ports: add -p, e.g. -p 22,80,8000-8100");
            }
            if (spec.topPorts().isPresent()) {
                int n = spec.topPorts().getAsInt();
                if (tcp) {
                    tcpPorts = tcpPorts.union(PortPresets.topPorts(n));
                }
                if (udp) {
                    udpPorts = udpPorts.union(PortPresets.topUdpPorts(n));
                }
            }
            if (tcpPorts.isEmpty() && udpPorts.isEmpty() && spec.preset().isEmpty() && spec.ports().isEmpty()
                    && spec.discovery() != DiscoveryMode.DISCOVERY_ONLY) {
                // Not for -sn: no port is probed, and the frequency table costs a tenth of a second to load.
                if (tcp) {
                    tcpPorts = PortPresets.topPorts(DEFAULT_TOP_PORTS);
                }
                if (udp) {
                    udpPorts = PortPresets.topUdpPorts(DEFAULT_TOP_PORTS);
                }
            }
            if (tcpPorts.isEmpty() && udpPorts.isEmpty() && spec.discovery() != DiscoveryMode.DISCOVERY_ONLY) {
                throw new UsageException("-p " + quoteSpec(spec.ports().orElse("")) + " names no port of the scans"
                        + " asked for");
            }
            return new ScanPorts(tcpPorts, udpPorts);
        } catch (PortSpecException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String quoteSpec(String spec) {
        return PortSpecException.quote(spec.strip());
    }

    private static TargetSet targets(ScanSpec spec, HostResolver resolver) {
        try {
            TargetSetBuilder builder = TargetSet.builder(resolver)
                    .includeNetworkAndBroadcast(spec.includeNetworkAndBroadcast())
                    .allowLarge(spec.allowLarge())
                    .resolveAll(spec.resolveAll());
            for (String t : spec.targets()) {
                builder.add(t);
            }
            for (Path f : spec.targetFiles()) {
                if (isStandardInput(f)) {
                    builder.addFrom(System.in, "targets on standard input");
                } else {
                    builder.addFile(f);
                }
            }
            for (String e : spec.excludes()) {
                builder.exclude(e);
            }
            for (Path f : spec.excludeFiles()) {
                if (isStandardInput(f)) {
                    builder.excludeFrom(System.in, "exclusions on standard input");
                } else {
                    builder.excludeFile(f);
                }
            }
            return builder.build();
        } catch (TargetException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** {@code -iL -} and {@code --exclude-file -} read standard input, as nmap's {@code -iL -} does. */
    private static boolean isStandardInput(Path file) {
        return file.toString().equals("-");
    }

    private static ScanTiming timing(ScanSpec spec) {
        try {
            ScanTiming t = ScanTiming.template(spec.timingTemplate().orElse(4));
            if (spec.concurrency().isPresent()) {
                t = t.withConcurrency(bounded("--concurrency", spec.concurrency(), 0, 1, ScanTiming.MAX_CONCURRENCY, ""));
            }
            if (spec.timeoutMs().isPresent()) {
                int ms = bounded("--timeout", spec.timeoutMs(), 0, 1, (int) ScanTiming.MAX_TIMEOUT.toMillis(), " ms");
                t = t.withFixedTimeout(Duration.ofMillis(ms));
            }
            if (spec.retries().isPresent()) {
                t = t.withRetries(bounded("--retries", spec.retries(), 0, 0, ScanTiming.MAX_RETRIES, ""));
            }
            if (spec.rate().isPresent()) {
                t = t.withRate(rate(spec.rate().getAsDouble()));
            }
            return t;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** {@code --version-timeout} and {@code --version-concurrency}: the limits of service detection. */
    private static DetectOptions detection(ScanSpec spec) {
        DetectOptions d = DetectOptions.defaults();
        if (spec.versionTimeoutMs().isPresent()) {
            int ms = bounded("--version-timeout", spec.versionTimeoutMs(), 0, 1, MAX_VERSION_TIMEOUT_MS, " ms");
            d = d.withPortDeadline(Duration.ofMillis(ms));
        }
        if (spec.versionConcurrency().isPresent()) {
            d = d.withMaxConcurrent(bounded("--version-concurrency", spec.versionConcurrency(), 0, 1,
                    MAX_VERSION_CONCURRENCY, ""));
        }
        return d;
    }

    /**
     * {@code --rate}: at least one probe per second, since slower pacing needs the longer timeouts of
     * {@code -T0} to {@code -T2} as well; at most {@link ScanTiming#MAX_RATE}.
     */
    private static double rate(double perSecond) {
        if (!(perSecond >= MIN_USER_RATE && perSecond <= ScanTiming.MAX_RATE)) {
            throw new UsageException("invalid --rate " + number(perSecond) + ": must be " + (long) MIN_USER_RATE
                    + " to " + (long) ScanTiming.MAX_RATE + " probes per second (slower: -T0 to -T2)");
        }
        return perSecond;
    }

    /** The option's value, or {@code otherwise} when not given; refused outside {@code min..max}. */
    private static int bounded(String option, OptionalInt value, int otherwise, int min, int max, String unit) {
        if (value.isEmpty()) {
            return otherwise;
        }
        int v = value.getAsInt();
        if (v < min || v > max) {
            throw new UsageException("invalid " + option + " " + v + ": must be " + min + " to " + max + unit);
        }
        return v;
    }

    /** A number as a person wrote it, more or less: 5, 0.5, 1.0E21, never three hundred digits. */
    private static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Math.abs(d) >= 1e-3 && Math.abs(d) < 1e15 ? BigDecimal.valueOf(d).toPlainString() : Double.toString(d);
    }

    /** {@code --dns-server} values as addresses; a bad one is a {@link UsageException} naming it. */
    static List<InetSocketAddress> dnsServersOf(List<String> specs) {
        return dnsServers(specs);
    }

    private static List<InetSocketAddress> dnsServers(List<String> specs) {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String s : specs) {
            try {
                servers.add(DnsServerSpec.parse(s));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return servers;
    }
}
