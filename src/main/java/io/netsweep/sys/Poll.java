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
import java.lang.invoke.VarHandle;

/** {@code <poll.h>}: {@code poll} and {@code struct pollfd}. */
final class Poll {
    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;

    /** {@code struct pollfd}. */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents")).withName("pollfd");
    /** Fields of element {@code i} of a {@code struct pollfd[]}: coordinates (segment, 0L, i). */
    static final VarHandle FD = POLLFD.arrayElementVarHandle(groupElement("fd"));
    static final VarHandle EVENTS = POLLFD.arrayElementVarHandle(groupElement("events"));
    static final VarHandle REVENTS = POLLFD.arrayElementVarHandle(groupElement("revents"));

    static final FunctionDescriptor POLL = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);

    private Poll() {
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
