package io.netsweep.target;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Permutation#apply(long)} for set sizes that are a power of four (no cycle walking), just
 * above one (the worst case: about 4 walks per call) and large.
 *
 * <p>One JMH thread per state instance.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PermutationBench {
    @Param({"65536", "65537", "16777216"})
    public long n;

    private Permutation permutation;
    private long next;

    @Setup
    public void setUp() {
        permutation = new Permutation(n, 7);
    }

    @Benchmark
    public long apply() {
        long i = next++;
        if (next == n) {
            next = 0;
        }
        return permutation.apply(i);
    }
}
