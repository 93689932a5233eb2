package io.netsweep.portscan;

import java.net.InetAddress;

/**
 * A keyed pseudo-random bijection on {@code [0, size)}: a four-round balanced Feistel network over the
 * smallest even-bit domain that holds {@code size} values, with cycle walking to stay inside the range.
 * Walking indexes 0, 1, 2, ... through it visits every index once, in an order fixed by the key, without
 * storing the order. (The targets package will get a general version; this one serves port order only.)
 *
 * <p>Immutable and thread-safe.
 */
final class PortPermutation {
    private static final int ROUNDS = 4;

    private final int size;
    private final int halfBits;
    private final int halfMask;
    private final long[] roundKeys = new long[ROUNDS];

    PortPermutation(int size, long key) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        this.size = size;
        int bits = size <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(size - 1);
        this.halfBits = (bits + 1) / 2;
        this.halfMask = (1 << halfBits) - 1;
        long k = key;
        for (int i = 0; i < ROUNDS; i++) {
            k += 0x9E3779B97F4A7C15L;
            roundKeys[i] = mix(k);
        }
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
        int x = index;
        do {
            x = encrypt(x);
        } while (x >= size);
        return x;
    }

    private int encrypt(int x) {
        int left = x >>> halfBits;
        int right = x & halfMask;
        for (long k : roundKeys) {
            int next = left ^ ((int) mix(right ^ k) & halfMask);
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }

    /** The splitmix64 finaliser: a fast, well-spread 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
