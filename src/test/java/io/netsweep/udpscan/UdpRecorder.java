package io.netsweep.udpscan;

import io.netsweep.portscan.PortProbeResult;
import io.netsweep.portscan.PortScanListener;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Records a UDP scan's callbacks. Thread-safe; free of test libraries so that a namespace child JVM can use it
 * (its checks throw {@link AssertionError}).
 */
final class UdpRecorder implements PortScanListener {
    private final List<PortProbeResult> results = new ArrayList<>();
    private final List<InetAddress> completed = new ArrayList<>();
    private final CountDownLatch hosts;

    UdpRecorder(int hosts) {
        this.hosts = new CountDownLatch(hosts);
    }

    @Override
    public synchronized void onResult(PortProbeResult result) {
        results.add(result);
    }

    @Override
    public void onHostComplete(InetAddress host) {
        synchronized (this) {
            completed.add(host);
        }
        hosts.countDown();
    }

    /** Waits for every host to complete. */
    void await(long seconds) throws InterruptedException {
        if (!hosts.await(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the scan did not complete within " + seconds + " s: " + results());
        }
    }

    synchronized List<PortProbeResult> results() {
        return List.copyOf(results);
    }

    synchronized List<InetAddress> completed() {
        return List.copyOf(completed);
    }

    /** One host's results by port, asserting one per port. */
    Map<Integer, PortProbeResult> byPort(InetAddress host) {
        Map<Integer, PortProbeResult> out = new HashMap<>();
        for (PortProbeResult r : results()) {
            if (r.address().equals(host) && out.put(r.port(), r) != null) {
                throw new AssertionError("second result for " + host + " port " + r.port());
            }
        }
        return out;
    }
}
