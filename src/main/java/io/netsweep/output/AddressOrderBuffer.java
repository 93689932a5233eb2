package io.netsweep.output;

import io.netsweep.scan.ScanEvent.Progress;
import io.netsweep.target.AddressOrder;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Completed hosts waiting until every lower target has settled, so that a writer prints hosts in
 * address order ({@link AddressOrder}) while the scan completes them in any order.
 *
 * <p>A host is released once the scan reports a first unsettled target above it
 * ({@link Progress#firstUnsettled()}, about every 200 ms), or when the scan ends. The trade-off is
 * memory against order: at most {@link #MAX_HOSTS} hosts holding at most {@link #MAX_ROWS} rows wait
 * here. Past either bound the lowest waiting host is released at once although a lower target may
 * still complete, and that target's host is then printed after it: order is exact as long as the
 * scan never leaves more than the bound waiting behind its slowest host. A discovery sweep walks the
 * targets nearly in order, so this takes a very slow host among thousands of faster ones; a
 * {@code -Pn} scan feeds its targets in a spread-out order, so over more than {@link #MAX_HOSTS}
 * targets it is printed in order within windows of that size only. Not thread-safe.
 */
final class AddressOrderBuffer {
    static final int MAX_HOSTS = 4096;
    static final int MAX_ROWS = 65_536;

    private final int maxHosts;
    private final int maxRows;
    private final TreeMap<InetAddress, HostRecord> waiting = new TreeMap<>(AddressOrder.ASCENDING);
    private int rows;

    AddressOrderBuffer() {
        this(MAX_HOSTS, MAX_ROWS);
    }

    AddressOrderBuffer(int maxHosts, int maxRows) {
        if (maxHosts < 1 || maxRows < 1) {
            throw new IllegalArgumentException("bounds must be at least 1");
        }
        this.maxHosts = maxHosts;
        this.maxRows = maxRows;
    }

    /** Adds a completed host; returns the hosts the memory bound releases early, lowest first. */
    List<HostRecord> completed(HostRecord host) {
        HostRecord replaced = waiting.put(host.address(), host);
        if (replaced != null) {
            rows -= replaced.size();
        }
        rows += host.size();
        List<HostRecord> released = new ArrayList<>(0);
        while (waiting.size() > 1 && (waiting.size() > maxHosts || rows > maxRows)) {
            released.add(take(waiting.firstEntry()));
        }
        return released;
    }

    /** Releases the hosts below {@code firstUnsettled}, lowest first: no lower target can complete any more. */
    List<HostRecord> settledBelow(InetAddress firstUnsettled) {
        List<HostRecord> released = new ArrayList<>(0);
        while (!waiting.isEmpty() && AddressOrder.compare(waiting.firstKey(), firstUnsettled) < 0) {
            released.add(take(waiting.firstEntry()));
        }
        return released;
    }

    /** Every waiting host and {@code unfinished}, merged in address order; empties the buffer. */
    List<HostRecord> drain(Collection<HostRecord> unfinished) {
        List<HostRecord> all = new ArrayList<>(waiting.values());
        all.addAll(unfinished);
        all.sort((a, b) -> AddressOrder.compare(a.address(), b.address()));
        waiting.clear();
        rows = 0;
        return all;
    }

    private HostRecord take(Map.Entry<InetAddress, HostRecord> entry) {
        waiting.remove(entry.getKey());
        rows -= entry.getValue().size();
        return entry.getValue();
    }
}
