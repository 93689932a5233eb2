package io.netsweep.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** {@code <unistd.h>} and {@code <sys/eventfd.h>}: descriptors. */
final class Unistd {
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    /** {@code close} and {@code isatty}: one call shape, so one stub for both. */
    static final FunctionDescriptor INT_OF_FD = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
    /** {@code read} and {@code write}. */
    static final FunctionDescriptor TRANSFER = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    static final FunctionDescriptor EVENTFD = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT);

    private Unistd() {
    }

    /** Binds the descriptor calls of the connect engine now, so that a refusal shows when it opens, not mid-scan. */
    static void bindDescriptorCalls() {
        MethodHandle[] unused = {Close.HANDLE, Read.HANDLE, Write.HANDLE};
    }

    static int close(MemorySegment state, int fd) {
        try {
            return (int) Close.HANDLE.invokeExact(state, fd);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static int isatty(MemorySegment state, int fd) {
        try {
            return (int) Isatty.HANDLE.invokeExact(state, fd);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static long read(MemorySegment state, int fd, MemorySegment buffer) {
        try {
            return (long) Read.HANDLE.invokeExact(state, fd, buffer, buffer.byteSize());
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static long write(MemorySegment state, int fd, MemorySegment buffer) {
        try {
            return (long) Write.HANDLE.invokeExact(state, fd, buffer, buffer.byteSize());
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static int eventfd(MemorySegment state, int initial, int flags) {
        try {
            return (int) Eventfd.HANDLE.invokeExact(state, initial, flags);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class Close {
        static final MethodHandle HANDLE = Downcalls.bind("close", INT_OF_FD);
    }

    private static final class Isatty {
        static final MethodHandle HANDLE = Downcalls.bind("isatty", INT_OF_FD);
    }

    private static final class Read {
        static final MethodHandle HANDLE = Downcalls.bind("read", TRANSFER);
    }

    private static final class Write {
        static final MethodHandle HANDLE = Downcalls.bind("write", TRANSFER);
    }

    private static final class Eventfd {
        static final MethodHandle HANDLE = Downcalls.bind("eventfd", EVENTFD);
    }
}
