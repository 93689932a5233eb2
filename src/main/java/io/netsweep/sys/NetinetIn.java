package io.netsweep.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** {@code <netinet/in.h>} (with {@code <linux/in.h>} and {@code <linux/in6.h>}): IP protocols, options, addresses. */
final class NetinetIn {
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_ICMPV6 = 58;
    static final int IP_RECVERR = 11;
    static final int IPV6_RECVERR = 25;

    /** {@code struct sockaddr_in}; port and address in network byte order. */
    static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin_port"),
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero")).withName("sockaddr_in");
    static final VarHandle SIN_FAMILY = SOCKADDR_IN.varHandle(groupElement("sin_family"));
    static final VarHandle SIN_PORT = SOCKADDR_IN.varHandle(groupElement("sin_port"));
    static final long SIN_ADDR = SOCKADDR_IN.byteOffset(groupElement("sin_addr"));
    static final long SIN_ZERO = SOCKADDR_IN.byteOffset(groupElement("sin_zero"));

    /** {@code struct sockaddr_in6}; port, flow label and address in network byte order. */
    static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin6_port"),
            JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN).withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id")).withName("sockaddr_in6");
    static final VarHandle SIN6_FAMILY = SOCKADDR_IN6.varHandle(groupElement("sin6_family"));
    static final VarHandle SIN6_PORT = SOCKADDR_IN6.varHandle(groupElement("sin6_port"));
    static final VarHandle SIN6_FLOWINFO = SOCKADDR_IN6.varHandle(groupElement("sin6_flowinfo"));
    static final long SIN6_ADDR = SOCKADDR_IN6.byteOffset(groupElement("sin6_addr"));
    static final VarHandle SIN6_SCOPE_ID = SOCKADDR_IN6.varHandle(groupElement("sin6_scope_id"));

    private NetinetIn() {
    }
}
