package io.netsweep.scan;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.dns.DnsStatus;
import io.netsweep.finding.Finding;
import io.netsweep.port.PortSet;
import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.portscan.ScanType;
import io.netsweep.service.ServiceReport;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a scan reports, as it happens. The family is closed: consumers switch over it
 * exhaustively, so a new kind of event fails the build wherever it is not handled yet.
 *
 * <p>A scan emits exactly one {@link Started} first and exactly one terminal event
 * ({@link Finished}, {@link Cancelled} or {@link Failed}) last; a scan that cannot even start (no
 * socket could be opened, say) emits only {@link Failed}. For each host, {@link HostUp}
 * (or {@link HostDown}) comes before its ports, names and services, and {@link HostCompleted}
 * after them; nothing about a host follows its {@code HostCompleted}. All records are immutable.
 *
 * <p>How a scan ended says what a host without {@link HostCompleted} means. After {@link Finished},
 * every host that was reported had its {@code HostCompleted}. After {@link Cancelled} or {@link Failed},
 * the hosts reported and not completed are exactly those still being scanned when the scan stopped:
 * what was found about them before the stop is delivered, and nothing more comes about them (neither
 * a late result nor a {@code HostCompleted}), so an output can list them as unfinished. No host is
 * reported after the stop.
 */
public sealed interface ScanEvent {

    /**
     * The scan began.
     *
     * @param scanType        the TCP scan that runs (connect for a discovery-only scan)
     * @param ports           the TCP ports scanned on each host (empty for a UDP-only or discovery-only scan)
     * @param synUnavailable  {@code -sS} was asked for, and the connect scan runs instead: the process may not
     *                        open raw sockets (it needs root or CAP_NET_RAW)
     * @param targetCount     the targets this process scans (a shard's own with {@code --shard})
     * @param udpPorts        the UDP ports scanned on each host ({@code -sU}); empty without a UDP scan
     * @param shard           which part of a sharded scan this is ({@code --shard}), or empty for a whole scan
     */
    record Started(
            Instant at, String commandLine, long targetCount, PortSet ports, DiscoveryMethod discovery,
            ScanType scanType, boolean synUnavailable, PortSet udpPorts, Optional<ShardMark> shard)
            implements ScanEvent {
        public Started {
            Objects.requireNonNull(scanType, "scanType");
            Objects.requireNonNull(udpPorts, "udpPorts");
            Objects.requireNonNull(shard, "shard");
        }

        /** A whole scan's start, with a UDP scan or without ({@code udpPorts} empty). */
        public Started(Instant at, String commandLine, long targetCount, PortSet ports, DiscoveryMethod discovery,
                ScanType scanType, boolean synUnavailable, PortSet udpPorts) {
            this(at, commandLine, targetCount, ports, discovery, scanType, synUnavailable, udpPorts, Optional.empty());
        }

        /** A part of a scan without a UDP scan ({@code --shard}), or a whole one ({@code shard} empty). */
        public Started(Instant at, String commandLine, long targetCount, PortSet ports, DiscoveryMethod discovery,
                ScanType scanType, boolean synUnavailable, Optional<ShardMark> shard) {
            this(at, commandLine, targetCount, ports, discovery, scanType, synUnavailable, PortSet.empty(), shard);
        }

        /** A whole scan's start without a UDP scan. */
        public Started(Instant at, String commandLine, long targetCount, PortSet ports, DiscoveryMethod discovery,
                ScanType scanType, boolean synUnavailable) {
            this(at, commandLine, targetCount, ports, discovery, scanType, synUnavailable, PortSet.empty(),
                    Optional.empty());
        }

        /** A connect scan's start (a scan stored without its type replays as one). */
        public Started(Instant at, String commandLine, long targetCount, PortSet ports, DiscoveryMethod discovery) {
            this(at, commandLine, targetCount, ports, discovery, ScanType.CONNECT, false);
        }
    }

    /** A host is up. */
    record HostUp(HostInfo host) implements ScanEvent {}

    /** A target did not answer discovery. Emitted only where the request asks for down hosts. */
    record HostDown(InetAddress address) implements ScanEvent {}

