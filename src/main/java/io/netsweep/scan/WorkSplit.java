package io.netsweep.scan;

import io.netsweep.port.PortSet;
import io.netsweep.target.Shard;
import io.netsweep.target.ShardSplit;
import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The part of a scan's work that this process does: all of it, or one shard's ({@code --shard I/N}).
 *
 * <p>The rule: a scan splits <b>by address</b> ({@link Kind#ADDRESS}) when it only discovers hosts ({@code -sn}), or
 * when it has at least {@value #ADDRESSES_PER_SHARD} addresses per shard: each shard discovers, scans and
 * reports its own addresses, whole. A port scan of fewer addresses (a few hosts, many ports) splits <b>by
 * address and port</b> ({@link Kind#ADDRESS_PORT}): every shard takes every address through discovery (or
 * {@code -Pn}) and reports its state, and scans only its own share of each host's ports: of its (protocol, port)
 * pairs, the TCP ports first, then the UDP ones ({@code -sU}), so that each (address, protocol, port) is scanned by
 * exactly one shard. A host's state is then
 * reported by every shard and its ports by several; {@code netsweep merge} reports it up when any part found it
 * up (an answer is proof; a missed probe is not), with the union of the parts' ports.
 *
 * <p>Immutable and thread-safe.
 */
public final class WorkSplit {
    /** Addresses per shard from which a port scan splits by address alone. */
    public static final int ADDRESSES_PER_SHARD = 16;

    /** How the work is split. */
    public enum Kind {
        /** Each address belongs to one shard. */
        ADDRESS("address"),
        /** Each (address, port) pair belongs to one shard; every shard discovers every address. */
        ADDRESS_PORT("address-port");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The name outputs write: {@code address} or {@code address-port}. */
        public String label() {
            return label;
        }

        /** The kind a label names. */
        public static Optional<Kind> byLabel(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    private final ScanRequest request;
    private final TargetSet targets;
    private final Optional<ShardMark> mark;
    private final ShardSplit.Pairs pairs; // null unless split by address and port

    private WorkSplit(ScanRequest request, TargetSet targets, Optional<ShardMark> mark, ShardSplit.Pairs pairs) {
        this.request = request;
        this.targets = targets;
        this.mark = mark;
        this.pairs = pairs;
    }

    /** The work of {@code request}: its shard's, when it has one. */
    public static WorkSplit of(ScanRequest request) {
        if (request.shard().isEmpty()) {
            return new WorkSplit(request, request.targets(), Optional.empty(), null);
        }
        Shard shard = request.shard().get();
        Kind kind = kind(request, shard.count());
        ShardMark mark = new ShardMark(shard, kind, request.seed(), ScanOptionsDigest.of(request));
        if (kind == Kind.ADDRESS) {
            return new WorkSplit(request, ShardSplit.addresses(request.targets(), request.seed(), shard),
                    Optional.of(mark), null);
        }
        return new WorkSplit(request, request.targets(), Optional.of(mark),
                ShardSplit.pairs(request.targets().size(), request.ports().size() + request.udpPorts().size(),
                        request.seed(), shard.count()));
    }

    /** The split {@code request} gets when cut into {@code count} shards. */
    public static Kind kind(ScanRequest request, int count) {
        boolean portScan = request.discovery() != DiscoveryMode.DISCOVERY_ONLY;
        return portScan && request.targets().size() < (long) ADDRESSES_PER_SHARD * count ? Kind.ADDRESS_PORT : Kind.ADDRESS;
    }

    /** The targets this process discovers (or takes as up with {@code -Pn}). */
    public TargetSet targets() {
        return targets;
    }

    /** What the outputs record of the shard; empty for a whole scan. */
    public Optional<ShardMark> mark() {
        return mark;
    }

    /** The TCP ports this process scans on {@code host}, one of {@link #targets()}; may be empty. */
    public PortSet portsOf(InetAddress host) {
        return pairs == null ? request.ports() : mine(host, request.ports(), 0);
    }

    /** The UDP ports this process scans on {@code host}, one of {@link #targets()}; may be empty. */
    public PortSet udpPortsOf(InetAddress host) {
        return pairs == null ? request.udpPorts() : mine(host, request.udpPorts(), request.ports().size());
    }

    /** This shard's share of {@code ports}, whose pair indexes start at {@code first} (UDP's after TCP's). */
    private PortSet mine(InetAddress host, PortSet ports, int first) {
        long index = request.targets().indexOf(host);
        if (index < 0 || ports.isEmpty()) {
            return PortSet.empty();
        }
        int self = mark.orElseThrow().shard().index();
        int[] mine = new int[ports.size()];
        int n = 0;
        for (int k = 0; k < ports.size(); k++) {
            if (pairs.owner(index, first + k) == self) {
                mine[n++] = ports.get(k);
            }
        }
        return PortSet.of(java.util.Arrays.copyOf(mine, n));
    }

    /** TCP ports per host on average, for progress. */
    long portsPerHost() {
        return share(request.ports().size());
    }

    /** UDP ports per host on average, for progress. */
    long udpPortsPerHost() {
        return share(request.udpPorts().size());
    }

    private long share(int ports) {
        int count = mark.map(m -> m.shard().count()).orElse(1);
        return pairs == null ? ports : Math.ceilDiv(ports, count);
    }
}
