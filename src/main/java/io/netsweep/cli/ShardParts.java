package io.netsweep.cli;

import io.netsweep.scan.ShardMark;
import io.netsweep.target.Shard;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
        List<Integer> missing = Shard.missing(count, parts.stream().mapToInt(p -> p.mark().shard().index()));
        if (!missing.isEmpty() && !partial) {
            throw new UsageException(Shard.describeMissing(missing, count) + " missing: the scan has " + count
                    + " parts (--partial merges an incomplete set)");
        }
        parts.sort(Comparator.comparingInt(p -> p.mark().shard().index()));
        return missing;
    }
}
