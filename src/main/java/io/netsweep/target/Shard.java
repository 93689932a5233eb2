package io.netsweep.target;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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

    /** The indexes of a scan's {@code count} parts that {@code present} (indexes, each below {@code count}) lacks. */
    public static List<Integer> missing(int count, IntStream present) {
        boolean[] seen = new boolean[count];
        present.forEach(i -> seen[i] = true);
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!seen[i]) {
                missing.add(i);
            }
        }
        return missing;
    }

    /** {@code shard 3/8 is} or {@code shards 3/8, 5/8 are}, listing at most ten of {@code missing}. */
    public static String describeMissing(List<Integer> missing, int count) {
        String listed = missing.stream().limit(10).map(i -> i + "/" + count).collect(Collectors.joining(", "))
                + (missing.size() > 10 ? " and " + (missing.size() - 10) + " more" : "");
        return (missing.size() == 1 ? "shard " : "shards ") + listed + (missing.size() == 1 ? " is" : " are");
    }
}
