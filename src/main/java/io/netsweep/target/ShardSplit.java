package io.netsweep.target;

import java.util.ArrayList;
import java.util.List;

/**
 * How a seeded scan's work is split into disjoint shards, so that N processes given the same targets, ports
 * and seed, each with its own {@link Shard}, cover every address (or every address and port) exactly once
 * with no coordination.
 *
 * <ul>
 *   <li><b>By address</b>: the target set's index range is cut into chunks of {@link #chunkSize} consecutive
 *       targets (about {@value #CHUNKS_PER_SHARD} chunks per shard, so a shard is at most that many blocks of
 *       addresses however large the set), and chunk {@code c} goes to shard
 *       {@code Permutation(chunks, key).apply(c) mod N}. As the permutation is a bijection, every chunk has
 *       exactly one owner and the shards' sizes differ by at most one chunk; as it is seeded, each shard's
 *       chunks are spread over the whole range, so no shard hammers one subnet.</li>
 *   <li><b>By address and port</b>: pair {@code (a, k)} (target index {@code a}, port index {@code k} of
 *       {@code P}) is item {@code a * P + k}, owned by shard {@code Permutation(A * P, key).apply(item) mod N}.</li>
 * </ul>
 * The permutations are keyed by the seed mixed with a constant of their own, so the split does not follow the
 * probe order. Stateless and thread-safe.
 */
public final class ShardSplit {
    /** Chunks per shard in the address split: bounds a shard's blocks (memory) and its imbalance (one chunk). */
    public static final int CHUNKS_PER_SHARD = 4096;
    private static final long ADDRESS_KEY = 0x5348_4152_4441_4444L; // distinct keys: the split is not the probe order
    private static final long PAIR_KEY = 0x5348_4152_4450_5254L;

    private ShardSplit() {}

    /** Targets per chunk for a set of {@code size} targets split {@code count} ways. */
    public static long chunkSize(long size, int count) {
        return Math.max(1, ceilDiv(size, (long) count * CHUNKS_PER_SHARD));
    }

    /** The shard that owns the target at {@code index} of a set of {@code size} targets, by address. */
    public static int addressOwner(long index, long size, long seed, int count) {
        long chunk = chunkSize(size, count);
        Permutation p = new Permutation(ceilDiv(size, chunk), seed ^ ADDRESS_KEY);
        return (int) (p.apply(index / chunk) % count);
    }

    /** The part of {@code all} that {@code shard} scans in the address split, in ascending order as any set; may be empty. */
    public static TargetSet addresses(TargetSet all, long seed, Shard shard) {
        if (shard.count() == 1) {
            return all;
        }
        long size = all.size();
        if (size == 0) {
            return all;
        }
        long chunk = chunkSize(size, shard.count());
        long chunks = ceilDiv(size, chunk);
        Permutation p = new Permutation(chunks, seed ^ ADDRESS_KEY);
        List<long[]> ranges = new ArrayList<>();
        for (long c = 0; c < chunks; c++) {
            if (p.apply(c) % shard.count() == shard.index()) {
                long from = c * chunk;
                long to = Math.min(size, from + chunk);
                if (!ranges.isEmpty() && ranges.getLast()[1] == from) {
                    ranges.getLast()[1] = to;
                } else {
                    ranges.add(new long[] {from, to});
                }
            }
        }
        return all.indexRanges(ranges);
    }

    /**
     * The pair split's owner lookup for one scan: which of the {@code ports} of the target at a given index a
     * shard scans. Immutable and thread-safe.
     */
    public static Pairs pairs(long targets, int ports, long seed, int count) {
        return new Pairs(targets, ports, seed, count);
    }

    /** Owners of the {@code targets x ports} pairs of one scan. */
    public static final class Pairs {
        private final int ports;
        private final int count;
        private final Permutation permutation; // null when there is no pair

        private Pairs(long targets, int ports, long seed, int count) {
            if (targets < 0 || ports < 0 || count < 1) {
                throw new IllegalArgumentException("negative size or no shard");
            }
            this.ports = ports;
            this.count = count;
            long items = Math.multiplyExact(targets, (long) ports);
            this.permutation = items == 0 ? null : new Permutation(items, seed ^ PAIR_KEY);
        }

        /** The shard that scans port index {@code port} of the target at {@code target}. */
        public int owner(long target, int port) {
            if (permutation == null || port < 0 || port >= ports) {
                throw new IndexOutOfBoundsException("no pair " + target + "," + port);
            }
            return (int) (permutation.apply(target * ports + port) % count);
        }
    }

    private static long ceilDiv(long a, long b) {
        return Math.ceilDiv(a, b);
    }
}