    /**
     * A port's state is known. Only states the request asks to report are emitted. A UDP port that answered is
     * reported as soon as its answer arrives.
     *
     * @param service  IANA service name for the port (of its protocol), or {@code unknown}
     * @param reason   {@code syn-ack}, {@code conn-refused}, {@code no-response}, {@code host-unreach}; for UDP
     *                 {@code udp-response}, {@code port-unreach}, ...
     * @param protocol TCP or UDP: {@code 53/tcp} and {@code 53/udp} are two ports
     */
    record PortObserved(
            InetAddress address, int port, PortState state, String service, String reason,
            Optional<Duration> rtt, Protocol protocol) implements ScanEvent {
        public PortObserved {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(rtt, "rtt");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** A TCP port's state. */
        public PortObserved(InetAddress address, int port, PortState state, String service, String reason,
                Optional<Duration> rtt) {
            this(address, port, state, service, reason, rtt, Protocol.TCP);
        }
    }

    /** A reverse lookup ended; {@code hostname} is present only when {@code status} is OK. */
    record HostnameResolved(InetAddress address, Optional<String> hostname, DnsStatus status)
            implements ScanEvent {}

    /**
     * Service detection ({@code -sV}) learned what listens on an open port: the service, and where it said so
     * its product, version, extra information, CPE names, the TLS summary, or for an unrecognised service its
     * first bytes; for an AI/ML product, {@link ServiceReport#ai()} holds its category, auth state and models.
     * Emitted only for ports that answered something: a port that accepted and stayed silent has none. On a UDP
     * port ({@code protocol} UDP), what the UDP probes of service detection (DNS, NTP, SNMP, mDNS, SSDP) answered.
     */
    record ServiceIdentified(InetAddress address, int port, ServiceReport report, Protocol protocol)
            implements ScanEvent {
        public ServiceIdentified {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** A TCP port's service. */
        public ServiceIdentified(InetAddress address, int port, ServiceReport report) {
            this(address, port, report, Protocol.TCP);
        }
    }

    /**
     * Something about an open port deserves attention (an AI service or MCP server that answers anyone, a
     * version a known advisory names), judged from that port's {@link ServiceIdentified} report, which comes
     * before it. {@code protocol} is that report's: a finding on 161/udp is not one on 161/tcp.
     */
    record FindingRaised(InetAddress address, int port, Finding finding, Protocol protocol) implements ScanEvent {
        public FindingRaised {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(finding, "finding");
            Objects.requireNonNull(protocol, "protocol");
        }

        /** A finding on a TCP port. */
        public FindingRaised(InetAddress address, int port, Finding finding) {
            this(address, port, finding, Protocol.TCP);
        }
    }

    /**
     * Nothing more will be reported about this host.
     *
     * @param notShown the host's ports whose state was probed but not reported (states outside the
     *                 request's {@link ScanRequest#reportStates}), by state: what nmap prints as
     *                 "Not shown"
     */
    record HostCompleted(InetAddress address, PortCounts notShown) implements ScanEvent {
        public HostCompleted {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(notShown, "notShown");
        }

        /** A host none of whose probed ports went unreported. */
        public HostCompleted(InetAddress address) {
            this(address, PortCounts.NONE);
        }
    }

    /**
     * How far the scan has come. {@code total} may grow while hosts are being discovered.
     *
     * @param done           work items done (discovery probes and port probes)
     * @param total          work items known so far
     * @param ratePerSecond  recent probe rate
     * @param eta            estimated time left, once it can be estimated
     * @param firstUnsettled the lowest target (in {@link io.netsweep.target.AddressOrder}) whose outcome is
     *                       not settled yet: every lower target was found down or has had its
     *                       {@link HostCompleted} before this event, so a writer may print those hosts in
     *                       address order. Empty when not known (not tracked) and once every target
     *                       has settled (the terminal event follows).
     */
    record Progress(long done, long total, double ratePerSecond, Duration elapsed, Optional<Duration> eta,
                    Optional<InetAddress> firstUnsettled) implements ScanEvent {
        public Progress {
            Objects.requireNonNull(elapsed, "elapsed");
            Objects.requireNonNull(eta, "eta");
            Objects.requireNonNull(firstUnsettled, "firstUnsettled");
        }

        /** Progress that says nothing about which targets have settled. */
        public Progress(long done, long total, double ratePerSecond, Duration elapsed, Optional<Duration> eta) {
            this(done, total, ratePerSecond, elapsed, eta, Optional.empty());
        }
    }

    /** The scan ran to its end. */
    record Finished(ScanSummary summary) implements ScanEvent {}

    /**
     * The scan was cancelled; every result found before is kept. Hosts reported without a
     * {@link HostCompleted} were still being scanned (see above).
     */
    record Cancelled(ScanSummary summary) implements ScanEvent {}

    /**
     * The scan could not go on; {@code message} is one line for a person. As with {@link Cancelled},
     * hosts reported without a {@link HostCompleted} were still being scanned.
     */
    record Failed(String message, ScanSummary summary) implements ScanEvent {}
}
