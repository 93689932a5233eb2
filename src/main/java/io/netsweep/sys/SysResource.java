package io.netsweep.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/** {@code <sys/resource.h>}: resource limits. */
final class SysResource {
    static final int RLIMIT_NOFILE = 7;

    /** {@code struct rlimit}; {@code rlim_t} is unsigned, all ones being {@code RLIM_INFINITY}. */
    static final StructLayout RLIMIT = MemoryLayout.structLayout(
            JAVA_LONG.withName("rlim_cur"),
            JAVA_LONG.withName("rlim_max")).withName("rlimit");
    private static final long RLIM_CUR = RLIMIT.byteOffset(groupElement("rlim_cur"));
    private static final long RLIM_MAX = RLIMIT.byteOffset(groupElement("rlim_max"));

    /** {@code getrlimit} and {@code setrlimit}. */
    static final FunctionDescriptor RLIMIT_CALL = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS);

    private SysResource() {
    }

    // Field accessors, as jextract generates them (see SysSocket).

    static long rlim_cur(MemorySegment rlimit) {
        return rlimit.get(JAVA_LONG, RLIM_CUR);
    }

    static long rlim_max(MemorySegment rlimit) {
        return rlimit.get(JAVA_LONG, RLIM_MAX);
    }

    static void rlimit(MemorySegment rlimit, long cur, long max) {
        rlimit.set(JAVA_LONG, RLIM_CUR, cur);
        rlimit.set(JAVA_LONG, RLIM_MAX, max);
    }

    static int getrlimit(MemorySegment state, int resource, MemorySegment limit) {
        try {
            return (int) Getrlimit.HANDLE.invokeExact(state, resource, limit);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    static int setrlimit(MemorySegment state, int resource, MemorySegment limit) {
        try {
            return (int) Setrlimit.HANDLE.invokeExact(state, resource, limit);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static final class Getrlimit {
        static final MethodHandle HANDLE = Downcalls.bind("getrlimit", RLIMIT_CALL);
    }

    private static final class Setrlimit {
        static final MethodHandle HANDLE = Downcalls.bind("setrlimit", RLIMIT_CALL);
    }
}
