package io.netsweep.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** {@code <linux/if_packet.h>} (with {@code <linux/if_ether.h>}, {@code <linux/if_arp.h>}): link-layer addresses. */
final class LinuxIfPacket {
    static final int ETH_P_ARP = 0x0806;
    static final int ARPHRD_ETHER = 1;
    static final int ETH_ALEN = 6;

    private static final ValueLayout.OfShort NET_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    /** {@code struct sockaddr_ll}; the protocol in network byte order. */
    static final StructLayout SOCKADDR_LL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sll_family"),
            NET_SHORT.withName("sll_protocol"),
            JAVA_INT.withName("sll_ifindex"),
            JAVA_SHORT.withName("sll_hatype"),
            JAVA_BYTE.withName("sll_pkttype"),
            JAVA_BYTE.withName("sll_halen"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sll_addr")).withName("sockaddr_ll");
    private static final long SLL_FAMILY = offset("sll_family");
    private static final long SLL_PROTOCOL = offset("sll_protocol");
    private static final long SLL_IFINDEX = offset("sll_ifindex");
    private static final long SLL_HATYPE = offset("sll_hatype");
    private static final long SLL_PKTTYPE = offset("sll_pkttype");
    private static final long SLL_HALEN = offset("sll_halen");
    private static final long SLL_ADDR = offset("sll_addr");

    private LinuxIfPacket() {
    }

    /** Writes a whole {@code sockaddr_ll}: Ethernet broadcast of {@code protocol} frames on {@code ifindex}. */
    static void sockaddr_ll_broadcast(MemorySegment sa, int protocol, int ifindex) {
        sa.set(JAVA_SHORT, SLL_FAMILY, (short) SysSocket.AF_PACKET);
        sa.set(NET_SHORT, SLL_PROTOCOL, (short) protocol);
        sa.set(JAVA_INT, SLL_IFINDEX, ifindex);
        sa.set(JAVA_SHORT, SLL_HATYPE, (short) ARPHRD_ETHER);
        sa.set(JAVA_BYTE, SLL_PKTTYPE, (byte) 0);
        sa.set(JAVA_BYTE, SLL_HALEN, (byte) ETH_ALEN);
        MemorySegment addr = sa.asSlice(SLL_ADDR, 8);
        addr.fill((byte) 0);
        addr.asSlice(0, ETH_ALEN).fill((byte) 0xFF);
    }

    private static long offset(String field) {
        return SOCKADDR_LL.byteOffset(groupElement(field));
    }
}
