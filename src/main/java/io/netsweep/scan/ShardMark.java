package io.netsweep.scan;

import io.netsweep.target.Shard;
import java.util.Objects;

/**
 * What a shard's outputs record so that {@code netsweep merge} can prove its parts belong together: the part
 * ({@code shard}), how the work was split, the seed, and a digest of the scan's options ({@link ScanOptionsDigest}).
 * Parts of one scan have equal {@code split}, {@code seed}, {@code optionsDigest} and shard count.
 *
 * @param split         how the work was split: {@link WorkSplit.Kind#ADDRESS} or {@link WorkSplit.Kind#ADDRESS_PORT}
 * @param optionsDigest lowercase hex SHA-256 of the options that decide the scan's results
 */
public record ShardMark(Shard shard, WorkSplit.Kind split, long seed, String optionsDigest) {
    public ShardMark {
        Objects.requireNonNull(shard, "shard");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(optionsDigest, "optionsDigest");
    }
}
