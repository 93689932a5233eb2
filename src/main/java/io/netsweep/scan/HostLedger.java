package io.netsweep.scan;

import io.netsweep.portscan.PortState;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which hosts are still being scanned, what each still waits for, and whether the scan has work left.
 * It alone emits the per-host events, so their order holds by construction: a host's first event
 * ({@link ScanEvent.HostUp} or {@link ScanEvent.HostDown}), its results while it has parts outstanding,
 * then {@link ScanEvent.HostCompleted} when the last part is released, with the count of the host's ports
 * that were probed but not reported.
 *
 * <p>A host's parts: one held by whoever opens it (released once it has handed out the host's work), one
 * per pending port scan, name lookup and identification. The scan's units: one for the target feed, one
 * per open host; when none is left, {@code allDone} runs, once.
 *
 * <p>{@link #close()} freezes the ledger when the scan ends early: no host is opened, no result is
 * reported and no host is completed after it, so the hosts that had a first event and no
 * {@link ScanEvent.HostCompleted} are exactly those still being scanned when the scan stopped
 * (components that are shutting down still call in, with nothing a person should see, such as the
 * {@code DISABLED} of a lookup cut short).
 *
 * <p>It also says which targets have settled ({@link SettledTargets}): a host once its
 * {@code HostCompleted} is queued, a target found down and not reported once it is {@link #passed}.
 * So a progress event that counts a target as settled is queued after everything about it.
 *
 * <p>Thread-safe: components call it from their own threads. Events are queued under its lock, which
 * only appends to the dispatcher's queue.
 */
final class HostLedger {
    private final EventDispatcher events;
    private final SettledTargets settled;
    private final Runnable allDone;
    private final Map<InetAddress, Integer> parts = new HashMap<>();
    private final Map<InetAddress, PortCounts> notShown = new HashMap<>();
    private long units = 1; // the target feed
    private long hostsUp;
    private boolean closed;

    HostLedger(EventDispatcher events, SettledTargets settled, Runnable allDone) {
        this.events = events;
        this.settled = settled;
        this.allDone = allDone;
    }

    /**
     * Reports a host with {@code first} and holds one part of it for the caller, who must
     * {@link #release} it. False (and nothing emitted) when the host was reported already, or the
     * ledger is closed.
     */
    synchronized boolean open(InetAddress address, ScanEvent first) {
        if (closed || parts.containsKey(address)) {
            return false;
        }
        parts.put(address, 1);
        units++;
        if (first instanceof ScanEvent.HostUp) {
            hostsUp++;
        }
        events.emit(first);
        return true;
    }

    /** One more thing {@code address} waits for; false when it is not being scanned (then nothing is owed). */
    synchronized boolean addPart(InetAddress address) {
        Integer n = parts.get(address);
        if (closed || n == null) {
            return false;
        }
        parts.put(address, n + 1);
        return true;
    }

    /**
     * Emits {@code result} (if not null) about a host still being scanned; returns whether the host is,
     * that is whether a result about it still counts.
     */
    synchronized boolean report(InetAddress address, ScanEvent result) {
        if (closed || !parts.containsKey(address)) {
            return false;
        }
        if (result != null) {
            events.emit(result);
        }
        return true;
    }

    /**
     * A port of a host still being scanned ended in {@code state}, which the request counts but does
     * not report; returns whether the host is being scanned, as {@link #report} does.
     */
    synchronized boolean countNotShown(InetAddress address, PortState state) {
        if (closed || !parts.containsKey(address)) {
            return false;
        }
        notShown.merge(address, PortCounts.NONE.plus(state), (counts, one) -> counts.plus(state));
        return true;
    }

    /** A target that is not reported at all (found down, down hosts not asked for) has settled. */
    void passed(InetAddress address) {
        settled.settle(address);
    }

    /** The lowest target not settled yet, if known (see {@link ScanEvent.Progress#firstUnsettled()}). */
    Optional<InetAddress> firstUnsettled() {
        return settled.first();
    }

    /** One part of {@code address} is done; the last one completes the host. */
    void release(InetAddress address) {
        synchronized (this) {
            Integer n = parts.get(address);
            if (closed || n == null) {
                return;
            }
            if (n > 1) {
                parts.put(address, n - 1);
                return;
            }
            parts.remove(address);
            PortCounts counted = notShown.remove(address);
            events.emit(new ScanEvent.HostCompleted(address, counted == null ? PortCounts.NONE : counted));
            settled.settle(address); // after the event is queued: a later progress event may count it
            if (--units > 0) {
                return;
            }
        }
        allDone.run();
    }

    /** The target feed has handed out its last host. */
    void feedDone() {
        synchronized (this) {
            if (closed || --units > 0) {
                return;
            }
        }
        allDone.run();
    }

    /** Freezes the ledger (see the type's comment). Idempotent. */
    synchronized void close() {
        closed = true;
    }

    /** Hosts reported up so far. */
    synchronized long hostsUp() {
        return hostsUp;
    }
}
