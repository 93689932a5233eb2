package io.netsweep.portscan;

import io.netsweep.target.Permutation;
import java.net.InetAddress;

/**
 * The order in which one host's ports are probed: the targets package's keyed {@link Permutation},
 * keyed per host so that hosts scanned with one seed still walk their ports in different orders.
 *
 * <p>Immutable and thread-safe.
 */
final class PortPermutation {
    private final int size;
    private final Permutation permutation; // null for an empty port set

    PortPermutation(int size, long key) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        this.size = size;
        this.permutation = size == 0 ? null : new Permutation(size, key);
    }

    /** The permutation of a host's ports for a scan seed: the same seed and host give the same order. */
    static PortPermutation forHost(int size, long seed, InetAddress host) {
        long key = seed;
        for (byte b : host.getAddress()) {
            key = mix(key ^ (b & 0xFF));
        }
        return new PortPermutation(size, key);
    }

    int size() {
        return size;
    }

    /** The image of {@code index}, itself in {@code [0, size)}. */
    int apply(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return (int) permutation.apply(index);
    }

    /** The splitmix64 finaliser: a fast, well-spread 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
