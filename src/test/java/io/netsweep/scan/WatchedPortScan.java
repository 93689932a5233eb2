package io.netsweep.scan;

import io.netsweep.portscan.PortProbeResult;
import io.netsweep.portscan.PortScanListener;
import io.netsweep.portscan.ScanTiming;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The real connect scanner ({@link ScanComponents#standard()}), with a window on when it has finished a
 * host, so a test knows the port scan's part of a host is over. Pass {@code this::open}. Thread-safe.
 */
final class WatchedPortScan {
    private final Set<InetAddress> completed = new HashSet<>();

    PortScan open(ScanTiming timing, long seed, PortScanListener listener) {
        return ScanComponents.standard().portScan().open(timing, seed, new PortScanListener() {
            @Override
            public void onResult(PortProbeResult result) {
                listener.onResult(result);
            }

            @Override
            public void onHostComplete(InetAddress host) {
                listener.onHostComplete(host);
                synchronized (WatchedPortScan.this) {
                    completed.add(host);
                    WatchedPortScan.this.notifyAll();
                }
            }
        });
    }

    /** Waits until the engine has reported {@code host} complete (the scan has taken it in); fails at the deadline. */
    synchronized void awaitHostComplete(InetAddress host) throws InterruptedException {
        long deadline = System.nanoTime() + EventLog.DEADLINE.toNanos();
        while (!completed.contains(host)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("port scan of " + host + " not complete within " + EventLog.DEADLINE);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
