package io.netsweep.portscan;

import java.security.SecureRandom;

/**
 * The sequence number a SYN carries: SipHash-2-4, keyed with a secret drawn once per scan, of the target's address
 * and port and the scan's source port. An answer acknowledges it (SYN-ACK and RST-ACK carry it plus one, an ICMP
 * error quotes it), so only the target that received the probe (or someone who saw it on the way) can make an
 * answer that marks the port: a forged or stray packet does not know the secret, and a duplicate finds its probe
 * already ended.
 *
 * <p>Every attempt of a probe carries the same number (see {@link SynIo}): a retransmission with another one would
 * be reset by a target that holds the half-open connection of an earlier attempt.
 *
 * <p>Immutable and thread-safe; {@link #of} allocates nothing.
 */
final class SynCookie {
    private final long k0;
    private final long k1;

    SynCookie(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** A cookie with a fresh secret from the system's strong random source. */
    static SynCookie random() {
        SecureRandom r = new SecureRandom();
        return new SynCookie(r.nextLong(), r.nextLong());
    }

    /**
     * The cookie of a probe to {@code address} (4 or 16 bytes), {@code port}, from {@code sourcePort}: SipHash-2-4 of
     * the address, the port and the source port (big-endian, 8 or 20 bytes), folded to 32 bits. Computed on the
     * message's words directly, allocating nothing: the SYN scan asks for one per probe and per answer.
     */
    int of(byte[] address, int port, int sourcePort) {
        long ports = (port >>> 8 & 0xFFL) | (port & 0xFFL) << 8 | (sourcePort >>> 8 & 0xFFL) << 16
                | (sourcePort & 0xFFL) << 24;
        long h;
        if (address.length == 4) {
            h = hash(k0, k1, 1, littleEndian(address, 0, 4) | ports << 32, 0, 8L << 56);
        } else {
            h = hash(k0, k1, 2, littleEndian(address, 0, 8), littleEndian(address, 8, 8),
                    (long) (address.length + 4) << 56 | littleEndian(address, 16, address.length - 16) | ports);
        }
        return (int) (h ^ (h >>> 32));
    }

    /**
     * SipHash-2-4 of a message of {@code words} full words ({@code w0}, then {@code w1}; at most two) and the last
     * word {@code last} (its length byte and remaining bytes), as {@link #sipHash24} computes it.
     */
    private static long hash(long k0, long k1, int words, long w0, long w1, long last) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        for (int b = 0; b <= words; b++) {
            long m = b == words ? last : b == 0 ? w0 : w1;
            v3 ^= m;
            for (int r = 0; r < 2; r++) {
                v0 += v1;
                v1 = Long.rotateLeft(v1, 13);
                v1 ^= v0;
                v0 = Long.rotateLeft(v0, 32);
                v2 += v3;
                v3 = Long.rotateLeft(v3, 16);
                v3 ^= v2;
                v0 += v3;
                v3 = Long.rotateLeft(v3, 21);
                v3 ^= v0;
                v2 += v1;
                v1 = Long.rotateLeft(v1, 17);
                v1 ^= v2;
                v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        v2 ^= 0xff;
        for (int r = 0; r < 4; r++) {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13);
            v1 ^= v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17);
            v1 ^= v2;
            v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static long littleEndian(byte[] b, int from, int n) {
        return word(b, from, n);
    }

    /** SipHash-2-4 of {@code m} (Aumasson and Bernstein, 2012), little-endian as specified. */
    static long sipHash24(long k0, long k1, byte[] m) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        int full = m.length & ~7;
        long[] v = {v0, v1, v2, v3};
        for (int i = 0; i < full; i += 8) {
            long w = word(m, i, 8);
            v[3] ^= w;
            rounds(v, 2);
            v[0] ^= w;
        }
        long last = ((long) m.length << 56) | word(m, full, m.length - full);
        v[3] ^= last;
        rounds(v, 2);
        v[0] ^= last;
        v[2] ^= 0xff;
        rounds(v, 4);
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static long word(byte[] m, int from, int n) {
        long w = 0;
        for (int i = 0; i < n; i++) {
            w |= (m[from + i] & 0xFFL) << (8 * i);
        }
        return w;
    }

    private static void rounds(long[] v, int n) {
        for (int i = 0; i < n; i++) {
            v[0] += v[1];
            v[1] = Long.rotateLeft(v[1], 13);
            v[1] ^= v[0];
            v[0] = Long.rotateLeft(v[0], 32);
            v[2] += v[3];
            v[3] = Long.rotateLeft(v[3], 16);
            v[3] ^= v[2];
            v[0] += v[3];
            v[3] = Long.rotateLeft(v[3], 21);
            v[3] ^= v[0];
            v[2] += v[1];
            v[1] = Long.rotateLeft(v[1], 17);
            v[1] ^= v[2];
            v[2] = Long.rotateLeft(v[2], 32);
        }
    }
}
