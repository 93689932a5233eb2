package io.netsweep.store;

import io.netsweep.port.PortSet;
import io.netsweep.port.Protocol;
import io.netsweep.portscan.PortState;
import io.netsweep.target.AddressOrder;
import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What changed from one stored scan to another. Hosts are matched by MAC where both scans saw one (so a host
 * that moved address is one host that moved), then by address. A host or port counts as gone only where the
 * new scan looked (its targets, its ports), and as new only where the old one looked, so scans of different
 * ports or ranges compare without noise. Names compare where both lookups got an answer; services where
 * both scans identified the port. Stateless.
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
                changes.add(new Change.HostAppeared(n.address(), n.mac(), n.hostname(), n.ports().stream()
                        .filter(p -> p.state() == PortState.OPEN && p.protocol() == Protocol.TCP)
                        .map(StoredScan.Port::port).toList()));
            }
        }
        for (StoredScan.Host o : olds) {
            if (!paired.contains(o) && newTargets.map(t -> t.contains(o.address())).orElse(true)) {
                changes.add(new Change.HostGone(o.address(), o.mac(), o.hostname()));
            }
        }
        changes.sort(Comparator.comparing(Change::address, AddressOrder.ASCENDING)
                .thenComparingInt(ScanDiff::rank).thenComparingInt(ScanDiff::port));
        return new ScanDiff(a.entry(), b.entry(), changes);
    }

    private static void compare(StoredScan.Host o, StoredScan.Host n, Optional<StoredPorts.Ports> oldScanned,
                                Optional<StoredPorts.Ports> newScanned, List<Change> changes) {
        for (Protocol proto : Protocol.values()) {
            Optional<PortSet> oldPorts = oldScanned.map(p -> proto == Protocol.UDP ? p.udp() : p.tcp());
            Optional<PortSet> newPorts = newScanned.map(p -> proto == Protocol.UDP ? p.udp() : p.tcp());
            TreeSet<Integer> oldOpen = open(o, proto);
            TreeSet<Integer> newOpen = open(n, proto);
            for (int port : newOpen) {
                if (!oldOpen.contains(port) && oldPorts.map(s -> s.contains(port)).orElse(true)) {
                    StoredScan.Port p = n.port(proto, port).orElseThrow();
                    Optional<StoredScan.Service> s = proto == Protocol.TCP ? best(n.services(port)) : Optional.empty();
                    changes.add(new Change.PortOpened(n.address(), port, s.flatMap(StoredScan.Service::name)
                            .orElse(p.service()), s.flatMap(StoredScan.Service::product),
                            s.flatMap(StoredScan.Service::version), proto));
                }
            }
            for (int port : oldOpen) {
                if (!newOpen.contains(port) && newPorts.map(s -> s.contains(port)).orElse(true)) {
                    String state = n.port(proto, port).map(p -> p.state().label()).orElse(unreported(n));
                    changes.add(new Change.PortClosed(n.address(), port, o.port(proto, port).orElseThrow().service(),
                            state, proto));
                }
                if (proto == Protocol.TCP && newOpen.contains(port)) {
                    Optional<String> before = best(o.services(port)).map(ScanDiff::describe);
                    Optional<String> after = best(n.services(port)).map(ScanDiff::describe);
                    if (before.isPresent() && after.isPresent() && !before.equals(after)) {
                        changes.add(new Change.ServiceChanged(n.address(), port, before.get(), after.get()));
                    }
                }
            }
        }
        if (answered(o) && answered(n) && !o.hostname().equals(n.hostname())) {
            changes.add(new Change.HostnameChanged(n.address(), o.hostname(), n.hostname()));
        }
    }

    /** The state of a port the new scan probed but did not report, from the host's "not shown" counts. */
    private static String unreported(StoredScan.Host h) {
        if (h.notShown().filtered() == 0 && h.notShown().closed() > 0) {
            return "closed";
        }
        if (h.notShown().closed() == 0 && h.notShown().filtered() > 0) {
            return "filtered";
        }
        return "not open";
    }

    /** A lookup that said something definite: a name, or that there is none. */
    private static boolean answered(StoredScan.Host h) {
        return h.dns().map(d -> d.equals("ok") || d.equals("nxdomain")).orElse(false);
    }

    private static TreeSet<Integer> open(StoredScan.Host h, Protocol protocol) {
        return h.ports().stream().filter(p -> p.state() == PortState.OPEN && p.protocol() == protocol)
                .map(StoredScan.Port::port).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The service report to compare: one that names a product, detectors in a fixed order. */
    private static Optional<StoredScan.Service> best(List<StoredScan.Service> services) {
        return services.stream().filter(s -> s.product().isPresent())
                .min(Comparator.comparing(StoredScan.Service::kind));
    }

    private static String describe(StoredScan.Service s) {
        StringBuilder sb = new StringBuilder(s.product().orElse(""));
        s.version().ifPresent(v -> sb.append(' ').append(v));
        s.detail().ifPresent(d -> sb.append(" (").append(d).append(')'));
        return sb.toString();
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
        };
    }

    private static int port(Change c) {
        return switch (c) {
            case Change.PortOpened x -> x.port();
            case Change.PortClosed x -> x.port();
            case Change.ServiceChanged x -> x.port();
            case Change.HostAppeared x -> 0;
            case Change.HostGone x -> 0;
            case Change.HostMoved x -> 0;
            case Change.MacChanged x -> 0;
            case Change.HostnameChanged x -> 0;
        };
    }
}
