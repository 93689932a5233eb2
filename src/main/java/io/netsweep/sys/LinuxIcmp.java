package io.netsweep.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * {@code <linux/icmp.h>} and {@code <linux/icmpv6.h>}: the type filters of raw ICMP sockets. A set bit blocks a
 * type.
 */
final class LinuxIcmp {
    static final int SOL_RAW = 255;
    static final int ICMP_FILTER = 1;
    static final int ICMP6_FILTER = 1;

    /** {@code struct icmp6_filter}: 256 bits, one per ICMPv6 type, in 32-bit words. */
    static final StructLayout ICMP6_FILTER_LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(8, JAVA_INT).withName("icmp6_filt")).withName("icmp6_filter");
    /** Word {@code i} of the filter: coordinates (segment, 0L, i). */
    static final VarHandle WORD = ICMP6_FILTER_LAYOUT.varHandle(
            MemoryLayout.PathElement.groupElement("icmp6_filt"), MemoryLayout.PathElement.sequenceElement());

    private LinuxIcmp() {
    }
}
