package io.netsweep.discovery;

import io.netsweep.timing.MonotonicClock;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns verdicts into listener calls on its own thread, adding MAC and vendor for hosts on a
 * directly connected subnet, so that reading the neighbor table, loading the vendor registry or a
 * slow listener never holds up the probes. The neighbor table is read again only when a host
 * answered after the last read and is not in it, so a burst of answers costs one read.
 *
 * <p>Threading: the scheduler submits; one emitter thread (started by {@link #start}) makes every
 * listener call, in submission order, so the listener is never called concurrently.
 */
final class HostEmitter {

    /** A host found up, waiting to be reported. */
    record Up(InetAddress address, boolean onLink, String reason, Optional<Duration> rtt, long answeredAt) {}

    /**
     * A local target that never answered a probe; the neighbor table decides it.
     *
     * @param waitUntil until when (clock nanos) an entry still resolving is waited for
     */
    record Silent(InetAddress address, long waitUntil) {}

    /**
     * How long after the first probe an unresolved (INCOMPLETE) neighbor entry is still waited
     * for when only the kernel asks (no ARP requests of our own): just past the kernel's first
     * ARP/NDP retransmission (1 s by default), so one lost ARP request or reply does not hide a
     * host that ignores ICMP.
     */
    static final long NEIGHBOR_GRACE_NANOS = 1_150_000_000L;
    private static final long NEIGHBOR_POLL_NANOS = 50_000_000L;

    private sealed interface Task {
        record Ups(List<Up> hosts) implements Task {}

        record Down(InetAddress address) implements Task {}

        record Silents(List<Silent> targets) implements Task {}

        record End() implements Task {}
    }

    private final DiscoveryListener listener;
    private final NeighborSource neighbors;
    private final OuiRegistry oui;
    private final LocalNetworks local;
    private final boolean readNeighbors;
    private final MonotonicClock clock;
    private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    private final AtomicLong reported = new AtomicLong();
    private final AtomicLong submitted = new AtomicLong();
    private volatile boolean cancelled;
    // Emitter thread only:
    private NeighborTable v4 = NeighborTable.empty();
    private NeighborTable v6 = NeighborTable.empty();
    private boolean v4Read;
    private boolean v6Read;
    private long v4ReadAt;
    private long v6ReadAt;

    HostEmitter(DiscoveryListener listener, NeighborSource neighbors, OuiRegistry oui, LocalNetworks local,
                boolean readNeighbors, MonotonicClock clock) {
        this.listener = listener;
        this.neighbors = neighbors;
        this.oui = oui;
        this.local = local;
        this.readNeighbors = readNeighbors;
        this.clock = clock;
    }

    /** Targets reported to the listener so far. */
    long reported() {
        return reported.get();
    }

    /**
     * Targets submitted and not yet reported: the sweep takes no new target while too many wait, so a slow
     * listener (one that waits for room for reverse lookups) holds up the sweep instead of this queue growing.
     */
    long backlog() {
        return submitted.get() - reported.get();
    }

    void submitUp(List<Up> hosts) {
        submitted.addAndGet(hosts.size());
        tasks.add(new Task.Ups(List.copyOf(hosts)));
    }

    void submitDown(InetAddress address) {
        submitted.incrementAndGet();
        tasks.add(new Task.Down(address));
    }

    /** Silent local targets: the neighbor table, read afresh, decides them. */
    void submitSilent(List<Silent> targets) {
        submitted.addAndGet(targets.size());
        tasks.add(new Task.Silents(List.copyOf(targets)));
    }

    /** Nothing more will be submitted; the emitter thread ends after what is queued. */
    void submitEnd() {
        tasks.add(new Task.End());
    }

    /** Stops reporting: what is queued but not yet reported is dropped, except hosts already found up. */
    void cancel() {
        cancelled = true;
    }

    /**
     * Runs the emitter loop on the calling thread until {@link #submitEnd} is processed.
     *
     * @throws RuntimeException whatever the listener throws
     */
    void run() throws InterruptedException {
        while (true) {
            Task t = tasks.take();
            switch (t) {
                case Task.Ups u -> up(u.hosts());
                case Task.Down d -> {
                    if (!cancelled) {
                        listener.onHostDown(d.address());
                        reported.incrementAndGet();
                    }
                }
                case Task.Silents s -> {
                    if (!cancelled) {
                        silent(s.targets());
                    }
                }
                case Task.End e -> {
                    return;
                }
            }
        }
    }

    private void up(List<Up> hosts) {
        boolean need4 = false;
        boolean need6 = false;
        for (Up h : hosts) {
            if (wantsNeighbor(h)) {
                boolean six = h.address() instanceof Inet6Address;
                if (six && readBefore(v6Read, v6ReadAt, h.answeredAt()) && v6.present(h.address()).isEmpty()) {
                    need6 = true;
                } else if (!six && readBefore(v4Read, v4ReadAt, h.answeredAt()) && v4.present(h.address()).isEmpty()) {
                    need4 = true;
                }
            }
        }
        refresh(need4, need6);
        for (Up h : hosts) {
            Optional<MacAddress> mac = macOf(h);
            listener.onHostUp(new HostInfo(h.address(), h.reason(), h.rtt(), mac, mac.flatMap(oui::vendor)));
            reported.incrementAndGet();
        }
    }

    /**
     * Decides silent local targets: present in the neighbor table means up ({@code arp} /
     * {@code ndp}), absent or FAILED means down, INCOMPLETE (still resolving) is waited for until
     * the target's {@link Silent#waitUntil}.
     */
    private void silent(List<Silent> targets) throws InterruptedException {
        List<Silent> open = new ArrayList<>(targets);
        while (!open.isEmpty() && !cancelled) {
            boolean any4 = open.stream().anyMatch(t -> !(t.address() instanceof Inet6Address));
            boolean any6 = open.stream().anyMatch(t -> t.address() instanceof Inet6Address);
            refresh(any4, any6);
            long now = clock.nanoTime();
            List<Silent> waiting = new ArrayList<>();
            for (Silent t : open) {
                if (cancelled) {
                    return;
                }
                Optional<NeighborEntry> n = neighbor(t.address());
                if (n.isPresent()) {
                    Optional<MacAddress> mac = n.get().mac();
                    String reason = t.address() instanceof Inet6Address ? "ndp" : "arp";
                    listener.onHostUp(new HostInfo(t.address(), reason, Optional.empty(), mac, mac.flatMap(oui::vendor)));
                    reported.incrementAndGet();
                } else if (resolving(t.address()) && now - t.waitUntil() < 0) {
                    waiting.add(t);
                } else {
                    listener.onHostDown(t.address());
                    reported.incrementAndGet();
                }
            }
            open = waiting;
            if (!open.isEmpty()) {
                // Read again soon, but not past the first deadline: that one is decided then.
                long first = open.stream().mapToLong(t -> t.waitUntil() - now).min().orElseThrow();
                clock.parkNanos(Math.max(1, Math.min(NEIGHBOR_POLL_NANOS, first)));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    }

    /** Whether the table was last read before {@code answeredAt} (or never), by difference: clock values wrap. */
    private static boolean readBefore(boolean read, long readAt, long answeredAt) {
        return !read || answeredAt - readAt > 0;
    }

    private boolean resolving(InetAddress address) {
        return (address instanceof Inet6Address ? v6 : v4).lookup(address)
                .map(e -> e.state() == NeighborState.INCOMPLETE).orElse(false);
    }

    private void refresh(boolean ipv4, boolean ipv6) {
        if (ipv4) {
            v4Read = true;
            v4ReadAt = clock.nanoTime();
            v4 = neighbors.read(false);
        }
        if (ipv6) {
            v6Read = true;
            v6ReadAt = clock.nanoTime();
            v6 = neighbors.read(true);
        }
    }

    private Optional<NeighborEntry> neighbor(InetAddress address) {
        return (address instanceof Inet6Address ? v6 : v4).present(address);
    }

    private boolean wantsNeighbor(Up h) {
        return readNeighbors && h.onLink() && !local.isOwn(h.address());
    }

    private Optional<MacAddress> macOf(Up h) {
        Optional<MacAddress> own = local.ownMac(h.address());
        if (own.isPresent() || !wantsNeighbor(h)) {
            return own;
        }
        return neighbor(h.address()).flatMap(NeighborEntry::mac);
    }
}
