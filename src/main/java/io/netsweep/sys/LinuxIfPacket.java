package io.netsweep.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** {@code <linux/if_packet.h>} (with {@code <linux/if_ether.h>}, {@code <linux/if_arp.h>}): link-layer addresses. */
final class LinuxIfPacket {
    static final int ETH_P_ARP = 0x0806;
    static final int ARPHRD_ETHER = 1;
    static final int ETH_ALEN = 6;

    /** {@code struct sockaddr_ll}; the protocol in network byte order. */
    static final StructLayout SOCKADDR_LL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sll_family"),
            JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN).withName("sll_protocol"),
            JAVA_INT.withName("sll_ifindex"),
            JAVA_SHORT.withName("sll_hatype"),
            JAVA_BYTE.withName("sll_pkttype"),
            JAVA_BYTE.withName("sll_halen"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sll_addr")).withName("sockaddr_ll");
    static final VarHandle SLL_FAMILY = SOCKADDR_LL.varHandle(groupElement("sll_family"));
    static final VarHandle SLL_PROTOCOL = SOCKADDR_LL.varHandle(groupElement("sll_protocol"));
    static final VarHandle SLL_IFINDEX = SOCKADDR_LL.varHandle(groupElement("sll_ifindex"));
    static final VarHandle SLL_HATYPE = SOCKADDR_LL.varHandle(groupElement("sll_hatype"));
    static final VarHandle SLL_HALEN = SOCKADDR_LL.varHandle(groupElement("sll_halen"));
    static final long SLL_ADDR = SOCKADDR_LL.byteOffset(groupElement("sll_addr"));

    private LinuxIfPacket() {
    }
}
