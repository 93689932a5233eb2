package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.PortSet;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a busy scan with thousands of sockets hanging on loopback ports that drop every SYN. Their probes
 * wait out the longest timeout there is (five minutes), so a scan that ends within the hang guard below was
 * ended by the cancel. How soon it ends (milliseconds) is a speed goal: {@code bench/cancel-latency}.
 */
class ConnectScannerCancelTest {
    private static final InetAddress V4 = InetAddress.getLoopbackAddress();
    /** A hang guard only, far below the probes' own timeout. */
    private static final Duration GUARD = Duration.ofSeconds(60);

    @Test
    void cancelStopsPromptlyClosesEverySocketAndReportsNothingMore() throws Exception {
        List<LoopbackFixtures.JammedPort> jammed = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                jammed.add(new LoopbackFixtures.JammedPort(V4));
            }
            PortSet ports = PortSet.of(jammed.stream().mapToInt(LoopbackFixtures.JammedPort::port).toArray())
                    .union(PortSet.range(8000, 8999));
            long fdsBefore = LoopbackFixtures.openFds();
            AtomicBoolean cancelReturned = new AtomicBoolean();
            AtomicInteger lateCalls = new AtomicInteger();
            AtomicInteger results = new AtomicInteger();
            PortScanListener listener = new PortScanListener() {
                @Override
                public void onResult(PortProbeResult result) {
                    results.incrementAndGet();
                    if (cancelReturned.get()) {
                        lateCalls.incrementAndGet();
                    }
                }

                @Override
                public void onHostComplete(InetAddress host) {
                    if (cancelReturned.get()) {
                        lateCalls.incrementAndGet();
                    }
                }
            };
            ScanTiming timing = ScanTiming.defaults().withFixedTimeout(ScanTiming.MAX_TIMEOUT);
            ConnectScanner scanner = new ConnectScanner(timing, 1, listener);
            try {
                for (int i = 0; i < 100; i++) {
                    scanner.submit(V4, ports);
                }
                long until = System.nanoTime() + GUARD.toNanos();
                while (scanner.stats().maxInFlight() < 2000 && System.nanoTime() - until < 0) {
                    Thread.sleep(5); // polling a condition, with the deadline above
                }
                long fdsDuring = LoopbackFixtures.openFds();
                assertThat(fdsDuring - fdsBefore).as("sockets in flight when cancelling").isGreaterThan(1000);

                scanner.cancel();
                cancelReturned.set(true);

                assertThat(scanner.awaitTermination(GUARD)).as("ended by the cancel").isTrue();
            } finally {
                scanner.close();
            }
            assertThat(lateCalls).as("listener calls after cancel() returned").hasValue(0);
            assertThat(results.get()).isLessThan(100 * ports.size());
            assertThat(scanner.probesPending()).isPositive();
            assertThat(LoopbackFixtures.engineThreadAlive()).isFalse();
            assertThat(LoopbackFixtures.openFds()).isLessThanOrEqualTo(fdsBefore);
        } finally {
            for (LoopbackFixtures.JammedPort j : jammed) {
                j.close();
            }
        }
    }

    @Test
    void cancelFromInsideTheListenerTakesEffectAtOnce() throws Exception {
        AtomicInteger after = new AtomicInteger();
        AtomicBoolean cancelled = new AtomicBoolean();
        ConnectScanner[] holder = new ConnectScanner[1];
        PortScanListener listener = new PortScanListener() {
            @Override
            public void onResult(PortProbeResult result) {
                if (cancelled.get()) {
                    after.incrementAndGet();
                }
                holder[0].cancel();
                cancelled.set(true);
            }

            @Override
            public void onHostComplete(InetAddress host) {
                after.incrementAndGet();
            }
        };
        try (ConnectScanner s = new ConnectScanner(ScanTiming.defaults(), 1, listener)) {
            holder[0] = s;
            s.submit(V4, PortSet.range(9000, 9999));
            assertThat(s.awaitTermination(GUARD)).isTrue();
            assertThat(s.resultsReported()).isEqualTo(1);
        }
        assertThat(after).hasValue(0);
    }
}
