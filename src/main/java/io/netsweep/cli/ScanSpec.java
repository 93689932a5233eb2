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
 * A scan as a person asked for it, before validation: the raw tokens of the command line or of the
 * web form. {@link ScanRequests#build} turns it into a validated request or one clear error.
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

    /**
     * A spec whose TCP scan follows nmap's rule: TCP ports are scanned, except with {@code -sU} and neither
     * {@code -sS} nor {@code -sT}.
     */
    ScanSpec(List<String> targets, List<Path> targetFiles, List<String> excludes, List<Path> excludeFiles,
            boolean includeNetworkAndBroadcast, boolean allowLarge, boolean resolveAll,
            Optional<String> ports, Optional<String> preset, OptionalInt topPorts,
            DiscoveryMode discovery, OptionalInt timingTemplate, OptionalInt concurrency, OptionalInt timeoutMs,
            OptionalInt retries, OptionalDouble rate, OptionalLong seed,
            DnsMode dnsMode, List<String> dnsServers, OptionalInt dnsTimeoutMs,
            Optional<Boolean> identify, OptionalInt versionTimeoutMs, OptionalInt versionConcurrency,
            Set<PortState> show, boolean showDown, String commandLine, PortScanMethod method, boolean udpScan) {
        this(targets, targetFiles, excludes, excludeFiles, includeNetworkAndBroadcast, allowLarge, resolveAll, ports,
                preset, topPorts, discovery, timingTemplate, concurrency, timeoutMs, retries, rate, seed, dnsMode,
                dnsServers, dnsTimeoutMs, identify, versionTimeoutMs, versionConcurrency, show, showDown, commandLine,
                method, udpScan, !udpScan || method != PortScanMethod.DEFAULT);
    }

    /** A spec without a UDP scan (the web form's). */
    ScanSpec(List<String> targets, List<Path> targetFiles, List<String> excludes, List<Path> excludeFiles,
            boolean includeNetworkAndBroadcast, boolean allowLarge, boolean resolveAll,
            Optional<String> ports, Optional<String> preset, OptionalInt topPorts,
            DiscoveryMode discovery, OptionalInt timingTemplate, OptionalInt concurrency, OptionalInt timeoutMs,
            OptionalInt retries, OptionalDouble rate, OptionalLong seed,
            DnsMode dnsMode, List<String> dnsServers, OptionalInt dnsTimeoutMs,
            Optional<Boolean> identify, OptionalInt versionTimeoutMs, OptionalInt versionConcurrency,
            Set<PortState> show, boolean showDown, String commandLine, PortScanMethod method) {
        this(targets, targetFiles, excludes, excludeFiles, includeNetworkAndBroadcast, allowLarge, resolveAll, ports,
                preset, topPorts, discovery, timingTemplate, concurrency, timeoutMs, retries, rate, seed, dnsMode,
                dnsServers, dnsTimeoutMs, identify, versionTimeoutMs, versionConcurrency, show, showDown, commandLine,
                method, false);
    }

    /** Whether TCP ports are scanned (on the command line: always, except with {@code -sU} alone). */
    boolean scansTcp() {
        return tcpScan;
    }

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
}
