package io.netsweep.cli;

import io.netsweep.dns.DnsServerSpec;
import io.netsweep.port.PortPresets;
import io.netsweep.port.PortSet;
import io.netsweep.port.PortSpecException;
import io.netsweep.port.PortSpecParser;
import io.netsweep.portscan.ScanTiming;
import io.netsweep.scan.DiscoveryMode;
import io.netsweep.scan.ScanRequest;
import io.netsweep.target.HostResolver;
import io.netsweep.target.TargetException;
import io.netsweep.target.TargetSet;
import io.netsweep.target.TargetSetBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Validates a {@link ScanSpec} and builds the {@link ScanRequest}; shared by the command line and
 * the web UI so both accept exactly the same input. Stateless.
 */
final class ScanRequests {
    /** Ports scanned when none are asked for: nmap's default, the 1,000 most often open. */
    static final int DEFAULT_TOP_PORTS = 1000;

    private ScanRequests() {}

    /**
     * @param resolvers makes the resolver for hostname targets from the DNS servers asked for
     * @throws UsageException with one line naming the bad token
     */
    static ScanRequest build(ScanSpec spec, Function<List<InetSocketAddress>, HostResolver> resolvers) {
        List<InetSocketAddress> dnsServers = dnsServers(spec.dnsServers());
        PortSet ports = ports(spec);
        TargetSet targets = targets(spec, resolvers.apply(dnsServers));
        boolean identify = spec.identify().orElse(spec.preset().map(p -> p.equalsIgnoreCase("ai")).orElse(false));
        try {
            return ScanRequest.builder(targets, ports)
                    .discovery(spec.discovery())
                    .timing(timing(spec))
                    .dnsMode(spec.dnsMode())
                    .dnsServers(dnsServers)
                    .dnsTimeout(Duration.ofMillis(spec.dnsTimeoutMs().orElse(
                            (int) ScanRequest.DEFAULT_DNS_TIMEOUT.toMillis())))
                    .identify(identify)
                    .reportStates(spec.show())
                    .reportDownHosts(spec.showDown())
                    .seed(spec.seed().orElse(System.nanoTime()))
                    .commandLine(spec.commandLine())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static PortSet ports(ScanSpec spec) {
        try {
            PortSet ports = PortSet.empty();
            boolean custom = false;
            if (spec.preset().isPresent()) {
                String preset = spec.preset().get().toLowerCase(Locale.ROOT);
                custom = preset.equals("custom");
                ports = ports.union(PortPresets.byName(preset));
            }
            if (spec.ports().isPresent()) {
                ports = ports.union(PortSpecParser.parse(spec.ports().get()));
            } else if (custom) {
                throw new UsageException("preset custom needs ports: add -p, e.g. -p 22,80,8000-8100");
            }
            if (spec.topPorts().isPresent()) {
                ports = ports.union(PortPresets.topPorts(spec.topPorts().getAsInt()));
            }
            if (ports.isEmpty() && spec.preset().isEmpty() && spec.ports().isEmpty()
                    && spec.discovery() != DiscoveryMode.DISCOVERY_ONLY) {
                // Not for -sn: no port is probed, and the frequency table costs a tenth of a second to load.
                ports = PortPresets.topPorts(DEFAULT_TOP_PORTS);
            }
            return ports;
        } catch (PortSpecException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static TargetSet targets(ScanSpec spec, HostResolver resolver) {
        try {
            TargetSetBuilder builder = TargetSet.builder(resolver)
                    .includeNetworkAndBroadcast(spec.includeNetworkAndBroadcast())
                    .allowLarge(spec.allowLarge());
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
                t = t.withConcurrency(spec.concurrency().getAsInt());
            }
            if (spec.timeoutMs().isPresent()) {
                int ms = spec.timeoutMs().getAsInt();
                if (ms < 1) {
                    throw new UsageException("invalid --timeout " + ms + ": must be at least 1 ms");
                }
                t = t.withFixedTimeout(Duration.ofMillis(ms));
            }
            if (spec.retries().isPresent()) {
                t = t.withRetries(spec.retries().getAsInt());
            }
            if (spec.rate().isPresent()) {
                t = t.withRate(spec.rate().getAsDouble());
            }
            return t;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
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
