package io.netsweep.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code <linux/filter.h>}: classic BPF socket filters ({@code SO_ATTACH_FILTER}), and the one program netsweep
 * attaches: keep only TCP segments sent to one port. A raw TCP socket otherwise receives a copy of every TCP
 * segment the machine receives, which on a busy machine (or loopback, where the scan's own SYNs come back in)
 * is most of what it would read.
 */
final class LinuxFilter {
    /** {@code struct sock_filter}: one instruction. */
    static final StructLayout SOCK_FILTER = MemoryLayout.structLayout(
            JAVA_SHORT.withName("code"),
            JAVA_BYTE.withName("jt"),
            JAVA_BYTE.withName("jf"),
            JAVA_INT.withName("k")).withName("sock_filter");
    private static final long CODE = SOCK_FILTER.byteOffset(groupElement("code"));
    private static final long JT = SOCK_FILTER.byteOffset(groupElement("jt"));
    private static final long JF = SOCK_FILTER.byteOffset(groupElement("jf"));
    private static final long K = SOCK_FILTER.byteOffset(groupElement("k"));

    /** {@code struct sock_fprog}: the program's length and where its instructions are. */
    static final StructLayout SOCK_FPROG = MemoryLayout.structLayout(
            JAVA_SHORT.withName("len"),
            MemoryLayout.paddingLayout(6),
            ADDRESS.withName("filter")).withName("sock_fprog");
    private static final long LEN = SOCK_FPROG.byteOffset(groupElement("len"));
    private static final long FILTER = SOCK_FPROG.byteOffset(groupElement("filter"));

    // Opcodes (BPF_CLASS | BPF_SIZE | BPF_MODE, or BPF_JMP | BPF_OP | BPF_SRC).
    private static final short LDX_B_MSH = 0xb1; // X = 4 * (P[k] & 0xf): the IPv4 header's length
    private static final short LD_H_IND = 0x48; // A = P[X + k], 16 bits
    private static final short LD_H_ABS = 0x28; // A = P[k], 16 bits
    private static final short JEQ_K = 0x15; // A == k ? jt : jf
    private static final short RET_K = 0x06; // accept k bytes (0: drop)
    /** Bytes of an accepted segment kept: all of them. */
    private static final int ACCEPT = 0xFFFF;

    private LinuxFilter() {
    }

    /**
     * A {@code sock_fprog} in {@code arena} that keeps TCP segments to destination {@code port}. On an IPv4 raw
     * socket the segment follows the IP header ({@code ipHeader}); on an IPv6 one it comes first.
     */
    static MemorySegment tcpDestinationPort(Arena arena, int port, boolean ipHeader) {
        short[][] program = ipHeader
                ? new short[][] {{LDX_B_MSH, 0, 0, 0}, {LD_H_IND, 0, 0, 2}, {JEQ_K, 0, 1, -1}, {RET_K, 0, 0, -2},
                        {RET_K, 0, 0, 0}}
                : new short[][] {{LD_H_ABS, 0, 0, 2}, {JEQ_K, 0, 1, -1}, {RET_K, 0, 0, -2}, {RET_K, 0, 0, 0}};
        MemorySegment code = arena.allocate(SOCK_FILTER, program.length);
        for (int i = 0; i < program.length; i++) {
            short[] ins = program[i];
            int k = switch (ins[3]) {
                case -1 -> port;
                case -2 -> ACCEPT;
                default -> ins[3];
            };
            long at = i * SOCK_FILTER.byteSize();
            code.set(JAVA_SHORT, at + CODE, ins[0]);
            code.set(JAVA_BYTE, at + JT, (byte) ins[1]);
            code.set(JAVA_BYTE, at + JF, (byte) ins[2]);
            code.set(JAVA_INT, at + K, k);
        }
        MemorySegment prog = arena.allocate(SOCK_FPROG);
        prog.set(JAVA_SHORT, LEN, (short) program.length);
        prog.set(ADDRESS, FILTER, code);
        return prog;
    }
}
