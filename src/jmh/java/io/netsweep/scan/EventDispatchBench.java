package io.netsweep.scan;

import io.netsweep.portscan.PortState;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Result dispatch: port results emitted on a scan thread and handed to the listener on the dispatcher's
 * thread ({@link EventDispatcher}), measured end to end per event: a batch of 1,000 is emitted, then the
 * benchmark waits until the listener has seen all of them.
 *
 * <p>One JMH thread per state instance.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventDispatchBench {
    private static final int BATCH = 1_000;

    private final AtomicLong seen = new AtomicLong();
    private EventDispatcher dispatcher;
    private ScanEvent.PortObserved[] events;
    private long emitted;

    @Setup
    public void setUp() throws UnknownHostException {
        dispatcher = new EventDispatcher(e -> seen.incrementAndGet(), "bench-dispatch");
        dispatcher.start();
        events = new ScanEvent.PortObserved[BATCH];
        InetAddress a = InetAddress.getByAddress(new byte[] {10, 0, 0, 5});
        for (int i = 0; i < BATCH; i++) {
            events[i] = new ScanEvent.PortObserved(a, i + 1, PortState.OPEN, "svc", "syn-ack",
                    Optional.of(Duration.ofNanos(250_000)));
        }
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        dispatcher.finish(new ScanEvent.Cancelled(new ScanSummary(Instant.EPOCH, Instant.EPOCH, 0, 0, 0, 0)));
        dispatcher.await(Duration.ofSeconds(5));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long emitAndDeliver() {
        for (ScanEvent.PortObserved e : events) {
            dispatcher.emit(e);
        }
        emitted += BATCH;
        while (seen.get() < emitted) {
            Thread.onSpinWait();
        }
        return emitted;
    }
}
