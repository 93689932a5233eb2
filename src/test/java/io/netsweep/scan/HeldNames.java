package io.netsweep.scan;

import io.netsweep.dns.DnsOptions;
import io.netsweep.dns.DnsStatus;
import io.netsweep.dns.PtrResult;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Reverse DNS that answers when the test says ({@link #answer}), so a scan can be held with lookups
 * outstanding. Closing completes what is pending as {@code DISABLED}, as the real resolver does. Its own
 * factory: pass {@code this::open}. Thread-safe.
 */
final class HeldNames implements NameLookup {
    private final Map<InetAddress, CompletableFuture<PtrResult>> lookups = new LinkedHashMap<>();
    private boolean closed;

    NameLookup open(DnsOptions options) {
        return this;
    }

    @Override
    public synchronized CompletionStage<PtrResult> lookup(InetAddress address) {
        CompletableFuture<PtrResult> f = new CompletableFuture<>();
        if (closed) {
            f.complete(PtrResult.notFound(address, DnsStatus.DISABLED));
        } else {
            lookups.put(address, f);
            notifyAll();
        }
        return f;
    }

    /** Completes the lookup of {@code address} with {@code name}; the caller's callbacks run on this thread. */
    void answer(InetAddress address, String name) {
        CompletableFuture<PtrResult> f;
        synchronized (this) {
            f = lookups.get(address);
        }
        if (f == null) {
            throw new AssertionError("no lookup of " + address);
        }
        f.complete(PtrResult.found(address, name));
    }

    /**
     * Waits until {@code address} has been looked up; fails the test at the deadline. The scan attaches
     * its callback just after, and before it hands the host to the port scan.
     */
    synchronized void awaitLookup(InetAddress address) throws InterruptedException {
        long deadline = System.nanoTime() + EventLog.DEADLINE.toNanos();
        while (!lookups.containsKey(address)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no lookup of " + address + " within " + EventLog.DEADLINE);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized Set<InetAddress> askedFor() {
        return Set.copyOf(lookups.keySet());
    }

    synchronized boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        Map<InetAddress, CompletableFuture<PtrResult>> pending;
        synchronized (this) {
            closed = true;
            pending = Map.copyOf(lookups);
        }
        pending.forEach((a, f) -> f.complete(PtrResult.notFound(a, DnsStatus.DISABLED)));
    }
}
