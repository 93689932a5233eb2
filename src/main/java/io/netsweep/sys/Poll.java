package io.netsweep.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/** {@code <poll.h>}: {@code poll} and {@code struct pollfd}. */
final class Poll {
    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;

    /** {@code struct pollfd}. */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents")).withName("pollfd");
    private static final long FD = POLLFD.byteOffset(groupElement("fd"));
    private static final long EVENTS = POLLFD.byteOffset(groupElement("events"));
    private static final long REVENTS = POLLFD.byteOffset(groupElement("revents"));

    static final FunctionDescriptor POLL = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);

    private Poll() {
    }

    // Field accessors of element i of a struct pollfd[], as jextract generates them (see SysSocket).

    static void pollfd(MemorySegment fds, long i, int fd, short events) {
        long base = i * POLLFD.byteSize();
        fds.set(JAVA_INT, base + FD, fd);
        fds.set(JAVA_SHORT, base + EVENTS, events);
        fds.set(JAVA_SHORT, base + REVENTS, (short) 0);
    }

    static void revents(MemorySegment fds, long i, short revents) {
        fds.set(JAVA_SHORT, i * POLLFD.byteSize() + REVENTS, revents);
    }

    static short revents(MemorySegment fds, long i) {
        return fds.get(JAVA_SHORT, i * POLLFD.byteSize() + REVENTS);
    }

    static int poll(MemorySegment state, MemorySegment fds, long count, int timeoutMillis) {
        try {
            return (int) PollHandle.HANDLE.invokeExact(state, fds, count, timeoutMillis);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class PollHandle {
        static final MethodHandle HANDLE = Downcalls.bind("poll", POLL);
    }
}
