package io.netsweep.target;

import java.net.InetAddress;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of reaching targets: {@link TargetSet#get(long)} by index (in order, and through the
 * {@link Permutation} as the engine walks it) and full iteration, over a /16 given as one block
 * ({@code whole}), as 128 blocks left by excluding every other /24 ({@code holes}), and as the octet
 * pattern {@code 10.0.0,2,4,...,254.*} of the same addresses, kept in an octet tree ({@code pattern}).
 *
 * <p>Each benchmark method is run by one JMH thread on its own state instance.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TargetSetBench {
    @Param({"whole", "holes", "pattern"})
    public String shape;

    private TargetSet set;
    private Permutation permutation;
    private long size;
    private long next;

    @Setup
    public void setUp() {
        if (shape.equals("pattern")) {
            StringBuilder even = new StringBuilder();
            for (int third = 0; third < 256; third += 2) {
                even.append(even.isEmpty() ? "" : ",").append(third);
            }
            set = TargetSet.of("10.0." + even + ".*");
            size = set.size();
            permutation = new Permutation(size, 42);
            return;
        }
        TargetSetBuilder b = TargetSet.builder(HostResolver.none()).add("10.0.0.0/16");
        if (shape.equals("holes")) {
            StringBuilder excluded = new StringBuilder();
            for (int third = 1; third < 256; third += 2) {
                excluded.append(excluded.isEmpty() ? "" : ",").append("10.0.").append(third).append(".0/24");
            }
            b.exclude(excluded.toString());
        }
        set = b.build();
        size = set.size();
        permutation = new Permutation(size, 42);
    }

    /** One address by index, indexes in ascending order. */
    @Benchmark
    public InetAddress getInOrder() {
        long i = next++;
        if (next == size) {
            next = 0;
        }
        return set.get(i);
    }

    /** One address by permuted index: what the engine does for every target. */
    @Benchmark
    public InetAddress getPermuted() {
        long i = next++;
        if (next == size) {
            next = 0;
        }
        return set.get(permutation.apply(i));
    }

    /** One walk over the whole set: 65,536 addresses (whole) or 32,768 in 128 blocks (holes, pattern). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void iterate(Blackhole bh) {
        for (InetAddress a : set) {
            bh.consume(a);
        }
    }
}
