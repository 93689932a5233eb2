package io.netsweep.store;

import io.netsweep.port.PortSet;
import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
import io.netsweep.target.TargetSet;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What changed from one stored scan to another. Hosts are matched by MAC where both scans saw one (so a host
 * that moved address is one host that moved), then by address. A host or port counts as gone only where the
 * new scan looked (its targets, its ports), and as new only where the old one looked, so scans of different
 * ports or ranges compare without noise. Names compare where both lookups got an answer; services and
 * findings, TCP's and UDP's apart, where both scans identified the port, and the findings of a port that opened or a host that
 * appeared are new. Stateless.
 *
 * @param older   the earlier scan
 * @param newer   the later scan
 * @param changes in address order, then by port
 */
public record ScanDiff(ScanEntry older, ScanEntry newer, List<Change> changes) {
    public ScanDiff {
        Objects.requireNonNull(older, "older");
        Objects.requireNonNull(newer, "newer");
        changes = List.copyOf(changes);
    }

    /** Compares {@code a} (older) with {@code b} (newer). */
    public static ScanDiff of(StoredScan a, StoredScan b) {
        List<StoredScan.Host> olds = a.hosts().stream().filter(StoredScan.Host::up).toList();
        List<StoredScan.Host> news = b.hosts().stream().filter(StoredScan.Host::up).toList();
        Map<String, StoredScan.Host> oldByMac = new HashMap<>();
        Map<InetAddress, StoredScan.Host> oldByAddress = new LinkedHashMap<>();
        for (StoredScan.Host h : olds) {
            h.mac().ifPresent(m -> oldByMac.putIfAbsent(m, h));
            oldByAddress.putIfAbsent(h.address(), h);
        }
        Set<StoredScan.Host> paired = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Change> changes = new ArrayList<>();
        Optional<StoredPorts.Ports> oldPorts = StoredPorts.parse(a.entry().ports());
        Optional<StoredPorts.Ports> newPorts = StoredPorts.parse(b.entry().ports());
        Optional<TargetSet> oldTargets = TargetKey.targets(a.entry().targetKey());
        Optional<TargetSet> newTargets = TargetKey.targets(b.entry().targetKey());
        List<StoredScan.Host> unpairedNew = new ArrayList<>();
        for (StoredScan.Host n : news) {
            StoredScan.Host o = n.mac().map(oldByMac::get).orElse(null);
            if (o != null && !paired.contains(o)) {
                paired.add(o);
                if (!o.address().equals(n.address())) {
                    changes.add(new Change.HostMoved(o.address(), n.address(), n.mac().orElseThrow()));
                }
                compare(o, n, oldPorts, newPorts, changes);
            } else {
                unpairedNew.add(n);
            }
        }
        for (StoredScan.Host n : unpairedNew) {
            StoredScan.Host o = oldByAddress.get(n.address());
            if (o != null && !paired.contains(o)) {
                paired.add(o);
                if (o.mac().isPresent() && n.mac().isPresent() && !o.mac().equals(n.mac())) {
                    changes.add(new Change.MacChanged(n.address(), o.mac().get(), n.mac().get()));
                }
                compare(o, n, oldPorts, newPorts, changes);
            } else if (oldTargets.map(t -> t.contains(n.address())).orElse(true)) {
                changes.add(new Change.HostAppeared(n.address(), n.mac(), n.hostname(),
                        Arrays.stream(open(n, Protocol.TCP)).boxed().toList(),
                        Arrays.stream(open(n, Protocol.UDP)).boxed().toList()));
                for (StoredScan.Finding f : n.findings()) {
                    changes.add(raised(n, f));
                }
            }
        }
        for (StoredScan.Host o : olds) {
            if (!paired.contains(o) && newTargets.map(t -> t.contains(o.address())).orElse(true)) {
                changes.add(new Change.HostGone(o.address(), o.mac(), o.hostname()));
            }
        }
        return new ScanDiff(a.entry(), b.entry(), sorted(changes));
    }

    private static void compare(StoredScan.Host o, StoredScan.Host n, Optional<StoredPorts.Ports> oldScanned,
                                Optional<StoredPorts.Ports> newScanned, List<Change> changes) {
        compare(o, n, Protocol.TCP, oldScanned.map(StoredPorts.Ports::tcp), newScanned.map(StoredPorts.Ports::tcp),
                changes);
        compare(o, n, Protocol.UDP, oldScanned.map(StoredPorts.Ports::udp), newScanned.map(StoredPorts.Ports::udp),
                changes);
        if (answered(o) && answered(n) && !o.hostname().equals(n.hostname())) {
            changes.add(new Change.HostnameChanged(n.address(), o.hostname(), n.hostname()));
        }
    }

