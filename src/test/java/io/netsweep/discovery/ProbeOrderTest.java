package io.netsweep.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The order of first probes: a seeded permutation over a window of the targets, read lazily. */
class ProbeOrderTest {
    @Test
    void probeOrderIsASeededPermutationThatReadsAheadOnlyOneWindow() {
        List<Integer> source = IntStream.range(0, 1000).boxed().toList();
        int[] consumed = {0};
        Iterator<Integer> counting = new Iterator<>() {
            final Iterator<Integer> it = source.iterator();

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Integer next() {
                consumed[0]++;
                return it.next();
            }
        };
        ProbeOrder<Integer> order = new ProbeOrder<>(counting, 64, 7);
        List<Integer> out = new ArrayList<>();
        out.add(order.next());
        assertThat(consumed[0]).as("lazy: one window read").isEqualTo(64);
        order.forEachRemaining(out::add);

        assertThat(out).containsExactlyInAnyOrderElementsOf(source).isNotEqualTo(source);
        List<Integer> again = new ArrayList<>();
        new ProbeOrder<>(source.iterator(), 64, 7).forEachRemaining(again::add);
        assertThat(again).as("same seed, same order").isEqualTo(out);
    }
}
