package io.netsweep.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code <sys/socket.h>} on Linux x86-64 and AArch64: the socket calls, their constants and structs. Each
 * function takes the calling thread's call-state segment first ({@link Downcalls}) and returns what C returns
 * (-1 on failure, with the errno in the call state).
 */
final class SysSocket {
    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_PACKET = 17;
    static final int SOCK_STREAM = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_ERROR = 4;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_LINGER = 13;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    static final int SO_ATTACH_FILTER = 26;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_ERRQUEUE = 0x2000;

    /** {@code struct sockaddr_storage}: room for any address family. */
    static final StructLayout SOCKADDR_STORAGE = MemoryLayout.structLayout(
            JAVA_SHORT.withName("ss_family"),
            MemoryLayout.sequenceLayout(118, JAVA_BYTE).withName("__ss_padding"),
            JAVA_LONG.withName("__ss_align")).withName("sockaddr_storage");

    /** {@code struct sockaddr}: what every address starts with (its family), and the smallest of them. */
    static final StructLayout SOCKADDR = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sa_family"),
            MemoryLayout.sequenceLayout(14, JAVA_BYTE).withName("sa_data")).withName("sockaddr");
    private static final long SA_FAMILY = offset(SOCKADDR, "sa_family");

    /** {@code struct iovec}. */
    static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len")).withName("iovec");
    private static final long IOV_BASE = offset(IOVEC, "iov_base");
    private static final long IOV_LEN = offset(IOVEC, "iov_len");

    /** {@code struct msghdr}. */
    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4)).withName("msghdr");
    private static final long MSG_NAME = offset(MSGHDR, "msg_name");
    private static final long MSG_NAMELEN = offset(MSGHDR, "msg_namelen");
    private static final long MSG_IOV = offset(MSGHDR, "msg_iov");
    private static final long MSG_IOVLEN = offset(MSGHDR, "msg_iovlen");
    private static final long MSG_CONTROL = offset(MSGHDR, "msg_control");
    private static final long MSG_CONTROLLEN = offset(MSGHDR, "msg_controllen");
    private static final long MSG_FLAGS = offset(MSGHDR, "msg_flags");

    /**
     * {@code struct mmsghdr}: a {@code msghdr} and the bytes the call moved for it
     * ({@code sendmmsg}, {@code recvmmsg}).
     */
    static final StructLayout MMSGHDR = MemoryLayout.structLayout(
            MSGHDR.withName("msg_hdr"),
            JAVA_INT.withName("msg_len"),
            MemoryLayout.paddingLayout(4)).withName("mmsghdr");
    private static final long MSG_LEN = offset(MMSGHDR, "msg_len");

    /** {@code struct cmsghdr}; its data follows at {@link #cmsgAlign}{@code (sizeof(struct cmsghdr))}. */
    static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"),
            JAVA_INT.withName("cmsg_level"),
            JAVA_INT.withName("cmsg_type")).withName("cmsghdr");
    private static final long CMSG_LEN = offset(CMSGHDR, "cmsg_len");
    private static final long CMSG_LEVEL = offset(CMSGHDR, "cmsg_level");
    private static final long CMSG_TYPE = offset(CMSGHDR, "cmsg_type");

    /** {@code struct linger}. */
    static final StructLayout LINGER = MemoryLayout.structLayout(
            JAVA_INT.withName("l_onoff"),
            JAVA_INT.withName("l_linger")).withName("linger");
    private static final long L_ONOFF = offset(LINGER, "l_onoff");
    private static final long L_LINGER = offset(LINGER, "l_linger");

    static final FunctionDescriptor SOCKET = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    static final FunctionDescriptor CONNECT = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    static final FunctionDescriptor SENDTO =
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    static final FunctionDescriptor RECVFROM =
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS);
    static final FunctionDescriptor RECVMSG = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    /** {@code sendmmsg}: {@code (fd, msgvec, vlen, flags)}. */
    static final FunctionDescriptor SENDMMSG = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    /** {@code recvmmsg}: {@code (fd, msgvec, vlen, flags, timeout)}. */
    static final FunctionDescriptor RECVMMSG =
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
    static final FunctionDescriptor SETSOCKOPT =
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    static final FunctionDescriptor GETSOCKOPT =
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    /** {@code getsockname} and {@code getpeername}. */
    static final FunctionDescriptor GETNAME = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);

    private SysSocket() {
    }

    /** {@code CMSG_ALIGN}: control messages are aligned to {@code size_t}. */
    static long cmsgAlign(long length) {
        return (length + 7) & ~7L;
    }

    // Field accessors, as jextract generates them: offsets taken once from the layouts above, values read and
    // written with plain value layouts (no var handle to build on a cold JVM's start).

    static short sa_family(MemorySegment sockaddr) {
        return sockaddr.get(JAVA_SHORT, SA_FAMILY);
    }

    static void iov_base(MemorySegment iovec, MemorySegment base) {
        iovec.set(ADDRESS, IOV_BASE, base);
    }

    static void iov_len(MemorySegment iovec, long length) {
        iovec.set(JAVA_LONG, IOV_LEN, length);
    }

    static void msg_name(MemorySegment msghdr, MemorySegment name, int length) {
        msghdr.set(ADDRESS, MSG_NAME, name);
        msghdr.set(JAVA_INT, MSG_NAMELEN, length);
    }

    static void msg_iov(MemorySegment msghdr, MemorySegment iov, long count) {
        msghdr.set(ADDRESS, MSG_IOV, iov);
        msghdr.set(JAVA_LONG, MSG_IOVLEN, count);
    }

    static void msg_control(MemorySegment msghdr, MemorySegment control, long length) {
        msghdr.set(ADDRESS, MSG_CONTROL, control);
        msghdr.set(JAVA_LONG, MSG_CONTROLLEN, length);
    }

    static long msg_controllen(MemorySegment msghdr) {
        return msghdr.get(JAVA_LONG, MSG_CONTROLLEN);
    }

    static int msg_len(MemorySegment mmsghdr) {
        return mmsghdr.get(JAVA_INT, MSG_LEN);
    }

    static void msg_flags(MemorySegment msghdr, int flags) {
        msghdr.set(JAVA_INT, MSG_FLAGS, flags);
    }

    static long cmsg_len(MemorySegment cmsghdr) {
        return cmsghdr.get(JAVA_LONG, CMSG_LEN);
    }

    static int cmsg_level(MemorySegment cmsghdr) {
        return cmsghdr.get(JAVA_INT, CMSG_LEVEL);
    }

    static int cmsg_type(MemorySegment cmsghdr) {
        return cmsghdr.get(JAVA_INT, CMSG_TYPE);
    }

    static void linger(MemorySegment linger, int onoff, int seconds) {
        linger.set(JAVA_INT, L_ONOFF, onoff);
        linger.set(JAVA_INT, L_LINGER, seconds);
    }

    private static long offset(StructLayout struct, String field) {
        return struct.byteOffset(groupElement(field));
    }

    /** Binds the calls of the connect engine now, so that a refusal shows when it opens, not mid-scan. */
    static void bindConnectCalls() {
        MethodHandle[] unused = {Socket.HANDLE, Connect.HANDLE, Getsockopt.HANDLE, Getsockname.HANDLE,
            Getpeername.HANDLE, Setsockopt.HANDLE};
    }

    static int socket(MemorySegment state, int domain, int type, int protocol) {
        try {
            return (int) Socket.HANDLE.invokeExact(state, domain, type, protocol);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static int connect(MemorySegment state, int fd, MemorySegment address, int length) {
        try {
            return (int) Connect.HANDLE.invokeExact(state, fd, address, length);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static long sendto(MemorySegment state, int fd, MemorySegment buf, long len, int flags, MemorySegment to,
            int toLength) {
        try {
            return (long) Sendto.HANDLE.invokeExact(state, fd, buf, len, flags, to, toLength);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static long recvfrom(MemorySegment state, int fd, MemorySegment buf, long len, int flags, MemorySegment from,
            MemorySegment fromLength) {
        try {
            return (long) Recvfrom.HANDLE.invokeExact(state, fd, buf, len, flags, from, fromLength);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static long recvmsg(MemorySegment state, int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) Recvmsg.HANDLE.invokeExact(state, fd, msghdr, flags);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static int sendmmsg(MemorySegment state, int fd, MemorySegment msgvec, int vlen, int flags) {
        try {
            return (int) Sendmmsg.HANDLE.invokeExact(state, fd, msgvec, vlen, flags);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static int recvmmsg(MemorySegment state, int fd, MemorySegment msgvec, int vlen, int flags,
            MemorySegment timeout) {
        try {
            return (int) Recvmmsg.HANDLE.invokeExact(state, fd, msgvec, vlen, flags, timeout);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static int setsockopt(MemorySegment state, int fd, int level, int name, MemorySegment value, int length) {
        try {
            return (int) Setsockopt.HANDLE.invokeExact(state, fd, level, name, value, length);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static int getsockopt(MemorySegment state, int fd, int level, int name, MemorySegment value,
            MemorySegment length) {
        try {
            return (int) Getsockopt.HANDLE.invokeExact(state, fd, level, name, value, length);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static int getsockname(MemorySegment state, int fd, MemorySegment address, MemorySegment length) {
        try {
            return (int) Getsockname.HANDLE.invokeExact(state, fd, address, length);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static int getpeername(MemorySegment state, int fd, MemorySegment address, MemorySegment length) {
        try {
            return (int) Getpeername.HANDLE.invokeExact(state, fd, address, length);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    // One holder per function, bound on first use (as jextract generates them): a process binds only what it calls.

    private static final class Socket {
        static final MethodHandle HANDLE = Downcalls.bind("socket", SOCKET);
    }

    private static final class Connect {
        static final MethodHandle HANDLE = Downcalls.bind("connect", CONNECT);
    }

    private static final class Sendto {
        static final MethodHandle HANDLE = Downcalls.bind("sendto", SENDTO);
    }

    private static final class Recvfrom {
        static final MethodHandle HANDLE = Downcalls.bind("recvfrom", RECVFROM);
    }

    private static final class Recvmsg {
        static final MethodHandle HANDLE = Downcalls.bind("recvmsg", RECVMSG);
    }

    private static final class Sendmmsg {
        static final MethodHandle HANDLE = Downcalls.bind("sendmmsg", SENDMMSG);
    }

    private static final class Recvmmsg {
        static final MethodHandle HANDLE = Downcalls.bind("recvmmsg", RECVMMSG);
    }

    private static final class Setsockopt {
        static final MethodHandle HANDLE = Downcalls.bind("setsockopt", SETSOCKOPT);
    }

    private static final class Getsockopt {
        static final MethodHandle HANDLE = Downcalls.bind("getsockopt", GETSOCKOPT);
    }

    private static final class Getsockname {
        static final MethodHandle HANDLE = Downcalls.bind("getsockname", GETNAME);
    }

    private static final class Getpeername {
        static final MethodHandle HANDLE = Downcalls.bind("getpeername", GETNAME);
    }
}
