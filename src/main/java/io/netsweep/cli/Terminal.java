package io.netsweep.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Whether a standard stream is a terminal, asked of libc's {@code isatty} through the Foreign
 * Function API. {@link System#console()} only speaks of stdin and stdout together, but the progress
 * bar goes to stderr and must show while stdout is redirected ({@code netsweep -o json > scan.jsonl}).
 */
final class Terminal {
    static final int STDERR = 2;

    private Terminal() {}

    static boolean isTerminal(int fd) {
        return isatty().map(h -> {
            try (Arena arena = Arena.ofConfined()) {
                return (int) h.invokeExact(arena.allocate(Linker.Option.captureStateLayout()), fd) == 1;
            } catch (Throwable e) {
                return false; // no answer from libc: assume no terminal, so nothing is drawn
            }
        }).orElse(false);
    }

    /**
     * {@code int isatty(int)}, bound with errno captured although nothing reads it: so its call shape is
     * that of discovery's {@code close}, and the Foreign Function API, which makes one stub per shape
     * (milliseconds each on a cold JVM), makes it once for both.
     */
    private static Optional<MethodHandle> isatty() {
        Linker linker = Linker.nativeLinker();
        return linker.defaultLookup().find("isatty").map(address -> linker.downcallHandle(address,
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                Linker.Option.captureCallState("errno")));
    }
}
