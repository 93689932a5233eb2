package io.netsweep.scan;

import io.netsweep.target.AddressOrder;
import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which targets have settled (found down, or completed with every result reported), kept as the
 * lowest unsettled target index plus a bitmap of the settled targets above it. Writers that print
 * hosts in address order release a host once every lower target has settled.
 *
 * <p>Memory follows the spread between the lowest unsettled target and the highest settled one,
 * one bit per target in 64 Kibit chunks, and is capped at {@link #MAX_CHUNKS} chunks (2 MiB): should
 * targets settle more than 2^24 places above the lowest unsettled one (a spread-out {@code -Pn} order
 * over a huge range), tracking stops and {@link #first()} is empty from then on; writers then fall
 * back on their own bounded windows. A discovery sweep walks targets nearly in order, so its spread
 * is about that of the hosts still being scanned.
 *
 * <p>Thread-safe: targets settle on discovery's, the engine's and the resolvers' threads.
 */
final class SettledTargets {
    static final int CHUNK_BITS = 1 << 16;
    static final int MAX_CHUNKS = 256;

    private final TargetSet targets;
    private final int chunkBits;
    private final int maxChunks;
    private final TreeMap<Long, long[]> chunks = new TreeMap<>();
    private long first;
    private boolean overflowed;

    SettledTargets(TargetSet targets) {
        this(targets, CHUNK_BITS, MAX_CHUNKS);
    }

    SettledTargets(TargetSet targets, int chunkBits, int maxChunks) {
        if (chunkBits < 64 || chunkBits % 64 != 0 || maxChunks < 1) {
            throw new IllegalArgumentException("chunks of whole longs, at least one");
        }
        this.targets = targets;
        this.chunkBits = chunkBits;
        this.maxChunks = maxChunks;
    }

    /** {@code address} has settled: nothing more will be reported about it. Repeats and strangers are ignored. */
    synchronized void settle(InetAddress address) {
        long index = indexOf(address);
        if (index >= 0) {
            settle(index);
        }
    }

    /** The lowest target not settled yet; empty once all have settled or when no longer tracked. */
    synchronized Optional<InetAddress> first() {
        return overflowed || first >= targets.size() ? Optional.empty() : Optional.of(targets.get(first));
    }

    /** The target at {@code index} of the target set has settled. */
    synchronized void settle(long index) {
        if (overflowed || index < first) {
            return;
        }
        if (index == first) {
            first++;
            advance();
            return;
        }
        long chunk = index / chunkBits;
        long[] bits = chunks.get(chunk);
        if (bits == null) {
            if (chunks.size() >= maxChunks) {
                overflowed = true;
                chunks.clear();
                return;
            }
            bits = new long[chunkBits / 64];
            chunks.put(chunk, bits);
        }
        int bit = (int) (index % chunkBits);
        bits[bit >>> 6] |= 1L << bit;
    }

    /** Moves {@link #first} past the settled targets that follow it, dropping chunks left behind. */
    private void advance() {
        while (true) {
            long chunk = first / chunkBits;
            chunks.headMap(chunk).clear();
            long[] bits = chunks.get(chunk);
            if (bits == null) {
                return;
            }
            int bit = (int) (first % chunkBits);
            int word = bit >>> 6;
            long unsettled = ~bits[word] & (-1L << (bit & 63)); // unsettled targets from first on, in this word
            while (unsettled == 0 && ++word < bits.length) {
                unsettled = ~bits[word];
            }
            if (unsettled == 0) {
                chunks.remove(chunk);
                first = (chunk + 1) * chunkBits;
                continue;
            }
            first = chunk * chunkBits + word * 64L + Long.numberOfTrailingZeros(unsettled);
            return;
        }
    }

    /** The index of {@code address} in the target set, or -1: a binary search over the set's order. */
    private long indexOf(InetAddress address) {
        long low = 0;
        long high = targets.size() - 1;
        while (low <= high) {
            long mid = (low + high) >>> 1;
            int c = AddressOrder.compare(targets.get(mid), address);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }
}
