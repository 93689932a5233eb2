package io.netsweep.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** {@code <netinet/in.h>} (with {@code <linux/in.h>} and {@code <linux/in6.h>}): IP protocols, options, addresses. */
final class NetinetIn {
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_ICMPV6 = 58;
    static final int IP_RECVERR = 11;
    static final int IPV6_RECVERR = 25;
    /** A raw IPv6 socket's checksum offset: the kernel computes (and checks) the checksum there. */
    static final int IPV6_CHECKSUM = 7;

    private static final ValueLayout.OfShort NET_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt NET_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    /** {@code struct sockaddr_in}; port and address in network byte order. */
    static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            NET_SHORT.withName("sin_port"),
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero")).withName("sockaddr_in");
    private static final long SIN_FAMILY = offset(SOCKADDR_IN, "sin_family");
    private static final long SIN_PORT = offset(SOCKADDR_IN, "sin_port");
    static final long SIN_ADDR = offset(SOCKADDR_IN, "sin_addr");
    private static final long SIN_ZERO = offset(SOCKADDR_IN, "sin_zero");

    /** {@code struct sockaddr_in6}; port, flow label and address in network byte order. */
    static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            NET_SHORT.withName("sin6_port"),
            NET_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id")).withName("sockaddr_in6");
    private static final long SIN6_FAMILY = offset(SOCKADDR_IN6, "sin6_family");
    private static final long SIN6_PORT = offset(SOCKADDR_IN6, "sin6_port");
    private static final long SIN6_FLOWINFO = offset(SOCKADDR_IN6, "sin6_flowinfo");
    static final long SIN6_ADDR = offset(SOCKADDR_IN6, "sin6_addr");
    private static final long SIN6_SCOPE_ID = offset(SOCKADDR_IN6, "sin6_scope_id");

    private NetinetIn() {
    }

    // Field accessors, as jextract generates them (see SysSocket).

    /** Writes a whole {@code sockaddr_in}: family, port, address (4 bytes from {@code raw}), zero padding. */
    static void sockaddr_in(MemorySegment sa, int port, byte[] raw) {
        sa.set(JAVA_SHORT, SIN_FAMILY, (short) SysSocket.AF_INET);
        sa.set(NET_SHORT, SIN_PORT, (short) port);
        MemorySegment.copy(raw, 0, sa, JAVA_BYTE, SIN_ADDR, 4);
        sa.set(JAVA_LONG_UNALIGNED, SIN_ZERO, 0L);
    }

    /** Writes a whole {@code sockaddr_in6}: family, port, no flow label, address (16 bytes from {@code raw}), scope. */
    static void sockaddr_in6(MemorySegment sa, int port, byte[] raw, int scopeId) {
        sa.set(JAVA_SHORT, SIN6_FAMILY, (short) SysSocket.AF_INET6);
        sa.set(NET_SHORT, SIN6_PORT, (short) port);
        sa.set(NET_INT, SIN6_FLOWINFO, 0);
        MemorySegment.copy(raw, 0, sa, JAVA_BYTE, SIN6_ADDR, 16);
        sa.set(JAVA_INT, SIN6_SCOPE_ID, scopeId);
    }

    static short sin_port(MemorySegment sa) {
        return sa.get(NET_SHORT, SIN_PORT);
    }

    static short sin6_port(MemorySegment sa) {
        return sa.get(NET_SHORT, SIN6_PORT);
    }

    private static long offset(StructLayout struct, String field) {
        return struct.byteOffset(groupElement(field));
    }
}
