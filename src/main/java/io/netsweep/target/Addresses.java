package io.netsweep.target;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** Address to number and back, for build-time arithmetic (unsigned, big-endian). */
final class Addresses {
    private Addresses() {}

    static int bits(InetAddress a) {
        return a instanceof Inet4Address ? 32 : 128;
    }

    static BigInteger toNumber(InetAddress a) {
        return new BigInteger(1, a.getAddress());
    }

    /** {@code value} with all but the first {@code prefix} of its {@code bits} bits cleared. */
    static BigInteger mask(BigInteger value, int prefix, int bits) {
        return value.shiftRight(bits - prefix).shiftLeft(bits - prefix);
    }

    /** The last address of the block of {@code prefix} starting at {@code network}. */
    static BigInteger blockEnd(BigInteger network, int prefix, int bits) {
        return network.add(BigInteger.ONE.shiftLeft(bits - prefix)).subtract(BigInteger.ONE);
    }

    /** The address numbered {@code value} in a family of {@code bits} bits; IPv6 stays Inet6Address. */
    static InetAddress fromNumber(BigInteger value, int bits) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[bits / 8];
        int n = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - n, bytes, bytes.length - n, n);
        try {
            return bits == 32 ? InetAddress.getByAddress(bytes) : Inet6Address.getByAddress(null, bytes, -1);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("address of " + bytes.length + " bytes", e);
        }
    }
}
