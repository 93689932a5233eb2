package io.netsweep.sys;

import java.lang.foreign.Arena;

/** Whether a descriptor is a terminal, asked of libc's {@code isatty}. */
public final class Tty {
    /** Standard error's descriptor. */
    public static final int STDERR = 2;

    private Tty() {
    }

    /**
     * Whether {@code fd} is a terminal; false where libc cannot be asked (so nothing is drawn). {@code isatty} is
     * the same everywhere, so unlike the rest of this package it is asked on any platform with a native linker.
     */
    public static boolean isTerminal(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            return Unistd.isatty(Downcalls.newCallState(arena), fd) == 1;
        } catch (IllegalArgumentException | UnsupportedOperationException | IllegalCallerException
                | ExceptionInInitializerError | NoClassDefFoundError e) {
            return false;
        }
    }
}
