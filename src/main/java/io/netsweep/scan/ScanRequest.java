package io.netsweep.scan;

import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.portscan.ScanTiming;
import io.netsweep.service.DetectOptions;
import io.netsweep.target.Shard;
import io.netsweep.target.TargetSet;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything that defines one scan. Immutable once built; build one with {@link #builder}.
 *
 * @param targets         addresses to scan
 * @param ports           TCP ports to probe on each host that is up (ignored with {@link DiscoveryMode#DISCOVERY_ONLY});
 *                        empty for a UDP-only scan
 * @param discovery       host discovery behaviour
 * @param timing          probe timing
 * @param dnsMode         which hosts get a reverse lookup
 * @param dnsServers      servers for lookups; empty means those of /etc/resolv.conf
 * @param dnsTimeout      per-lookup timeout
 * @param identify        detect the service and version of every open port ({@code -sV}; AI/ML products included)
 * @param detectOptions   limits of service detection: per-port deadline, ports probed at once
 * @param reportStates    port states to emit as events (others are only counted)
 * @param reportDownHosts emit {@link ScanEvent.HostDown} for targets that did not answer
 * @param seed            seed of the probe order
 * @param commandLine     how the scan was asked for, for reports ({@code netsweep -p 22 10.0.0.0/24})
 * @param method          the TCP scan asked for ({@code -sS}, {@code -sT}, or neither)
 * @param udpPorts        UDP ports to probe on each host that is up ({@code -sU}); empty for no UDP scan
 * @param shard           the part of the work this process does ({@code --shard}; see {@link WorkSplit}), or empty
 *                        for all of it
 */
public record ScanRequest(
        TargetSet targets, PortSet ports, DiscoveryMode discovery, ScanTiming timing, DnsMode dnsMode,
        List<InetSocketAddress> dnsServers, Duration dnsTimeout, boolean identify, DetectOptions detectOptions,
        Set<PortState> reportStates,
        boolean reportDownHosts, long seed, String commandLine, PortScanMethod method, PortSet udpPorts,
        Optional<Shard> shard) {

    public static final Duration DEFAULT_DNS_TIMEOUT = Duration.ofSeconds(2);

    public ScanRequest {
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(dnsMode, "dnsMode");
        dnsServers = List.copyOf(dnsServers);
        Objects.requireNonNull(dnsTimeout, "dnsTimeout");
        Objects.requireNonNull(detectOptions, "detectOptions");
        reportStates = reportStates.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(reportStates));
        Objects.requireNonNull(commandLine, "commandLine");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(udpPorts, "udpPorts");
        Objects.requireNonNull(shard, "shard");
        if (ports.isEmpty() && udpPorts.isEmpty() && discovery != DiscoveryMode.DISCOVERY_ONLY) {
            throw new IllegalArgumentException("no ports to scan");
        }
    }

    /** This request, for the part of its work {@code shard} names (all of it when empty). */
    public ScanRequest withShard(Optional<Shard> part) {
        return new ScanRequest(targets, ports, discovery, timing, dnsMode, dnsServers, dnsTimeout, identify,
                detectOptions, reportStates, reportDownHosts, seed, commandLine, method, udpPorts, part);
    }

    /** This request with other targets (the store keeps a part of a split scan as a scan of its own addresses). */
    public ScanRequest withTargets(TargetSet other) {
        return new ScanRequest(other, ports, discovery, timing, dnsMode, dnsServers, dnsTimeout, identify,
                detectOptions, reportStates, reportDownHosts, seed, commandLine, method, udpPorts, shard);
    }

    public static Builder builder(TargetSet targets, PortSet ports) {
        return new Builder(targets, ports);
    }

    /** Builds a {@link ScanRequest}; defaults are those of a plain {@code netsweep TARGET}. Not thread-safe. */
    public static final class Builder {
        private final TargetSet targets;
        private final PortSet ports;
        private DiscoveryMode discovery = DiscoveryMode.DISCOVER_THEN_SCAN;
        private ScanTiming timing = ScanTiming.defaults();
        private DnsMode dnsMode = DnsMode.UP_HOSTS;
        private List<InetSocketAddress> dnsServers = List.of();
        private Duration dnsTimeout = DEFAULT_DNS_TIMEOUT;
        private boolean identify;
        private DetectOptions detectOptions = DetectOptions.defaults();
        private Set<PortState> reportStates = EnumSet.of(PortState.OPEN);
        private boolean reportDownHosts;
        private long seed = System.nanoTime();
        private String commandLine = "netsweep";
        private PortScanMethod method = PortScanMethod.DEFAULT;
        private PortSet udpPorts = PortSet.empty();
        private Optional<Shard> shard = Optional.empty();

        private Builder(TargetSet targets, PortSet ports) {
            this.targets = targets;
            this.ports = ports;
        }

        public Builder discovery(DiscoveryMode m) { this.discovery = m; return this; }
        public Builder timing(ScanTiming t) { this.timing = t; return this; }
        public Builder dnsMode(DnsMode m) { this.dnsMode = m; return this; }
        public Builder dnsServers(List<InetSocketAddress> s) { this.dnsServers = s; return this; }
        public Builder dnsTimeout(Duration t) { this.dnsTimeout = t; return this; }
        public Builder identify(boolean on) { this.identify = on; return this; }
        public Builder detectOptions(DetectOptions o) { this.detectOptions = o; return this; }
        public Builder reportStates(Set<PortState> s) { this.reportStates = s; return this; }
        public Builder reportDownHosts(boolean on) { this.reportDownHosts = on; return this; }
        public Builder seed(long s) { this.seed = s; return this; }
        public Builder commandLine(String c) { this.commandLine = c; return this; }
        public Builder method(PortScanMethod m) { this.method = m; return this; }
        public Builder udpPorts(PortSet p) { this.udpPorts = p; return this; }
        public Builder shard(Shard s) { this.shard = Optional.of(s); return this; }

        public ScanRequest build() {
            return new ScanRequest(targets, ports, discovery, timing, dnsMode, dnsServers, dnsTimeout, identify,
                    detectOptions, reportStates, reportDownHosts, seed, commandLine, method, udpPorts, shard);
        }
    }
}
