package io.netsweep.portscan;

import io.netsweep.port.PortSet;
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
 * The connect engine's bookkeeping for one probe, without its system calls: the scheduler picks the next host
 * round-robin and its next port in permutation order, the probe enters the deadline heap, and once the heap
 * holds {@code inFlight} probes the earliest deadline leaves it, its host's window grows and the port
 * resolves. The hosts are those of scenario (b): 31 hosts of 1,000 ports each; a new set when all are done.
 *
 * <p>One JMH thread per state instance.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProbeSchedulingBench {
    private static final int HOSTS = 31;
    private static final PortSet PORTS = PortSet.range(1, 1000);

    @Param({"64", "4096"})
    public int inFlight;

    private final AdaptiveTiming timing = new AdaptiveTiming(ScanTiming.defaults());
    private ProbeScheduler scheduler;
    private DeadlineHeap heap;
    private int unresolvedHosts;
    private long clock;

    @Setup
    public void setUp() throws UnknownHostException {
        fill();
    }

    private void fill() throws UnknownHostException {
        scheduler = new ProbeScheduler();
        heap = new DeadlineHeap();
        for (int i = 0; i < HOSTS; i++) {
            InetAddress a = InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) (10 + i)});
            HostState host = new HostState(new ScanControl.Submission(a, PORTS, new ScanControl.Completion(1)),
                    false, 42, timing.newEstimator(), timing.newWindow());
            scheduler.reconsider(host);
        }
        unresolvedHosts = HOSTS;
    }

    /** One probe scheduled, and (in steady state) one retired. */
    @Benchmark
    public int scheduleAndRetire() throws UnknownHostException {
        Probe p = scheduler.next();
        if (p != null) {
            p.deadlineNanos = clock += 1_000;
            heap.add(p);
        }
        if (p == null || heap.size() >= inFlight) {
            Probe done = heap.peek();
            if (done != null) {
                heap.remove(done);
                HostState host = done.host;
                host.release();
                timing.onTargetAnswer(host, 1, done.deadlineNanos - 500, done.deadlineNanos);
                if (host.resolve() && --unresolvedHosts == 0) {
                    fill();
                } else {
                    scheduler.reconsider(host);
                }
            }
        }
        return heap.size();
    }
}
