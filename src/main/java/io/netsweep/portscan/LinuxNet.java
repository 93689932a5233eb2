package io.netsweep.portscan;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * The Linux system calls of {@link EpollConnectIo}, bound once through the Foreign Function API: sockets,
 * {@code connect}, epoll and an eventfd. Each call that can fail writes its errno into a capture segment the
 * caller owns ({@link #newErrnoSegment}); a call returns -1 on failure, as in C.
 *
 * <p>Constants and struct layouts are those of Linux on x86-64 and AArch64; the class must not be initialized
 * elsewhere ({@link EpollConnectIo#open} checks first). The handles are static finals so that the JIT can
 * inline them. Thread-safe.
 */
final class LinuxNet {
    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLET = 1 << 31;
    static final int EPOLL_CTL_ADD = 1;
    /** {@code struct epoll_event} is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16). */
    static final long EPOLL_EVENT_SIZE;
    static final long EPOLL_EVENT_DATA;

    private static final int SO_ERROR = 4;
    private static final int EFD_NONBLOCK = 0x800;
    private static final int EFD_CLOEXEC = 0x80000;
    private static final int EPOLL_CLOEXEC = 0x80000;

    private static final MemoryLayout CAPTURE;
    private static final VarHandle ERRNO;
    private static final MethodHandle SOCKET;
    private static final MethodHandle CONNECT;
    private static final MethodHandle CLOSE;
    private static final MethodHandle EPOLL_CREATE1;
    private static final MethodHandle EPOLL_CTL;
    private static final MethodHandle EPOLL_WAIT;
    private static final MethodHandle EVENTFD;
    private static final MethodHandle READ;
    private static final MethodHandle WRITE;
    private static final MethodHandle GETSOCKOPT;
    private static final MethodHandle GETSOCKNAME;
    private static final MethodHandle GETPEERNAME;

    static {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        EPOLL_EVENT_SIZE = x64 ? 12 : 16;
        EPOLL_EVENT_DATA = x64 ? 4 : 8;
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        CAPTURE = Linker.Option.captureStateLayout();
        ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        SOCKET = Libc.handle(linker, libc, "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno);
        CONNECT = Libc.handle(linker, libc, "connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        CLOSE = Libc.handle(linker, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        EPOLL_CREATE1 = Libc.handle(linker, libc, "epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
        EPOLL_CTL = Libc.handle(linker, libc, "epoll_ctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), errno);
        EPOLL_WAIT = Libc.handle(linker, libc, "epoll_wait",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), errno);
        EVENTFD = Libc.handle(linker, libc, "eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errno);
        READ = Libc.handle(linker, libc, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        WRITE = Libc.handle(linker, libc, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        GETSOCKOPT = Libc.handle(linker, libc, "getsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        GETSOCKNAME = Libc.handle(linker, libc, "getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        GETPEERNAME = Libc.handle(linker, libc, "getpeername", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }

    private LinuxNet() {
    }

    /** A segment for the errno of calls made by one thread, to be read with {@link #errno}. */
    static MemorySegment newErrnoSegment(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** A non-blocking, close-on-exec TCP socket of {@code family}. */
    static int tcpSocket(MemorySegment capture, int family) {
        try {
            return (int) SOCKET.invokeExact(capture, family, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        } catch (Throwable t) {
            throw Libc.asUnchecked(t);
        }
    }

    static int connect(MemorySegment capture, int fd, MemorySegment sockaddr, int length) {
        try {
            return (int) CONNECT.invokeExact(capture, fd, sockaddr, length);
        } catch (Throwable t) {
            throw Libc.asUnchecked(t);
        }
    }

    static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw Libc.asUnchecked(t);
        }
    }

    static int epollCreate(MemorySegment capture) {
        try {
            return (int) EPOLL_CREATE1.invokeExact(capture, EPOLL_CLOEXEC);
        } catch (Throwable t) {
            throw Libc.asUnchecked(t);
        }
    }

    /** Adds {@code fd} to {@code epfd} for {@code events}, with the fd itself as the event's data. */
    static int epollAdd(MemorySegment capture, int epfd, int fd, int events, MemorySegment event) {
        event.set(JAVA_INT, 0, events);
        event.set(JAVA_LONG.withByteAlignment(1), EPOLL_EVENT_DATA, fd);
        try {
            return (int) EPOLL_CTL.invokeExact(capture, epfd, EPOLL_CTL_ADD, fd, event);
        } catch (Throwable t) {
            throw Libc.asUnchecked(t);
        }
    }

    static int epollWait(MemorySegment capture, int epfd, MemorySegment events, int max, int timeoutMillis) {
        try {
            return (int) EPOLL_WAIT.invokeExact(capture, epfd, events, max, timeoutMillis);
        } catch (Throwable t) {
            throw Libc.asUnchecked(t);
        }
    }

    /** The fd in the data of event {@code i} of an array filled by {@link #epollWait}. */
    static int eventFd(MemorySegment events, int i) {
        return (int) events.get(JAVA_LONG.withByteAlignment(1), i * EPOLL_EVENT_SIZE + EPOLL_EVENT_DATA);
    }

    static int eventFd(MemorySegment capture) {
        try {
            return (int) EVENTFD.invokeExact(capture, 0, EFD_NONBLOCK | EFD_CLOEXEC);
        } catch (Throwable t) {
            throw Libc.asUnchecked(t);
        }
    }

    static long read(int fd, MemorySegment buffer) {
        try {
            return (long) READ.invokeExact(fd, buffer, buffer.byteSize());
        } catch (Throwable t) {
            throw Libc.asUnchecked(t);
        }
    }

    static long write(int fd, MemorySegment buffer) {
        try {
            return (long) WRITE.invokeExact(fd, buffer, buffer.byteSize());
        } catch (Throwable t) {
            throw Libc.asUnchecked(t);
        }
    }

    /**
     * {@code getsockopt(SO_ERROR)}: the socket's pending error, or else its soft error (an ICMP error that
     * arrived while the socket was busy), clearing it; 0 if none, -1 if the call failed. {@code value} and
     * {@code length} are two ints of scratch space.
     */
    static int socketError(int fd, MemorySegment value, MemorySegment length) {
        length.set(JAVA_INT, 0, 4);
        try {
            int rc = (int) GETSOCKOPT.invokeExact(fd, Libc.SOL_SOCKET, SO_ERROR, value, length);
            return rc == 0 ? value.get(JAVA_INT, 0) : -1;
        } catch (Throwable t) {
            throw Libc.asUnchecked(t);
        }
    }

    /** {@code getsockname}: {@code length} holds the buffer's size on entry, the address's on return. */
    static int localAddress(int fd, MemorySegment sockaddr, MemorySegment length) {
        try {
            return (int) GETSOCKNAME.invokeExact(fd, sockaddr, length);
        } catch (Throwable t) {
            throw Libc.asUnchecked(t);
        }
    }

    static int remoteAddress(int fd, MemorySegment sockaddr, MemorySegment length) {
        try {
            return (int) GETPEERNAME.invokeExact(fd, sockaddr, length);
        } catch (Throwable t) {
            throw Libc.asUnchecked(t);
        }
    }
}
