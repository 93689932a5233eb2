package io.netsweep.output;

import io.netsweep.discovery.HostInfo;
import io.netsweep.discovery.MacAddress;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.ScanEvent;
import java.io.Writer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Event encoding: {@link EventJson#toJson} for the events a scan emits most (open port, host up,
 * progress), and {@link JsonLinesWriter#onEvent} into a writer that discards (encoding plus the
 * writer's per-line flush, without a real file).
 *
 * <p>One JMH thread per state instance.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventJsonBench {
    private ScanEvent port;
    private ScanEvent host;
    private ScanEvent progress;
    private JsonLinesWriter lines;

    @Setup
    public void setUp() throws UnknownHostException {
        InetAddress ip = InetAddress.getByAddress(new byte[] {10, (byte) 231, 0, 11});
        port = new ScanEvent.PortObserved(ip, 443, PortState.OPEN, "https", "syn-ack",
                Optional.of(Duration.ofNanos(412_345)));
        host = new ScanEvent.HostUp(new HostInfo(ip, "icmp-echo", Optional.of(Duration.ofNanos(301_000)),
                Optional.of(MacAddress.parse("00:1b:21:31:00:04")), Optional.of("Intel Corporate")));
        progress = new ScanEvent.Progress(120_000, 1_000_000, 23_456.7, Duration.ofMillis(5_120),
                Optional.of(Duration.ofMillis(37_000)));
        lines = new JsonLinesWriter(Writer.nullWriter());
    }

    @Benchmark
    public String portToJson() {
        return EventJson.toJson(port);
    }

    @Benchmark
    public String hostToJson() {
        return EventJson.toJson(host);
    }

    @Benchmark
    public String progressToJson() {
        return EventJson.toJson(progress);
    }

    @Benchmark
    public void portThroughJsonLinesWriter() {
        lines.onEvent(port);
    }
}
