package io.netsweep.portscan;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
 * The connect engine's per-host port order: {@link PortPermutation#apply(int)} over 1,000 ports
 * (--top-ports 1000) and 65,535 ports (-p-), and building one per host.
 *
 * <p>One JMH thread per state instance.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PortPermutationBench {
    @Param({"1000", "65535"})
    public int ports;

    private PortPermutation permutation;
    private InetAddress host;
    private int next;

    @Setup
    public void setUp() throws UnknownHostException {
        host = InetAddress.getByAddress(new byte[] {10, 0, 0, 5});
        permutation = PortPermutation.forHost(ports, 42, host);
    }

    @Benchmark
    public int apply() {
        int i = next++;
        if (next == ports) {
            next = 0;
        }
        return permutation.apply(i);
    }

    @Benchmark
    public PortPermutation forHost() {
        return PortPermutation.forHost(ports, next++, host);
    }
}
