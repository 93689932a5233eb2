package io.netsweep.target;

/**
 * A seeded pseudo-random bijection of {@code [0, n)} onto itself for any {@code n} from 1 to 2^48,
 * in O(1) memory: the engine maps probe number {@code i} to target index {@link #apply(long) apply(i)}
 * so consecutive probes land on hosts far apart, as masscan's BlackRock does.
 *
 * <p>A balanced Feistel network on the smallest even number of bits {@code 2k} with {@code 2^2k >= n}
 * permutes {@code [0, 2^2k)}; cycle-walking (re-applying it until the value falls below {@code n})
 * restricts that permutation to {@code [0, n)} and keeps it a bijection. As {@code 2^2k < 4n}, a call
 * takes fewer than four walks on average. Not cryptographic: it spreads load, it hides nothing.
 *
 * <p>Immutable and thread-safe. The same {@code n} and seed always give the same order.
 */
public final class Permutation {
    private static final int ROUNDS = 6;

    private final long n;
    private final int halfBits;
    private final long halfMask;
    private final long[] roundKeys = new long[ROUNDS];

    public Permutation(long n, long seed) {
        if (n < 1 || n > TargetSet.MAX) {
            throw new IllegalArgumentException("permutation size must be 1 to 2^48, not " + n);
        }
        this.n = n;
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(n - 1));
        this.halfBits = (bits + 1) / 2;
        this.halfMask = (1L << halfBits) - 1;
        long state = seed;
        for (int r = 0; r < ROUNDS; r++) {
            state += 0x9E3779B97F4A7C15L;
            roundKeys[r] = mix(state);
        }
    }

    public long size() {
        return n;
    }

    /** The image of {@code index}; distinct indexes in {@code [0, n)} give distinct results in {@code [0, n)}. */
    public long apply(long index) {
        if (index < 0 || index >= n) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0-" + (n - 1));
        }
        long x = index;
        do {
            x = encrypt(x);
        } while (x >= n);
        return x;
    }

    private long encrypt(long x) {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (long key : roundKeys) {
            long next = left ^ (mix(right ^ key) & halfMask);
            left = right;
            right = next;
        }
        return left << halfBits | right;
    }

    /** SplitMix64's finalizer: a fast, well-distributed 64-bit mix. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
