package io.netsweep.target;

/**
 * One part of a scan split into {@code count} disjoint parts ({@code --shard I/N}): {@code index} counts from 0,
 * as a Kubernetes Indexed Job's {@code JOB_COMPLETION_INDEX} does. {@code 0/1} is the whole scan.
 *
 * @param index which part, {@code 0 <= index < count}
 * @param count how many parts, 1 to {@link #MAX_COUNT}
 */
public record Shard(int index, int count) {
    /** Most parts a scan may be split into: far more machines than a scan of 2^48 addresses could use. */
    public static final int MAX_COUNT = 65_536;

    public Shard {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("the shard count must be 1 to " + MAX_COUNT + ", not " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("the shard index must be 0 to " + (count - 1) + ", not " + index);
        }
    }

    /** {@code I/N}, as {@code --shard} takes it. */
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
