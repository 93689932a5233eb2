package io.netsweep.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PermutationTest {

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 7, 16, 17, 254, 255, 256, 257, 1021, 4093, 65535, 65536, 65537, 1_000_003})
    void isABijectionOfZeroToN(long n) {
        for (long seed : new long[] {0, 1, -7, 0x5eed}) {
            Permutation p = new Permutation(n, seed);
            BitSet seen = new BitSet((int) n);
            for (long i = 0; i < n; i++) {
                long v = p.apply(i);
                if (v < 0 || v >= n || seen.get((int) v)) {
                    throw new AssertionError("seed " + seed + ": index " + i + " maps to " + v + ", out of range or taken");
                }
                seen.set((int) v);
            }
            assertThat(seen.cardinality()).isEqualTo((int) n);
        }
    }

    @Test
    void sameSeedSameOrderDifferentSeedDifferentOrder() {
        long[] a = LongStream.range(0, 1000).map(new Permutation(1000, 42)::apply).toArray();
        long[] again = LongStream.range(0, 1000).map(new Permutation(1000, 42)::apply).toArray();
        long[] b = LongStream.range(0, 1000).map(new Permutation(1000, 43)::apply).toArray();
        assertThat(again).isEqualTo(a);
        assertThat(b).isNotEqualTo(a);
        long samePlace = LongStream.range(0, 1000).filter(i -> a[(int) i] == b[(int) i]).count();
        assertThat(samePlace).isLessThan(20); // about 1 expected for independent orders
    }

    @Test
    void spreadsNeighbouringIndexes() {
        Permutation p = new Permutation(65536, 9);
        long fixedPoints = LongStream.range(0, 65536).filter(i -> p.apply(i) == i).count();
        long adjacentPairs = LongStream.range(0, 65535).filter(i -> Math.abs(p.apply(i + 1) - p.apply(i)) <= 1).count();
        assertThat(fixedPoints).isLessThan(20);
        assertThat(adjacentPairs).isLessThan(20);
    }

    @Test
    void worksAtTheLargestSize() {
        long n = 1L << 48;
        Permutation p = new Permutation(n, 3);
        long[] values = LongStream.of(0, 1, n / 2, n - 2, n - 1).map(p::apply).toArray();
        assertThat(values).doesNotHaveDuplicates();
        assertThat(LongStream.of(values).allMatch(v -> v >= 0 && v < n)).isTrue();
        Permutation odd = new Permutation(n - 12345, 3);
        assertThat(odd.apply(n - 12346)).isBetween(0L, n - 12346);
    }

    @Test
    void rejectsSizesAndIndexesOutOfRange() {
        assertThatThrownBy(() -> new Permutation(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Permutation((1L << 48) + 1, 1)).isInstanceOf(IllegalArgumentException.class);
        Permutation p = new Permutation(10, 1);
        assertThatThrownBy(() -> p.apply(10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> p.apply(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
