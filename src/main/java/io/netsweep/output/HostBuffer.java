package io.netsweep.output;

import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanEvent.Cancelled;
import io.netsweep.scan.ScanEvent.Failed;
import io.netsweep.scan.ScanEvent.FindingRaised;
import io.netsweep.scan.ScanEvent.Finished;
import io.netsweep.scan.ScanEvent.HostCompleted;
import io.netsweep.scan.ScanEvent.HostDown;
import io.netsweep.scan.ScanEvent.HostUp;
import io.netsweep.scan.ScanEvent.HostnameResolved;
import io.netsweep.scan.ScanEvent.PortObserved;
import io.netsweep.scan.ScanEvent.Progress;
import io.netsweep.scan.ScanEvent.ServiceIdentified;
import io.netsweep.scan.ScanEvent.Started;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers per-host events until the host is complete. Memory is bounded by the hosts in progress:
 * a host's record holds that host's results only and is dropped once handed out. Not thread-safe.
 */
final class HostBuffer {
    private final Map<InetAddress, HostRecord> open = new LinkedHashMap<>();

    /**
     * Adds a per-host event to its host's record; returns the record when {@code event} completes
     * the host. Events about the scan as a whole are ignored.
     */
    Optional<HostRecord> accept(ScanEvent event) {
        switch (event) {
            case HostUp(var info) -> record(info.address()).up(info);
            case HostDown(var address) -> record(address).down();
            case PortObserved p -> record(p.address()).port(p);
            case HostnameResolved(var address, var name, var status) -> record(address).hostname(name, status);
            case ServiceIdentified(var address, int port, var report, var protocol) ->
                    record(address).service(protocol, port, report);
            case FindingRaised(var address, int port, var finding, var protocol) ->
                    record(address).finding(protocol, port, finding);
            case HostCompleted h -> {
                HostRecord done = open.remove(h.address());
                if (done != null) {
                    done.completed(h.notShown());
                }
                return Optional.ofNullable(done);
            }
            case Started s -> { }
            case Progress p -> { }
            case Finished f -> { }
            case Cancelled c -> { }
            case Failed f -> { }
        }
        return Optional.empty();
    }

    /** Hosts never completed (a cancelled or failed scan), in the order they were first reported; empties the buffer. */
    List<HostRecord> drain() {
        List<HostRecord> rest = new ArrayList<>(open.values());
        open.clear();
        return rest;
    }

    /** Hosts not completed yet, in the order they were first reported; the buffer keeps them. */
    Collection<HostRecord> inProgress() {
        return Collections.unmodifiableCollection(open.values());
    }

    private HostRecord record(InetAddress address) {
        return open.computeIfAbsent(address, HostRecord::new);
    }
}
