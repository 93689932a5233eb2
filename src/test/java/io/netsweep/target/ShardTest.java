package io.netsweep.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The parts a set of shards lacks, and how they are named: in merge's refusals and in a stored run's end. */
class ShardTest {
    @Test
    void missingAreTheIndexesNotPresentInOrder() {
        assertThat(Shard.missing(5, IntStream.of(3, 0, 3))).containsExactly(1, 2, 4);
        assertThat(Shard.missing(3, IntStream.of(0, 1, 2))).isEmpty();
        assertThat(Shard.missing(2, IntStream.empty())).containsExactly(0, 1);
    }

    @Test
    void oneMissingPartIsNamedInTheSingular() {
        assertThat(Shard.describeMissing(List.of(2), 8)).isEqualTo("shard 2/8 is");
        assertThat(Shard.describeMissing(List.of(0, 2), 3)).isEqualTo("shards 0/3, 2/3 are");
    }

    @Test
    void atMostTenMissingPartsAreListed() {
        List<Integer> missing = Shard.missing(65_536, IntStream.of(7));
        assertThat(missing).hasSize(65_535);
        assertThat(Shard.describeMissing(missing, 65_536)).isEqualTo("shards 0/65536, 1/65536, 2/65536, 3/65536,"
                + " 4/65536, 5/65536, 6/65536, 8/65536, 9/65536, 10/65536 and 65525 more are");
    }
}
