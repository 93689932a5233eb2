package io.netsweep.cli;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Sends SIGINT to a process this test started, by its PID, through libc's {@code kill}: within
 * microseconds of the decision, where starting a {@code kill} program takes milliseconds (long enough to
 * miss the instant a test aims at).
 */
final class Signals {
    private static final int SIGINT = 2;
    private static final MethodHandle KILL = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("kill").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private Signals() {}

    /** SIGINT to {@code p}, which must be a process this test started; nothing once it has ended. */
    static void interrupt(Process p) {
        if (!p.isAlive()) {
            return; // ended and reaped: its PID may be another process's by now
        }
        try {
            int rc = (int) KILL.invokeExact((int) p.pid(), SIGINT);
            if (rc != 0 && p.isAlive()) {
                throw new IllegalStateException("kill(" + p.pid() + ", SIGINT) failed");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
