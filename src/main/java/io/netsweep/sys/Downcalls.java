package io.netsweep.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The one binding helper: binds a libc function through the Foreign Function API with {@code errno} captured
 * right after it returns, into a call-state segment the calling thread owns, and turns that errno into an
 * {@link Errno}: the one place where a raw errno becomes a value. Every binding captures errno, so that call
 * shapes repeat (the API builds one stub per shape, milliseconds each on a cold JVM: {@code isatty} and
 * {@code close} share one).
 *
 * <p>The header classes ({@link SysSocket}, {@link SysEpoll}, ...) bind their functions through it lazily, one
 * holder class per function as jextract generates them, so a process binds only what it calls.
 */
final class Downcalls {
    static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO = CALL_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    private Downcalls() {
    }

    /**
     * {@code name} in libc, called with a call-state segment as its first argument.
     *
     * @throws IllegalArgumentException if libc has no such symbol
     * @throws IllegalCallerException   if native access is not granted to this code
     */
    @SuppressWarnings("restricted") // native access is granted in the jar manifest and surefire's argLine
    static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new IllegalArgumentException("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, CAPTURE_ERRNO);
    }

    /**
     * Builds (and keeps) the stub of each call shape, in the order given, without binding any symbol: for a
     * thread that warms up while another will bind the functions.
     */
    @SuppressWarnings("restricted") // as bind
    static void prepare(FunctionDescriptor... shapes) {
        for (FunctionDescriptor shape : shapes) {
            LINKER.downcallHandle(shape, CAPTURE_ERRNO);
        }
    }

    /** Memory for one thread's captured errno: each thread that makes calls brings its own. */
    static MemorySegment newCallState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** The errno the last call with {@code state} captured, as a value. */
    static Errno errno(MemorySegment state) {
        return Errno.of(code(state));
    }

    /** The raw errno, for {@link NativeException}'s message only. */
    static int code(MemorySegment state) {
        return state.get(ValueLayout.JAVA_INT, ERRNO);
    }

    /** What {@code invokeExact} threw, unchecked: a downcall itself throws nothing checked. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }
}
