package io.netsweep.portscan;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records every callback, in order, with the thread it came on. Thread-safe. Free of test libraries so that
 * the namespace child JVM can use it too; its checks throw {@link AssertionError}.
 */
final class RecordingListener implements PortScanListener {
    /** One callback: a result, or a host completion (result empty). */
    record Event(InetAddress host, PortProbeResult result) {
    }

    private final List<Event> events = new ArrayList<>();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();

    @Override
    public void onResult(PortProbeResult result) {
        threads.add(Thread.currentThread().getName());
        synchronized (events) {
            events.add(new Event(result.address(), result));
        }
    }

    @Override
    public void onHostComplete(InetAddress host) {
        threads.add(Thread.currentThread().getName());
        synchronized (events) {
            events.add(new Event(host, null));
        }
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    List<PortProbeResult> results() {
        return events().stream().filter(e -> e.result() != null).map(Event::result).toList();
    }

    List<InetAddress> completions() {
        return events().stream().filter(e -> e.result() == null).map(Event::host).toList();
    }

    Set<String> threads() {
        return Set.copyOf(threads);
    }

    /** The results of one host by port, asserting there is exactly one per port. */
    Map<Integer, PortProbeResult> byPort(InetAddress host) {
        Map<Integer, PortProbeResult> out = new HashMap<>();
        for (PortProbeResult r : results()) {
            if (r.address().equals(host)) {
                PortProbeResult previous = out.put(r.port(), r);
                if (previous != null) {
                    throw new AssertionError("second result for " + host + " port " + r.port());
                }
            }
        }
        return out;
    }

    TreeSet<Integer> openPorts(InetAddress host) {
        TreeSet<Integer> open = new TreeSet<>();
        byPort(host).values().stream().filter(r -> r.state() == PortState.OPEN).forEach(r -> open.add(r.port()));
        return open;
    }

    /** Asserts each host in {@code hosts} completed once, after its last result. */
    void assertEachHostCompletedOnceAfterItsResults(Set<InetAddress> hosts) {
        List<Event> log = events();
        for (InetAddress h : hosts) {
            int completion = -1;
            int lastResult = -1;
            for (int i = 0; i < log.size(); i++) {
                Event e = log.get(i);
                if (!e.host().equals(h)) {
                    continue;
                }
                if (e.result() == null) {
                    if (completion != -1) {
                        throw new AssertionError("second completion of " + h);
                    }
                    completion = i;
                } else {
                    lastResult = i;
                }
            }
            if (completion <= lastResult) {
                throw new AssertionError("completion of " + h + " at " + completion + ", last result at " + lastResult);
            }
        }
    }
}
