package io.netsweep.portscan;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Optional;

/**
 * The few libc calls the engine needs and the JDK does not offer, through the Foreign Function &amp; Memory API:
 * the fd limit ({@code getrlimit}/{@code setrlimit}) and a connect attempt that reports its errno. Linux on
 * x86-64 or AArch64 only (struct layouts and constants are those of that ABI); {@link #load} is empty elsewhere
 * or when native access is refused, and callers fall back.
 *
 * <p>Immutable and thread-safe: every call allocates its own native memory.
 */
final class Libc {
    private static final int RLIMIT_NOFILE = 7;
    // Constants and struct sizes of the Linux ABI, shared with LinuxNet and EpollConnectIo.
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SOCKADDR_IN = 16;
    static final int SOCKADDR_IN6 = 28;
    private static final int SO_LINGER = 13;
    private static final ValueLayout.OfShort NET_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    private final MethodHandle getrlimit;
    private final MethodHandle setrlimit;
    private final MethodHandle socket;
    private final MethodHandle connect;
    private final MethodHandle setsockopt;
    private final MethodHandle close;
    private final VarHandle errnoHandle;
    private final MemoryLayout captureLayout;

    private Libc(Linker linker, SymbolLookup lookup) {
        Linker.Option errno = Linker.Option.captureCallState("errno");
        captureLayout = Linker.Option.captureStateLayout();
        errnoHandle = captureLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        getrlimit = handle(linker, lookup, "getrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        setrlimit = handle(linker, lookup, "setrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        socket = handle(linker, lookup, "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno);
        connect = handle(linker, lookup, "connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        setsockopt = handle(linker, lookup, "setsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        close = handle(linker, lookup, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    /** The libc bindings, or empty on another platform or when the linker refuses. */
    static Optional<Libc> load() {
        if (!platformSupported()) {
            return Optional.empty();
        }
        try {
            Linker linker = Linker.nativeLinker();
            return Optional.of(new Libc(linker, linker.defaultLookup()));
        } catch (IllegalArgumentException | IllegalCallerException | UnsupportedOperationException e) {
            // Symbol missing, or native access denied (--illegal-native-access=deny without the grant).
            return Optional.empty();
        }
    }

    /** Whether this is Linux on x86-64 or AArch64, the ABI whose constants and struct layouts these are. */
    static boolean platformSupported() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.equals("linux") && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
    }

    /** The soft and hard limit on open files; {@code Long.MAX_VALUE} stands for unlimited. */
    record FdLimit(long soft, long hard) {
        FdLimit {
            if (soft < 0 || hard < 0) {
                throw new IllegalArgumentException("limits must not be negative");
            }
        }
    }

    Optional<FdLimit> fdLimit() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rl = arena.allocate(JAVA_LONG, 2);
            int rc = (int) getrlimit.invokeExact(RLIMIT_NOFILE, rl);
            if (rc != 0) {
                return Optional.empty();
            }
            return Optional.of(new FdLimit(unsigned(rl.getAtIndex(JAVA_LONG, 0)), unsigned(rl.getAtIndex(JAVA_LONG, 1))));
        } catch (Throwable t) {
            throw asUnchecked(t);
        }
    }

    /** Sets the soft limit on open files (the hard one unchanged); returns whether the kernel accepted it. */
    boolean setSoftFdLimit(long soft, long hard) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rl = arena.allocate(JAVA_LONG, 2);
            rl.setAtIndex(JAVA_LONG, 0, raw(soft));
            rl.setAtIndex(JAVA_LONG, 1, raw(hard));
            return (int) setrlimit.invokeExact(RLIMIT_NOFILE, rl) == 0;
        } catch (Throwable t) {
            throw asUnchecked(t);
        }
    }

    /**
     * Opens a non-blocking TCP socket and connects it to {@code address:port}, returning the errno of the first
     * call that failed, or 0 if the connect succeeded or is in progress. The socket is closed at once with
     * SO_LINGER 0, so an attempt that got through costs one SYN and, if answered, one RST.
     */
    int connectErrno(InetAddress address, int port) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(captureLayout);
            boolean v4 = address instanceof Inet4Address;
            int fd = (int) socket.invokeExact(state, v4 ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                return errno(state);
            }
            try {
                MemorySegment linger = arena.allocate(JAVA_INT, 2); // l_onoff = 1, l_linger = 0
                linger.setAtIndex(JAVA_INT, 0, 1);
                int ignored = (int) setsockopt.invokeExact(fd, SOL_SOCKET, SO_LINGER, linger, (int) linger.byteSize());
                MemorySegment sa = sockaddr(arena, address, port);
                int rc = (int) connect.invokeExact(state, fd, sa, (int) sa.byteSize());
                return rc == 0 ? 0 : errno(state);
            } finally {
                int ignored = (int) close.invokeExact(fd);
            }
        } catch (Throwable t) {
            throw asUnchecked(t);
        }
    }

    private int errno(MemorySegment state) {
        return (int) errnoHandle.get(state, 0L);
    }

    private static MemorySegment sockaddr(Arena arena, InetAddress address, int port) {
        byte[] raw = address.getAddress();
        MemorySegment sa = arena.allocate(raw.length == 4 ? SOCKADDR_IN : SOCKADDR_IN6, 4);
        writeSockaddr(sa, raw, address instanceof Inet6Address v6 ? v6.getScopeId() : 0, port);
        return sa;
    }

    /**
     * Writes a {@code sockaddr_in} (for a 4-byte {@code raw} address) or {@code sockaddr_in6} (16 bytes, with
     * {@code scopeId}) for {@code port} into {@code sa}, every other byte of it zero, so a segment can be reused;
     * returns its length. Byte by byte, with no allocation: the engine writes one for every connect attempt.
     */
    static int writeSockaddr(MemorySegment sa, byte[] raw, int scopeId, int port) {
        sa.set(NET_SHORT, 2, (short) port);
        if (raw.length == 4) {
            sa.set(JAVA_SHORT, 0, (short) AF_INET);
            for (int i = 0; i < 4; i++) {
                sa.set(JAVA_BYTE, 4 + i, raw[i]);
            }
            sa.set(JAVA_LONG_UNALIGNED, 8, 0L); // sin_zero
            return SOCKADDR_IN;
        }
        sa.set(JAVA_SHORT, 0, (short) AF_INET6);
        sa.set(JAVA_INT, 4, 0); // flow info
        for (int i = 0; i < 16; i++) {
            sa.set(JAVA_BYTE, 8 + i, raw[i]);
        }
        sa.set(JAVA_INT, 24, scopeId);
        return SOCKADDR_IN6;
    }

    @SuppressWarnings("restricted") // native access is granted in the manifest and surefire's argLine
    static MethodHandle handle(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor fd,
            Linker.Option... options) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new IllegalArgumentException("no symbol " + name));
        return linker.downcallHandle(symbol, fd, options);
    }

    /** rlim_t is unsigned; RLIM_INFINITY (all ones) and anything above Long.MAX_VALUE read as Long.MAX_VALUE. */
    private static long unsigned(long v) {
        return v < 0 ? Long.MAX_VALUE : v;
    }

    private static long raw(long limit) {
        return limit == Long.MAX_VALUE ? -1L : limit;
    }

    /** Rethrows what a native call threw unchecked, or wraps a checked throwable; for {@code throw asUnchecked(t)}. */
    static RuntimeException asUnchecked(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }
}
