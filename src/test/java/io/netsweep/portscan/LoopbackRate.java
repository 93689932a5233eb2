package io.netsweep.portscan;

import io.netsweep.port.PortSet;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hand-run measurement, not a test: scans 1-65535 on 127.0.0.1 several times in one JVM (the first run
 * includes JIT warm-up) and prints the probe rate. Run it in a private namespace so nothing else listens:
 * <pre>
 * ./mvnw -q test-compile
 * unshare --net -- sh -c 'ip link set lo up &amp;&amp; exec "$@"' sh \
 *   $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED -cp target/test-classes:target/classes \
 *   io.netsweep.portscan.LoopbackRate [runs] [concurrency] [engine threads]
 * </pre>
 */
public final class LoopbackRate {
    private LoopbackRate() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        ScanTiming timing = args.length > 1
                ? ScanTiming.defaults().withConcurrency(Integer.parseInt(args[1]))
                : ScanTiming.defaults();
        EngineOptions options = args.length > 2
                ? EngineOptions.defaults().withShards(Integer.parseInt(args[2]))
                : EngineOptions.defaults();
        for (int run = 1; run <= runs; run++) {
            AtomicLong open = new AtomicLong();
            long start = System.nanoTime();
            try (ConnectScanner s = new ConnectScanner(timing, run, new PortScanListener() {
                @Override
                public void onResult(PortProbeResult r) {
                    if (r.state() == PortState.OPEN) {
                        open.incrementAndGet();
                    }
                }

                @Override
                public void onHostComplete(InetAddress host) {
                }
            }, options)) {
                s.submit(InetAddress.getLoopbackAddress(), PortSet.range(1, 65535));
                s.closeInput();
                if (!s.awaitTermination(Duration.ofMinutes(5))) {
                    throw new IllegalStateException("scan did not finish");
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("run %d: %d results, %d open, %d probes in %.3f s = %.0f probes/s, %s%n", run,
                        s.resultsReported(), open.get(), s.probesSent(), seconds, s.probesSent() / seconds, s.stats());
            }
        }
    }
}
