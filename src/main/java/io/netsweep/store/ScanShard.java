package io.netsweep.store;

import java.util.Objects;

/**
 * What the store keeps of a scan that is one part of a sharded scan ({@code --shard I/N}): which part, how the work
 * was split, the seed and the options digest that {@code netsweep merge} checks, the run the part belongs to, and the
 * whole scan's target key (a part split by address is stored with its own addresses as its targets).
 *
 * <p>Parts of one run have equal {@link #runKey()}: the same split, seed, shard count, options and run label. The
 * run label tells apart two runs of the same options and seed ({@code NETSWEEP_RUN}, in Kubernetes the Job's uid);
 * without one, such runs are one run, each later part replacing the earlier attempt of its index. Two stored parts
 * of one run with the same index are attempts of the same part (a retried pod): {@link ShardRuns} keeps the newest
 * finished one. Immutable.
 *
 * @param index          the part, from 0
 * @param count          the number of parts
 * @param split          {@code address} or {@code address-port} ({@code WorkSplit.Kind}'s labels)
 * @param optionsDigest  lowercase hex SHA-256 of the options that decide results
 * @param run            the run's label, empty when none was given
 * @param wholeTargetKey the {@link TargetKey} of every part's targets together
 */
public record ScanShard(int index, int count, String split, long seed, String optionsDigest, String run,
                        String wholeTargetKey) {
    public ScanShard {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(optionsDigest, "optionsDigest");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(wholeTargetKey, "wholeTargetKey");
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count);
        }
    }

    /** Equal for the parts of one run and only for them. */
    public String runKey() {
        return split + "|" + seed + "|" + count + "|" + optionsDigest + "|" + run;
    }

    /** Equal for the runs of one sharded scan repeated (any run label). */
    public String scanKey() {
        return split + "|" + seed + "|" + count + "|" + optionsDigest;
    }

    /** {@code I/N}, as {@code --shard} takes it. */
    public String label() {
        return index + "/" + count;
    }
}