    /** One protocol's port changes, with the services and findings of that protocol's ports. */
    private static void compare(StoredScan.Host o, StoredScan.Host n, Protocol proto, Optional<PortSet> oldPorts,
                                Optional<PortSet> newPorts, List<Change> changes) {
        // Where both scans stored the same services and findings for the host (most hosts, most days), no port
        // still open can have a service changed or a finding raised or gone: skip describing each.
        boolean sameReports = o.services().equals(n.services()) && o.findings().equals(n.findings());
        int[] oldOpen = open(o, proto);
        int[] newOpen = open(n, proto);
        for (int port : newOpen) {
            if (!contains(oldOpen, port) && covers(oldPorts, port)) {
                StoredScan.Port p = port(n, proto, port).orElseThrow();
                Optional<StoredScan.Service> s = best(n, proto, port);
                changes.add(new Change.PortOpened(n.address(), port, s.flatMap(StoredScan.Service::name)
                        .orElse(p.service()), s.flatMap(StoredScan.Service::product),
                        s.flatMap(StoredScan.Service::version), proto));
                for (StoredScan.Finding f : n.findings()) {
                    if (f.port() == port && f.protocol() == proto) {
                        changes.add(raised(n, f));
                    }
                }
            }
        }
        for (int port : oldOpen) {
            boolean stillOpen = contains(newOpen, port);
            if (!stillOpen && covers(newPorts, port)) {
                String state = port(n, proto, port).map(p -> p.state().label()).orElse(unreported(n, proto));
                changes.add(new Change.PortClosed(n.address(), port, port(o, proto, port).orElseThrow().service(),
                        state, proto));
            }
            if (stillOpen && !sameReports) {
                Optional<String> before = best(o, proto, port).map(ScanDiff::describe);
                Optional<String> after = best(n, proto, port).map(ScanDiff::describe);
                if (before.isPresent() && after.isPresent() && !before.equals(after)) {
                    changes.add(new Change.ServiceChanged(n.address(), port, before.get(), after.get(), proto));
                }
                if (o.identified(proto, port) && n.identified(proto, port)) {
                    findings(o, n, proto, port, changes);
                }
            }
        }
    }

    /** The findings on a port open and identified in both scans: those raised in one and not the other. */
    private static void findings(StoredScan.Host o, StoredScan.Host n, Protocol proto, int port,
                                 List<Change> changes) {
        for (StoredScan.Finding f : n.findings()) {
            if (f.port() == port && f.protocol() == proto && !raises(o, proto, port, f.id())) {
                changes.add(raised(n, f));
            }
        }
        for (StoredScan.Finding f : o.findings()) {
            if (f.port() == port && f.protocol() == proto && !raises(n, proto, port, f.id())) {
                changes.add(new Change.FindingGone(n.address(), port, f.id(), f.severity(), f.title(), proto));
            }
        }
    }

