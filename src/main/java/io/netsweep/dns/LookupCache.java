package io.netsweep.dns;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The reverse lookups of one resolver that are in flight, shared by everyone who asks for the same address
 * meanwhile, and the results of the most recent {@code capacity} that ended (least recently asked for leave
 * first). So a scan of a /8 with {@code -R} holds a bounded number of results, however many addresses it
 * asks for; the lookups in flight are bounded by whoever asks (the scan holds each host until its name
 * is known).
 *
 * <p>Thread-safe: one lock over both maps, held only to read or update them.
 */
final class LookupCache {
    /** Who answers a lookup: an existing result or lookup, or a new lookup that the caller must start. */
    sealed interface Claim {
        /** What callers wait on: complete only once the cache has settled the result. */
        CompletableFuture<PtrResult> result();

        /** A result that is known or on its way: nothing to start. */
        record Existing(CompletableFuture<PtrResult> result) implements Claim {}

        /**
         * A new lookup, registered as in flight: the caller starts it and completes {@code lookup}; the cache
         * then keeps the result and completes {@code result}, so whoever sees the result finds it kept.
         */
        record Started(CompletableFuture<PtrResult> lookup, CompletableFuture<PtrResult> result) implements Claim {}
    }

    private final Object lock = new Object();
    // guarded by lock
    private final Map<InetAddress, Claim.Started> inFlight = new HashMap<>();
    private final LinkedHashMap<InetAddress, PtrResult> recent;

    LookupCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1: " + capacity);
        }
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, PtrResult> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The result or lookup in flight for {@code address}, or a new lookup registered as in flight. */
    Claim claim(InetAddress address) {
        synchronized (lock) {
            PtrResult known = recent.get(address);
            if (known != null) {
                return new Claim.Existing(CompletableFuture.completedFuture(known));
            }
            Claim.Started pending = inFlight.get(address);
            if (pending != null) {
                return new Claim.Existing(pending.result());
            }
            var lookup = new CompletableFuture<PtrResult>();
            var started = new Claim.Started(lookup, lookup.thenApply(result -> settle(address, result)));
            inFlight.put(address, started);
            return started;
        }
    }

    /** The lookups in flight now (each to be completed through {@link Claim.Started#lookup}), for closing. */
    Map<InetAddress, CompletableFuture<PtrResult>> inFlight() {
        synchronized (lock) {
            Map<InetAddress, CompletableFuture<PtrResult>> lookups = new HashMap<>();
            inFlight.forEach((address, started) -> lookups.put(address, started.lookup()));
            return lookups;
        }
    }

    /** How many results are kept (lookups in flight aside). */
    int size() {
        synchronized (lock) {
            return recent.size();
        }
    }

    /** Keeps {@code result}, which then leaves the lookups in flight; runs before anyone sees it. */
    private PtrResult settle(InetAddress address, PtrResult result) {
        synchronized (lock) {
            inFlight.remove(address); // still this lookup's entry: no other can be made while it is there
            recent.put(address, result);
        }
        return result;
    }
}
