package io.netsweep.discovery;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Encodes and decodes Linux {@code sockaddr_in} / {@code sockaddr_in6}. Stateless. */
final class SockAddr {
    /** Room for any address family ({@code sizeof(struct sockaddr_storage)}). */
    static final int STORAGE_SIZE = 128;
    static final int IN_SIZE = 16;
    static final int IN6_SIZE = 28;

    private static final ValueLayout.OfShort FAMILY = ValueLayout.JAVA_SHORT;

    private SockAddr() {}

    /** Writes {@code address} (port 0) into {@code seg}; returns the length to pass to the call. */
    static int write(MemorySegment seg, InetAddress address) {
        seg.fill((byte) 0);
        byte[] raw = address.getAddress();
        if (address instanceof Inet4Address) {
            seg.set(FAMILY, 0, (short) Libc.AF_INET);
            MemorySegment.copy(raw, 0, seg, ValueLayout.JAVA_BYTE, 4, 4);
            return IN_SIZE;
        }
        seg.set(FAMILY, 0, (short) Libc.AF_INET6);
        MemorySegment.copy(raw, 0, seg, ValueLayout.JAVA_BYTE, 8, 16);
        int scope = address instanceof Inet6Address a6 ? a6.getScopeId() : 0;
        seg.set(ValueLayout.JAVA_INT_UNALIGNED, 24, scope);
        return IN6_SIZE;
    }

    /** Reads the address a call wrote into {@code seg}; empty for other families. */
    static Optional<InetAddress> read(MemorySegment seg) {
        int family = seg.get(FAMILY, 0);
        try {
            if (family == Libc.AF_INET) {
                byte[] raw = new byte[4];
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, 4, raw, 0, 4);
                return Optional.of(InetAddress.getByAddress(raw));
            }
            if (family == Libc.AF_INET6) {
                byte[] raw = new byte[16];
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, 8, raw, 0, 16);
                // getByAddress maps ::ffff:a.b.c.d to an Inet4Address, which is what a match needs.
                return Optional.of(InetAddress.getByAddress(raw));
            }
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4- or 16-byte address is always valid", e);
        }
        return Optional.empty();
    }
}
