package io.netsweep.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/** {@code <sys/epoll.h>}: the epoll calls and {@code struct epoll_event}. */
final class SysEpoll {
    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLET = 1 << 31;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CLOEXEC = 0x80000;

    /**
     * {@code struct epoll_event}: {@code uint32_t events; epoll_data_t data;}, packed on x86-64 (12 bytes, the data
     * at offset 4) and naturally aligned elsewhere (16 bytes, the data at 8).
     */
    static final StructLayout EPOLL_EVENT = Platform.x86_64()
            ? MemoryLayout.structLayout(
                    JAVA_INT.withName("events"),
                    JAVA_LONG_UNALIGNED.withName("data")).withName("epoll_event")
            : MemoryLayout.structLayout(
                    JAVA_INT.withName("events"),
                    MemoryLayout.paddingLayout(4),
                    JAVA_LONG.withName("data")).withName("epoll_event");
    private static final long EVENTS = EPOLL_EVENT.byteOffset(groupElement("events"));
    private static final long DATA = EPOLL_EVENT.byteOffset(groupElement("data"));

    static final FunctionDescriptor EPOLL_CREATE1 = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
    static final FunctionDescriptor EPOLL_CTL = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
    static final FunctionDescriptor EPOLL_WAIT = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);

    private SysEpoll() {
    }

    // Field accessors of element i of a struct epoll_event[], as jextract generates them (see SysSocket). The
    // data is read unaligned: on x86-64 it sits at offset 4.

    static void epoll_event(MemorySegment events, long i, int mask, long data) {
        long base = i * EPOLL_EVENT.byteSize();
        events.set(JAVA_INT, base + EVENTS, mask);
        events.set(JAVA_LONG_UNALIGNED, base + DATA, data);
    }

    static long data(MemorySegment events, long i) {
        return events.get(JAVA_LONG_UNALIGNED, i * EPOLL_EVENT.byteSize() + DATA);
    }

    /** Binds {@code epoll_wait} now, so that a refusal shows when the set opens, not at its first wait. */
    static void bindWait() {
        MethodHandle unused = EpollWait.HANDLE;
    }

    static int epollCreate1(MemorySegment state, int flags) {
        try {
            return (int) EpollCreate1.HANDLE.invokeExact(state, flags);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static int epollCtl(MemorySegment state, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EpollCtl.HANDLE.invokeExact(state, epfd, op, fd, event);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static int epollWait(MemorySegment state, int epfd, MemorySegment events, int max, int timeoutMillis) {
        try {
            return (int) EpollWait.HANDLE.invokeExact(state, epfd, events, max, timeoutMillis);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class EpollCreate1 {
        static final MethodHandle HANDLE = Downcalls.bind("epoll_create1", EPOLL_CREATE1);
    }

    private static final class EpollCtl {
        static final MethodHandle HANDLE = Downcalls.bind("epoll_ctl", EPOLL_CTL);
    }

    private static final class EpollWait {
        static final MethodHandle HANDLE = Downcalls.bind("epoll_wait", EPOLL_WAIT);
    }
}
