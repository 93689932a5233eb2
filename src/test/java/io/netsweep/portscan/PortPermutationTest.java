package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.BitSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortPermutationTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 7, 16, 17, 100, 1000, 1024, 1025, 4097, 65535})
    void visitsEveryIndexExactlyOnce(int size) {
        PortPermutation p = new PortPermutation(size, 42);
        BitSet seen = new BitSet(size);
        for (int i = 0; i < size; i++) {
            int v = p.apply(i);
            assertThat(v).isBetween(0, size - 1);
            assertThat(seen.get(v)).as("index %d maps to %d twice", i, v).isFalse();
            seen.set(v);
        }
        assertThat(seen.cardinality()).isEqualTo(size);
    }

    @Test
    void sameKeyGivesSameOrderAndOtherKeysDiffer() {
        int[] a = order(new PortPermutation(65535, 7));
        int[] b = order(new PortPermutation(65535, 7));
        int[] c = order(new PortPermutation(65535, 8));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void orderIsSpreadNotAscending() {
        int[] a = order(new PortPermutation(65535, 1));
        long ascendingSteps = IntStream.range(1, 1000).filter(i -> a[i] == a[i - 1] + 1).count();
        assertThat(ascendingSteps).isLessThan(10);
        // The first 1000 probes touch every eighth of the range.
        long eighths = IntStream.range(0, 1000).map(i -> a[i] / 8192).distinct().count();
        assertThat(eighths).isEqualTo(8);
    }

    @Test
    void hostsGetDifferentOrdersForOneSeed() throws Exception {
        int[] one = order(PortPermutation.forHost(1000, 5, InetAddress.getByName("127.0.0.1")));
        int[] two = order(PortPermutation.forHost(1000, 5, InetAddress.getByName("127.0.0.2")));
        int[] oneAgain = order(PortPermutation.forHost(1000, 5, InetAddress.getByName("127.0.0.1")));
        assertThat(one).isEqualTo(oneAgain).isNotEqualTo(two);
    }

    private static int[] order(PortPermutation p) {
        return IntStream.range(0, p.size()).map(p::apply).toArray();
    }
}
