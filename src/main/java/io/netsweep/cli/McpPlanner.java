package io.netsweep.cli;

import io.netsweep.mcpserver.ScanArguments;
import io.netsweep.mcpserver.ScanPlanner;
import io.netsweep.mcpserver.ScanRefusedException;
import io.netsweep.mcpserver.ServerLimits;
import io.netsweep.port.PortSpecException;
import io.netsweep.port.PortSpecParser;
import io.netsweep.port.Protocol;
import io.netsweep.port.ProtocolPorts;
import io.netsweep.scan.DiscoveryMode;
import io.netsweep.scan.DnsMode;
import io.netsweep.scan.ScanRequest;
import io.netsweep.target.TargetException;
import io.netsweep.target.TargetTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The MCP server's scans, validated by exactly the command line's rules ({@link ScanRequests}), with what the server
 * decides and no agent can: its rate, its DNS servers, no files read, and every address of a hostname resolved (so
 * that each is checked against the scope). Stateless and thread-safe.
 *
 * @param dnsServers  {@code --dns-server} of {@code netsweep mcp}
 * @param dnsTimeoutMs {@code --dns-timeout} of {@code netsweep mcp}
 */
record McpPlanner(CliContext context, List<String> dnsServers, OptionalInt dnsTimeoutMs) implements ScanPlanner {
    McpPlanner {
        dnsServers = List.copyOf(dnsServers);
    }

    @Override
    public ScanRequest plan(ScanArguments a, ServerLimits limits) throws ScanRefusedException {
        if (a.discoveryOnly() && a.skipDiscovery()) {
            throw new ScanRefusedException("discovery_only and skip_discovery exclude each other");
        }
        if (a.discoveryOnly() && (a.ports().isPresent() || a.preset().isPresent() || a.serviceDetection()
                || a.protocols().contains(Protocol.UDP))) {
            throw new ScanRefusedException("discovery_only probes no port: leave out ports, preset, protocols and"
                    + " service_detection");
        }
        boolean tcp = a.protocols().contains(Protocol.TCP);
        boolean udp = a.protocols().contains(Protocol.UDP);
        if (a.preset().isPresent() && !tcp) {
            throw new ScanRefusedException("preset names TCP ports: add \"tcp\" to protocols");
        }
        if (a.ports().isPresent()) {
            // The command line's own check names its options (-sU); the tool's names its arguments.
            try {
                ProtocolPorts given = PortSpecParser.parseByProtocol(a.ports().get());
                if (given.namesUdp() && !udp) {
                    throw new ScanRefusedException("ports names UDP ports (U:): add \"udp\" to protocols");
                }
                if (given.namesTcp() && !tcp) {
                    throw new ScanRefusedException("ports names TCP ports (T:): add \"tcp\" to protocols");
                }
            } catch (PortSpecException | IllegalArgumentException e) {
                throw new ScanRefusedException(io.netsweep.output.TerminalText.visible(e.getMessage().strip()));
            }
        }
        DiscoveryMode discovery = a.discoveryOnly() ? DiscoveryMode.DISCOVERY_ONLY
                : a.skipDiscovery() ? DiscoveryMode.ASSUME_UP : DiscoveryMode.DISCOVER_THEN_SCAN;
        ScanSpec spec = ScanSpec.builder(
                        "netsweep mcp: scan " + String.join(" ", a.targets()).replaceAll("\\s+", " ").strip())
                .targets(tokens(a.targets()), List.of())
                .excludes(tokens(a.exclude()), List.of())
                .resolveAll(true)
                .ports(a.ports())
                .preset(a.preset())
                .discovery(discovery)
                .rate(OptionalDouble.of(limits.rate()))
                .dns(DnsMode.UP_HOSTS, dnsServers, dnsTimeoutMs)
                .identify(Optional.of(a.serviceDetection() || a.preset().filter("ai"::equals).isPresent()))
                .udpScan(udp)
                .tcpScan(tcp)
                .build();
        try {
            return ScanRequests.build(spec, context.resolvers());
        } catch (UsageException | TargetException e) {
            throw new ScanRefusedException(io.netsweep.output.TerminalText.visible(e.getMessage().strip()));
        }
    }

    private static List<String> tokens(List<String> texts) {
        List<String> out = new ArrayList<>();
        for (String t : texts) {
            out.addAll(TargetTokens.split(t));
        }
        return out;
    }
}
