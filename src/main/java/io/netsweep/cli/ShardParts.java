package io.netsweep.cli;

import io.netsweep.scan.ShardMark;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The checks {@code netsweep merge} makes before it merges: every part finished, all parts of one scan (the same
 * options hash, seed, split and count), no part twice, none missing unless {@code --partial}. Each refusal is one
 * line naming the files. Stateless.
 */
final class ShardParts {
    private ShardParts() {}

    /**
     * The parts in shard order, checked.
     *
     * @return the indexes of the missing parts (empty unless {@code partial})
     * @throws UsageException naming what is wrong
     */
    static <P extends ShardPart> List<Integer> check(List<P> parts, boolean partial) {
        for (P p : parts) {
            p.unfinished().ifPresent(why -> {
                throw new UsageException(p.name() + " (shard " + p.mark().shard() + ") did not finish (" + why
                        + "): scan that part again");
            });
        }
        P first = parts.getFirst();
        ShardMark a = first.mark();
        for (P p : parts) {
            ShardMark b = p.mark();
            String differs = !a.optionsDigest().equals(b.optionsDigest()) ? "options hash"
                    : a.seed() != b.seed() ? "seed"
                    : a.shard().count() != b.shard().count() ? "shard count"
                    : a.split() != b.split() ? "split"
                    : null;
            if (differs != null) {
                throw new UsageException(first.name() + " and " + p.name() + " are parts of different scans (their "
                        + differs + " differs): merge the parts of one scan");
            }
        }
        List<P> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(p -> p.mark().shard().index()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).mark().shard().index() == sorted.get(i - 1).mark().shard().index()) {
                throw new UsageException("shard " + sorted.get(i).mark().shard() + " is given twice: "
                        + sorted.get(i - 1).name() + " and " + sorted.get(i).name());
            }
        }
        int count = a.shard().count();
        boolean[] present = new boolean[count];
        parts.forEach(p -> present[p.mark().shard().index()] = true);
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!present[i]) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty() && !partial) {
            throw new UsageException(describe(missing, count) + " missing: the scan has " + count
                    + " parts (--partial merges an incomplete set)");
        }
        parts.sort(Comparator.comparingInt(p -> p.mark().shard().index()));
        return missing;
    }

    /** {@code shard 3/8 is} or {@code shards 3/8, 5/8 are}, listing at most ten. */
    static String describe(List<Integer> missing, int count) {
        String listed = missing.stream().limit(10).map(i -> i + "/" + count).collect(Collectors.joining(", "))
                + (missing.size() > 10 ? " and " + (missing.size() - 10) + " more" : "");
        return (missing.size() == 1 ? "shard " : "shards ") + listed + (missing.size() == 1 ? " is" : " are");
    }
}
