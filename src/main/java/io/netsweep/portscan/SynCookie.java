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
 * <p>Immutable and thread-safe; {@link #of} reuses no buffer.
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

    /** The cookie of a probe to {@code address} (4 or 16 bytes), {@code port}, from {@code sourcePort}. */
    int of(byte[] address, int port, int sourcePort) {
        byte[] m = new byte[address.length + 4];
        System.arraycopy(address, 0, m, 0, address.length);
        m[address.length] = (byte) (port >>> 8);
        m[address.length + 1] = (byte) port;
        m[address.length + 2] = (byte) (sourcePort >>> 8);
        m[address.length + 3] = (byte) sourcePort;
        long h = sipHash24(k0, k1, m);
        return (int) (h ^ (h >>> 32));
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
