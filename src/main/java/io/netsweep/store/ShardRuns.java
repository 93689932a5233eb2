package io.netsweep.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stored scans grouped into runs: a whole scan is a run of its own; the parts of a sharded scan with equal
 * {@link ScanShard#runKey()} are one run when they carry a run label ({@code NETSWEEP_RUN}, a Job's uid). Without a
 * label, parts of equal key are taken in the order they were stored, and a part whose index already finished in the
 * current run starts the next run (the same scan run again). Within a run, two parts with the same index are attempts
 * of one part (a pod retried with the same index): the newest finished attempt counts, else the newest; the others
 * are superseded and count nowhere (the inventory, diffs), so a retried part never counts twice. Immutable; built
 * from one read of the history.
 */
public final class ShardRuns {
    private final List<ScanEntry> all;
    private final Map<Long, ScanEntry> byId = new HashMap<>();
    /** Per run key, every attempt of every part, oldest first. */
    private final Map<String, List<ScanEntry>> runs = new LinkedHashMap<>();
    private final Set<Long> superseded = new HashSet<>();

    /** Per scan of a part, the key of its run: the run key, and for unlabelled runs which run of that key. */
    private final Map<Long, String> runOf = new HashMap<>();

    private ShardRuns(List<ScanEntry> all) {
        this.all = List.copyOf(all);
        Map<String, Integer> generation = new HashMap<>();
        Map<String, Set<Integer>> finished = new HashMap<>();
        for (ScanEntry e : this.all.stream().sorted(Comparator.comparingLong(ScanEntry::id)).toList()) {
            byId.put(e.id(), e);
            if (e.shard().isEmpty()) {
                continue;
            }
            ScanShard s = e.shard().get();
            String key = s.runKey();
            if (s.run().isEmpty()) {
                Set<Integer> done = finished.computeIfAbsent(key, k -> new HashSet<>());
                if (done.contains(s.index())) {
                    generation.merge(key, 1, Integer::sum);
                    done.clear();
                }
                if (e.status() == ScanStatus.FINISHED) {
                    done.add(s.index());
                }
                key = key + "#" + generation.getOrDefault(key, 0);
            }
            runOf.put(e.id(), key);
            runs.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
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
        return runs.get(runOf.get(id)).stream().filter(x -> !superseded(x.id()))
                .sorted(Comparator.comparingInt(x -> x.shard().orElseThrow().index())).toList();
    }

    /** The run's number: the id of its first stored scan (for a whole scan, its own id). */
    public long runId(long id) {
        ScanEntry e = byId.get(id);
        if (e == null || e.shard().isEmpty()) {
            return id;
        }
        return runs.get(runOf.get(id)).getFirst().id();
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
            } else if (listed.add(runOf.get(e.id()))) {
                out.addAll(runs.get(runOf.get(e.id())));
            }
        }
        return out;
    }
}
