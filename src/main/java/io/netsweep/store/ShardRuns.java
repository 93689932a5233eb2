package io.netsweep.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stored scans grouped into runs: a whole scan is a run of its own; the parts of a sharded scan with equal
 * {@link ScanShard#runKey()} are one run. Within a run, two parts with the same index are attempts of one part (a pod
 * retried with the same index): the newest finished attempt counts, else the newest; the others are superseded and
 * count nowhere (the inventory, diffs), so a retried part never counts twice. Immutable; built from one read of the
 * history.
 */
public final class ShardRuns {
    private final List<ScanEntry> all;
    private final Map<Long, ScanEntry> byId = new HashMap<>();
    /** Per run key, every attempt of every part, oldest first. */
    private final Map<String, List<ScanEntry>> runs = new LinkedHashMap<>();
    private final Set<Long> superseded = new HashSet<>();

    private ShardRuns(List<ScanEntry> all) {
        this.all = List.copyOf(all);
        for (ScanEntry e : this.all) {
            byId.put(e.id(), e);
            e.shard().ifPresent(s -> runs.computeIfAbsent(s.runKey(), k -> new ArrayList<>()).add(e));
        }
        for (List<ScanEntry> run : runs.values()) {
            Map<Integer, ScanEntry> counted = new HashMap<>();
            for (ScanEntry e : run) {
                counted.merge(e.shard().orElseThrow().index(), e, ShardRuns::better);
            }
            for (ScanEntry e : run) {
                if (counted.get(e.shard().orElseThrow().index()) != e) {
                    superseded.add(e.id());
                }
            }
        }
    }

    /** The runs of {@code history} (every stored scan, as {@link ScanStore#history} lists them). */
    public static ShardRuns of(List<ScanEntry> history) {
        return new ShardRuns(history);
    }

    /** Of two attempts of one part, the one that counts: a finished one over one that is not, then the newer. */
    private static ScanEntry better(ScanEntry a, ScanEntry b) {
        boolean aDone = a.status() == ScanStatus.FINISHED;
        boolean bDone = b.status() == ScanStatus.FINISHED;
        if (aDone != bDone) {
            return aDone ? a : b;
        }
        return a.id() > b.id() ? a : b;
    }

    /** Whether scan {@code id} is an attempt of a part that a later (or finished) attempt replaced. */
    public boolean superseded(long id) {
        return superseded.contains(id);
    }

    /**
     * The parts that count of scan {@code id}'s run, by index (some may be missing while the run is under way); for a
     * whole scan, the scan alone; empty for an unknown id.
     */
    public List<ScanEntry> parts(long id) {
        ScanEntry e = byId.get(id);
        if (e == null) {
            return List.of();
        }
        if (e.shard().isEmpty()) {
            return List.of(e);
        }
        return runs.get(e.shard().get().runKey()).stream().filter(x -> !superseded(x.id()))
                .sorted(Comparator.comparingInt(x -> x.shard().orElseThrow().index())).toList();
    }

    /** The run's number: the id of its first stored scan (for a whole scan, its own id). */
    public long runId(long id) {
        ScanEntry e = byId.get(id);
        if (e == null || e.shard().isEmpty()) {
            return id;
        }
        return runs.get(e.shard().get().runKey()).getFirst().id();
    }

    /** The newest id among the parts that count of scan {@code id}'s run: the run's place in time order. */
    public long lastId(long id) {
        return parts(id).stream().mapToLong(ScanEntry::id).max().orElse(id);
    }

    /** Every stored scan, oldest run first, each run's scans together (in id order) where its first one was. */
    public List<ScanEntry> grouped() {
        List<ScanEntry> out = new ArrayList<>(all.size());
        Set<String> listed = new HashSet<>();
        for (ScanEntry e : all) {
            if (e.shard().isEmpty()) {
                out.add(e);
            } else if (listed.add(e.shard().get().runKey())) {
                out.addAll(runs.get(e.shard().get().runKey()));
            }
        }
        return out;
    }

    /**
     * The newest earlier run of the same sharded scan (equal options, seed, split and count; another run label) as
     * scan {@code id}'s run, which must be a part: a scan of that run.
     */
    public Optional<ScanEntry> previousRun(long id) {
        ScanEntry e = byId.get(id);
        if (e == null || e.shard().isEmpty()) {
            return Optional.empty();
        }
        ScanShard mine = e.shard().get();
        long first = runId(id);
        ScanEntry best = null;
        for (List<ScanEntry> run : runs.values()) {
            ScanEntry head = run.getFirst();
            ScanShard s = head.shard().orElseThrow();
            if (s.scanKey().equals(mine.scanKey()) && !s.runKey().equals(mine.runKey()) && head.id() < first
                    && (best == null || head.id() > best.id())) {
                best = head;
            }
        }
        return Optional.ofNullable(best);
    }
}
