package io.netsweep.store;

import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
import io.netsweep.target.AddressOrder;
import io.netsweep.target.Shard;
import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The parts of one sharded run as one scan, as {@code netsweep merge} joins their outputs: split by address, the
 * parts' hosts side by side; split by address and port, a host up in any part is up, with the union of the parts'
 * ports, services and findings and the sum of their "not shown" counts (the parts probed disjoint ports). Stateless.
 */
final class ShardUnion {
    private ShardUnion() {}

    /**
     * The run whose parts are {@code parts} (those that count, {@link ShardRuns#parts}), under the entry of
     * {@code asked}, one of them, with the whole scan's targets.
     */
    static StoredScan of(ScanEntry asked, List<StoredScan> parts) {
        ScanShard shard = asked.shard().orElseThrow();
        String key = targetKey(shard, parts);
        long count = TargetKey.targets(key).map(TargetSet::size)
                .orElse(parts.stream().mapToLong(p -> p.entry().targetCount()).sum());
        String targets = asked.targets().replaceFirst(" --shard [0-9]+/[0-9]+$", "") + " (" + parts.size() + " of "
                + shard.count() + " shards)";
        Map<InetAddress, List<StoredScan.Host>> byAddress = new LinkedHashMap<>();
        for (StoredScan p : parts) {
            for (StoredScan.Host h : p.hosts()) {
                byAddress.computeIfAbsent(h.address(), a -> new ArrayList<>()).add(h);
            }
        }
        List<StoredScan.Host> hosts = new ArrayList<>(byAddress.size());
        for (List<StoredScan.Host> sightings : byAddress.values()) {
            hosts.add(sightings.size() == 1 ? sightings.getFirst() : join(sightings));
        }
        return new StoredScan(asked.withTargets(targets, key, count), hosts);
    }

    /**
     * The run whose parts are {@code parts}, to be shown whole ({@code show}): {@link #of}'s hosts in address order,
     * as {@code merge} writes them, under the run's own summary: started with its first part, ended with its last,
     * the hosts up and open ports of the joined hosts, the probes of every part. It is running while a part runs;
     * without all its parts it ends failed, naming the missing ones, as a partial merge does; else a part that did
     * not finish gives the run its end, and a run whose parts all finished is finished.
     */
    static StoredScan run(ScanEntry asked, List<StoredScan> parts) {
        StoredScan joined = of(asked, parts);
        List<StoredScan.Host> hosts = joined.hosts().stream()
                .sorted(Comparator.comparing(StoredScan.Host::address, AddressOrder.ASCENDING)).toList();
        List<ScanEntry> entries = parts.stream().map(StoredScan::entry).toList();
        int count = asked.shard().orElseThrow().count();
        List<Integer> missing = Shard.missing(count, entries.stream().mapToInt(e -> e.shard().orElseThrow().index()));
        Optional<ScanEntry> unfinished = entries.stream().filter(e -> e.status() != ScanStatus.FINISHED).findFirst();
        ScanStatus status = ScanStatus.FINISHED;
        Optional<String> message = Optional.empty();
        if (entries.stream().anyMatch(e -> e.status() == ScanStatus.RUNNING)) {
            status = ScanStatus.RUNNING;
        } else if (!missing.isEmpty()) {
            status = ScanStatus.FAILED;
            message = Optional.of("run incomplete: " + Shard.describeMissing(missing, count) + " not stored");
        } else if (unfinished.isPresent()) {
            status = unfinished.get().status();
            message = unfinished.get().message();
        }
        Instant started = entries.stream().map(ScanEntry::startedAt).min(Comparator.naturalOrder()).orElseThrow();
        Optional<Instant> ended = entries.stream().allMatch(e -> e.endedAt().isPresent())
                ? entries.stream().map(e -> e.endedAt().orElseThrow()).max(Comparator.naturalOrder())
                : Optional.empty();
        long up = hosts.stream().filter(StoredScan.Host::up).count();
        long open = hosts.stream().mapToLong(h -> h.ports().stream().filter(p -> p.state() == PortState.OPEN).count())
                .sum();
        OptionalLong probes = entries.stream().allMatch(e -> e.probesSent().isPresent())
                ? OptionalLong.of(entries.stream().mapToLong(e -> e.probesSent().orElseThrow()).sum())
                : OptionalLong.empty();
        ScanEntry e = joined.entry();
        return new StoredScan(new ScanEntry(e.id(), e.source(), e.command(), e.targets(), e.targetKey(),
                e.targetCount(), e.ports(), e.discovery(), started, ended, status, message, up, open, probes,
                e.scanType(), e.shard()), hosts);
    }

    /**
     * The targets the parts cover together: the whole scan's when every part is there (or the split shares the
     * targets), else the union of the parts' own, so that a diff does not take a missing part's hosts as gone.
     */
    private static String targetKey(ScanShard shard, List<StoredScan> parts) {
        boolean whole = parts.size() == shard.count() || !shard.split().equals("address");
        if (whole && !shard.wholeTargetKey().isEmpty()) {
            return shard.wholeTargetKey();
        }
        List<String> tokens = new ArrayList<>();
        for (StoredScan p : parts) {
            if (p.entry().targetCount() == 0) {
                continue; // an empty part (more parts than work)
            }
            if (TargetKey.targets(p.entry().targetKey()).isEmpty()) {
                return shard.wholeTargetKey().isEmpty() ? p.entry().targetKey() : shard.wholeTargetKey();
            }
            tokens.addAll(List.of(p.entry().targetKey().split(",")));
        }
        return tokens.isEmpty() ? parts.getFirst().entry().targetKey() : TargetKey.of(TargetSet.of(tokens.toArray(String[]::new)));
    }

    private static StoredScan.Host join(List<StoredScan.Host> sightings) {
        StoredScan.Host first = sightings.stream().filter(StoredScan.Host::up).findFirst().orElse(sightings.getFirst());
        Map<String, StoredScan.Port> ports = new LinkedHashMap<>();
        Map<String, StoredScan.Service> services = new LinkedHashMap<>();
        Map<String, StoredScan.Finding> findings = new LinkedHashMap<>();
        int open = 0;
        int closed = 0;
        int filtered = 0;
        int openFiltered = 0;
        boolean up = false;
        boolean completed = true;
        Optional<String> hostname = Optional.empty();
        Optional<String> mac = Optional.empty();
        for (StoredScan.Host h : sightings) {
            up |= h.up();
            completed &= h.completed();
            hostname = hostname.or(h::hostname);
            mac = mac.or(h::mac);
            open += h.notShown().open();
            closed += h.notShown().closed();
            filtered += h.notShown().filtered();
            openFiltered += h.notShown().openFiltered();
            h.ports().forEach(p -> ports.putIfAbsent(p.protocol().label() + "/" + p.port(), p));
            h.services().forEach(s -> services.putIfAbsent(s.protocol().label() + "/" + s.port() + "/" + s.kind(), s));
            h.findings().forEach(f -> findings.putIfAbsent(f.protocol().label() + "/" + f.port() + "/" + f.id(), f));
        }
        List<StoredScan.Port> sortedPorts = ports.values().stream()
                .sorted(Comparator.comparing((StoredScan.Port p) -> p.protocol()).thenComparingInt(StoredScan.Port::port))
                .toList();
        return new StoredScan.Host(first.hostId(), first.address(), up, first.reason(), first.rtt(), mac,
                first.vendor(), hostname, first.dns(), completed, new PortCounts(open, closed, filtered, openFiltered),
                sortedPorts, List.copyOf(services.values()), List.copyOf(findings.values()));
    }
}
