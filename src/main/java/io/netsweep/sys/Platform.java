package io.netsweep.sys;

import java.util.Locale;

/**
 * The one platform check of the native layer: Linux on x86-64 or AArch64, whose constants, errno numbers and
 * struct layouts these are. Elsewhere callers fall back to the JDK (NIO, TCP ping) without touching any other
 * class of this package.
 */
public final class Platform {
    private static final boolean SUPPORTED = check();

    private Platform() {
    }

    /** Whether the native layer can work here (it may still be refused native access: its factories say so). */
    public static boolean supported() {
        return SUPPORTED;
    }

    /** Whether the calls are those of x86-64, whose {@code struct epoll_event} is packed. */
    static boolean x86_64() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    private static boolean check() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.equals("linux") && (x86_64() || arch.equals("aarch64"));
    }
}
