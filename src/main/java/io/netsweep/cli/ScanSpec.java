package io.netsweep.cli;

import io.netsweep.portscan.PortState;
import io.netsweep.scan.DiscoveryMode;
import io.netsweep.scan.DnsMode;
import io.netsweep.scan.PortScanMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A scan as a person asked for it, before validation: the raw tokens of the command line, of the web form or of
 * an MCP tool call, each built with a {@link #builder}. {@link ScanRequests#build} turns it into a validated
 * request or one clear error. {@code tcpScan} is whether TCP ports are scanned, {@code udpScan} whether UDP ports
 * are (at least one of them).
 */
record ScanSpec(
        List<String> targets, List<Path> targetFiles, List<String> excludes, List<Path> excludeFiles,
        boolean includeNetworkAndBroadcast, boolean allowLarge, boolean resolveAll,
        Optional<String> ports, Optional<String> preset, OptionalInt topPorts,
        DiscoveryMode discovery, OptionalInt timingTemplate, OptionalInt concurrency, OptionalInt timeoutMs,
        OptionalInt retries, OptionalDouble rate, OptionalLong seed,
        DnsMode dnsMode, List<String> dnsServers, OptionalInt dnsTimeoutMs,
        Optional<Boolean> identify, OptionalInt versionTimeoutMs, OptionalInt versionConcurrency,
        Set<PortState> show, boolean showDown, String commandLine, PortScanMethod method, boolean udpScan,
        boolean tcpScan) {

    ScanSpec {
        targets = List.copyOf(targets);
        targetFiles = List.copyOf(targetFiles);
        excludes = List.copyOf(excludes);
        excludeFiles = List.copyOf(excludeFiles);
        dnsServers = List.copyOf(dnsServers);
        show = Set.copyOf(show);
        if (!tcpScan && !udpScan) {
            throw new IllegalArgumentException("a spec scans TCP, UDP or both");
        }
    }

    /**
     * A spec of {@code commandLine} (as the scan store lists it) with every other part at its default: no targets,
     * discovery then a scan of the default ports, reverse DNS of up hosts, open ports shown, the default method,
     * and TCP scanned by nmap's rule (see {@link Builder#tcpScan}).
     */
    static Builder builder(String commandLine) {
        return new Builder(commandLine);
    }

    /** Sets the parts of a {@link ScanSpec} one by one; each setter replaces the part. Not thread-safe. */
    static final class Builder {
        private List<String> targets = List.of();
        private List<Path> targetFiles = List.of();
        private List<String> excludes = List.of();
        private List<Path> excludeFiles = List.of();
        private boolean includeNetworkAndBroadcast;
        private boolean allowLarge;
        private boolean resolveAll;
        private Optional<String> ports = Optional.empty();
        private Optional<String> preset = Optional.empty();
        private OptionalInt topPorts = OptionalInt.empty();
        private DiscoveryMode discovery = DiscoveryMode.DISCOVER_THEN_SCAN;
        private OptionalInt timingTemplate = OptionalInt.empty();
        private OptionalInt concurrency = OptionalInt.empty();
        private OptionalInt timeoutMs = OptionalInt.empty();
        private OptionalInt retries = OptionalInt.empty();
        private OptionalDouble rate = OptionalDouble.empty();
        private OptionalLong seed = OptionalLong.empty();
        private DnsMode dnsMode = DnsMode.UP_HOSTS;
        private List<String> dnsServers = List.of();
        private OptionalInt dnsTimeoutMs = OptionalInt.empty();
        private Optional<Boolean> identify = Optional.empty();
        private OptionalInt versionTimeoutMs = OptionalInt.empty();
        private OptionalInt versionConcurrency = OptionalInt.empty();
        private Set<PortState> show = Set.of(PortState.OPEN);
        private boolean showDown;
        private final String commandLine;
        private PortScanMethod method = PortScanMethod.DEFAULT;
        private boolean udpScan;
        private Optional<Boolean> tcpScan = Optional.empty();

        private Builder(String commandLine) {
            this.commandLine = commandLine;
        }

        Builder targets(List<String> targets, List<Path> targetFiles) {
            this.targets = targets;
            this.targetFiles = targetFiles;
            return this;
        }

        Builder excludes(List<String> excludes, List<Path> excludeFiles) {
            this.excludes = excludes;
            this.excludeFiles = excludeFiles;
            return this;
        }

        Builder includeNetworkAndBroadcast(boolean include) {
            this.includeNetworkAndBroadcast = include;
            return this;
        }

        Builder allowLarge(boolean allow) {
            this.allowLarge = allow;
            return this;
        }

        Builder resolveAll(boolean all) {
            this.resolveAll = all;
            return this;
        }

        Builder ports(Optional<String> ports) {
            this.ports = ports;
            return this;
        }

        Builder preset(Optional<String> preset) {
            this.preset = preset;
            return this;
        }

        Builder topPorts(OptionalInt topPorts) {
            this.topPorts = topPorts;
            return this;
        }

        Builder discovery(DiscoveryMode discovery) {
            this.discovery = discovery;
            return this;
        }

        Builder timingTemplate(OptionalInt template) {
            this.timingTemplate = template;
            return this;
        }

        Builder concurrency(OptionalInt concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        Builder timeoutMs(OptionalInt timeoutMs) {
            this.timeoutMs = timeoutMs;
            return this;
        }

        Builder retries(OptionalInt retries) {
            this.retries = retries;
            return this;
        }

        Builder rate(OptionalDouble rate) {
            this.rate = rate;
            return this;
        }

        Builder seed(OptionalLong seed) {
            this.seed = seed;
            return this;
        }

        Builder dns(DnsMode mode, List<String> servers, OptionalInt timeoutMs) {
            this.dnsMode = mode;
            this.dnsServers = servers;
            this.dnsTimeoutMs = timeoutMs;
            return this;
        }

        Builder identify(Optional<Boolean> identify) {
            this.identify = identify;
            return this;
        }

        Builder versionTimeoutMs(OptionalInt timeoutMs) {
            this.versionTimeoutMs = timeoutMs;
            return this;
        }

        Builder versionConcurrency(OptionalInt concurrency) {
            this.versionConcurrency = concurrency;
            return this;
        }

        /** The port states reported (open among them) and whether down hosts are. */
        Builder show(Set<PortState> states, boolean down) {
            this.show = states;
            this.showDown = down;
            return this;
        }

        Builder method(PortScanMethod method) {
            this.method = method;
            return this;
        }

        Builder udpScan(boolean udp) {
            this.udpScan = udp;
            return this;
        }

        /**
         * Whether TCP ports are scanned. Unless set, nmap's rule decides: they are, except with a UDP scan and
         * neither {@code -sS} nor {@code -sT} ({@link PortScanMethod#DEFAULT}).
         */
        Builder tcpScan(boolean tcp) {
            this.tcpScan = Optional.of(tcp);
            return this;
        }

        /** @throws IllegalArgumentException if neither TCP nor UDP is scanned */
        ScanSpec build() {
            return new ScanSpec(targets, targetFiles, excludes, excludeFiles, includeNetworkAndBroadcast, allowLarge,
                    resolveAll, ports, preset, topPorts, discovery, timingTemplate, concurrency, timeoutMs, retries,
                    rate, seed, dnsMode, dnsServers, dnsTimeoutMs, identify, versionTimeoutMs, versionConcurrency,
                    show, showDown, commandLine, method, udpScan,
                    tcpScan.orElse(!udpScan || method != PortScanMethod.DEFAULT));
        }
    }
}
