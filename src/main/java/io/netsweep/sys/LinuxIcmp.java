package io.netsweep.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

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
    private static final long ICMP6_FILT = ICMP6_FILTER_LAYOUT.byteOffset(groupElement("icmp6_filt"));

    private LinuxIcmp() {
    }

    /** Fills {@code filter} (an {@code icmp6_filter}) to block every type but {@code passed}. */
    static void icmp6_filter(MemorySegment filter, int... passed) {
        filter.fill((byte) 0xFF);
        for (int type : passed) {
            long word = ICMP6_FILT + ((type & 0xFF) >>> 5) * JAVA_INT.byteSize();
            filter.set(JAVA_INT, word, filter.get(JAVA_INT, word) & ~(1 << (type & 31)));
        }
    }
}
