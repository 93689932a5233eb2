package io.netsweep.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code <linux/errqueue.h>}: what {@code recvmsg(MSG_ERRQUEUE)} reports in an {@code IP_RECVERR} /
 * {@code IPV6_RECVERR} control message: a {@code struct sock_extended_err}, followed by the address of who sent the
 * error ({@code SO_EE_OFFENDER}).
 */
final class LinuxErrqueue {
    static final int SO_EE_ORIGIN_ICMP = 2;
    static final int SO_EE_ORIGIN_ICMP6 = 3;

    /** {@code struct sock_extended_err}. */
    static final StructLayout SOCK_EXTENDED_ERR = MemoryLayout.structLayout(
            JAVA_INT.withName("ee_errno"),
            JAVA_BYTE.withName("ee_origin"),
            JAVA_BYTE.withName("ee_type"),
            JAVA_BYTE.withName("ee_code"),
            JAVA_BYTE.withName("ee_pad"),
            JAVA_INT.withName("ee_info"),
            JAVA_INT.withName("ee_data")).withName("sock_extended_err");
    private static final long EE_ORIGIN = SOCK_EXTENDED_ERR.byteOffset(groupElement("ee_origin"));
    private static final long EE_TYPE = SOCK_EXTENDED_ERR.byteOffset(groupElement("ee_type"));
    private static final long EE_CODE = SOCK_EXTENDED_ERR.byteOffset(groupElement("ee_code"));
    /** {@code SO_EE_OFFENDER(ee)}: the offender's address starts right after the struct. */
    static final long OFFENDER = SOCK_EXTENDED_ERR.byteSize();

    private LinuxErrqueue() {
    }

    // Field accessors, as jextract generates them (see SysSocket); the u8 fields as unsigned ints.

    static int ee_origin(MemorySegment ee) {
        return ee.get(JAVA_BYTE, EE_ORIGIN) & 0xFF;
    }

    static int ee_type(MemorySegment ee) {
        return ee.get(JAVA_BYTE, EE_TYPE) & 0xFF;
    }

    static int ee_code(MemorySegment ee) {
        return ee.get(JAVA_BYTE, EE_CODE) & 0xFF;
    }
}
