package io.netsweep.portscan;

import java.util.ArrayDeque;

/**
 * Decides which probe goes next: round-robin over the hosts that have a probe waiting and room in their
 * congestion window, one probe per host per turn, each host's ports in its seeded permutation. For the same
 * seed, the same submissions and the same sequence of answers, the order is the same.
 *
 * <p>Not thread-safe: owned by the engine thread. The engine calls {@link #reconsider} whenever a host's
 * work or window may have changed (an answer, a timeout, a retry).
 */
final class ProbeScheduler {
    private final ArrayDeque<HostState> ready = new ArrayDeque<>();

    /** Offers {@code host} a turn if it has a probe to send and room for it. */
    void reconsider(HostState host) {
        if (!host.queued && host.canLaunch()) {
            host.queued = true;
            ready.addLast(host);
        }
    }

    /** Whether {@link #next} would return a probe now. */
    boolean hasReady() {
        HostState head;
        while ((head = ready.peekFirst()) != null && !head.canLaunch()) {
            ready.pollFirst();
            head.queued = false;
        }
        return head != null;
    }

    /** The next probe to send, or null if no host can send now. */
    Probe next() {
        if (!hasReady()) {
            return null;
        }
        HostState host = ready.pollFirst();
        host.queued = false;
        Probe p = host.take();
        reconsider(host);
        return p;
    }
}