    private static boolean raises(StoredScan.Host h, Protocol proto, int port, String id) {
        for (StoredScan.Finding f : h.findings()) {
            if (f.port() == port && f.protocol() == proto && f.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static Change.FindingRaised raised(StoredScan.Host n, StoredScan.Finding f) {
        return new Change.FindingRaised(n.address(), f.port(), f.id(), f.severity(), f.title(), f.protocol());
    }

    /** Whether a scan of {@code ports} (empty: not known) probed {@code port}. */
    private static boolean covers(Optional<PortSet> ports, int port) {
        return ports.isEmpty() || ports.get().contains(port);
    }

    /**
     * The state of a port the new scan probed but did not report, from the host's "not shown" counts (TCP and UDP
     * together): the one state of the port's protocol that has ports, else {@code not open}. A UDP port may also be
     * open|filtered, so closed alone does not make it closed.
     */
    private static String unreported(StoredScan.Host h, Protocol proto) {
        PortCounts c = h.notShown();
        int openFiltered = proto == Protocol.UDP ? c.openFiltered() : 0;
        if (c.filtered() == 0 && openFiltered == 0 && c.closed() > 0) {
            return PortState.CLOSED.label();
        }
        if (c.closed() == 0 && openFiltered == 0 && c.filtered() > 0) {
            return PortState.FILTERED.label();
        }
        if (c.closed() == 0 && c.filtered() == 0 && openFiltered > 0) {
            return PortState.OPEN_FILTERED.label();
        }
        return "not open";
    }

    /** A lookup that said something definite: a name, or that there is none. */
    private static boolean answered(StoredScan.Host h) {
        return h.dns().map(d -> d.equals("ok") || d.equals("nxdomain")).orElse(false);
    }

    /** The host's open ports of {@code protocol}, ascending, each once. */
    private static int[] open(StoredScan.Host h, Protocol protocol) {
        int[] open = new int[h.ports().size()];
        int n = 0;
        for (StoredScan.Port p : h.ports()) {
            if (p.state() == PortState.OPEN && p.protocol() == protocol) {
                open[n++] = p.port();
            }
        }
        Arrays.sort(open, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || open[distinct - 1] != open[i]) {
                open[distinct++] = open[i];
            }
        }
        return Arrays.copyOf(open, distinct);
    }

    private static boolean contains(int[] sorted, int port) {
        return Arrays.binarySearch(sorted, port) >= 0;
    }

    /** The port's reported state (the first, were it reported twice). */
    private static Optional<StoredScan.Port> port(StoredScan.Host h, Protocol protocol, int port) {
        for (StoredScan.Port p : h.ports()) {
            if (p.port() == port && p.protocol() == protocol) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The service report of a port to compare: one that names a product, detectors in a fixed order (the first
     * stored of a detector's, were there two).
     */
    private static Optional<StoredScan.Service> best(StoredScan.Host h, Protocol protocol, int port) {
        StoredScan.Service best = null;
        for (StoredScan.Service s : h.services()) {
            if (s.port() == port && s.protocol() == protocol && s.product().isPresent()
                    && (best == null || s.kind().compareTo(best.kind()) < 0)) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String describe(StoredScan.Service s) {
        StringBuilder sb = new StringBuilder(s.product().orElse(""));
        s.version().ifPresent(v -> sb.append(' ').append(v));
        s.detail().ifPresent(d -> sb.append(" (").append(d).append(')'));
        return sb.toString();
    }

    /**
     * The changes in address order ({@link io.netsweep.target.AddressOrder}), then by kind ({@link #rank}) and
     * port (TCP before UDP), a port's own change before its findings raised, then gone, each by finding id; stable. Each change's address bytes
     * are taken once: {@link InetAddress#getAddress} copies them, and a sort of 100,000 changes compares
     * millions of times.
     */
    private static List<Change> sorted(List<Change> changes) {
        record Keyed(Change change, boolean v6, byte[] address, int rank, int port, boolean udp, int within,
                String finding) { }
        List<Keyed> keyed = new ArrayList<>(changes.size());
        for (Change c : changes) {
            InetAddress address = c.address();
            int within = c instanceof Change.FindingRaised ? 1 : c instanceof Change.FindingGone ? 2 : 0;
            String finding = switch (c) {
                case Change.FindingRaised f -> f.id();
                case Change.FindingGone f -> f.id();
                default -> "";
            };
            boolean udp = protocol(c).orElse(Protocol.TCP) == Protocol.UDP;
            keyed.add(new Keyed(c, !(address instanceof Inet4Address), address.getAddress(), rank(c), port(c), udp,
                    within, finding));
        }
        keyed.sort((x, y) -> {
            int byFamily = Boolean.compare(x.v6(), y.v6());
            if (byFamily != 0) {
                return byFamily;
            }
            int byAddress = Arrays.compareUnsigned(x.address(), y.address());
            if (byAddress != 0) {
                return byAddress;
            }
            int byRank = Integer.compare(x.rank(), y.rank());
            if (byRank != 0) {
                return byRank;
            }
            int byPort = Integer.compare(x.port(), y.port());
            if (byPort != 0) {
                return byPort;
            }
            int byProtocol = Boolean.compare(x.udp(), y.udp()); // 53/tcp, then 53/udp
            if (byProtocol != 0) {
                return byProtocol;
            }
            int byKind = Integer.compare(x.within(), y.within());
            return byKind != 0 ? byKind : x.finding().compareTo(y.finding());
        });
        List<Change> out = new ArrayList<>(keyed.size());
        for (Keyed k : keyed) {
            out.add(k.change());
        }
        return out;
    }

    private static int rank(Change c) {
        return switch (c) {
            case Change.HostAppeared x -> 0;
            case Change.HostGone x -> 1;
            case Change.HostMoved x -> 2;
            case Change.MacChanged x -> 3;
            case Change.HostnameChanged x -> 4;
            case Change.PortOpened x -> 5;
            case Change.PortClosed x -> 5;
            case Change.ServiceChanged x -> 5;
            case Change.FindingRaised x -> 5;
            case Change.FindingGone x -> 5;
        };
    }

    /** The protocol of a port's change (53/tcp's or 53/udp's); empty for a host's change. */
    public static Optional<Protocol> protocol(Change c) {
        return switch (c) {
            case Change.PortOpened x -> Optional.of(x.protocol());
            case Change.PortClosed x -> Optional.of(x.protocol());
            case Change.ServiceChanged x -> Optional.of(x.protocol());
            case Change.FindingRaised x -> Optional.of(x.protocol());
            case Change.FindingGone x -> Optional.of(x.protocol());
            case Change.HostAppeared x -> Optional.empty();
            case Change.HostGone x -> Optional.empty();
            case Change.HostMoved x -> Optional.empty();
            case Change.MacChanged x -> Optional.empty();
            case Change.HostnameChanged x -> Optional.empty();
        };
    }

    private static int port(Change c) {
        return switch (c) {
            case Change.PortOpened x -> x.port();
            case Change.PortClosed x -> x.port();
            case Change.ServiceChanged x -> x.port();
            case Change.FindingRaised x -> x.port();
            case Change.FindingGone x -> x.port();
            case Change.HostAppeared x -> 0;
            case Change.HostGone x -> 0;
            case Change.HostMoved x -> 0;
            case Change.MacChanged x -> 0;
            case Change.HostnameChanged x -> 0;
        };
    }
}
