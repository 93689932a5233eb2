package io.netsweep.discovery;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * The few libc socket calls discovery needs, bound through the Foreign Function &amp; Memory API
 * (no JNI, no native build). Every call captures {@code errno} right after it returns, so a
 * failure is classified by its code, never by a message. Linux only (constants and struct
 * layouts are those of Linux on 64-bit targets).
 *
 * <p>Immutable and thread-safe: the method handles are shared; each caller brings its own
 * memory for buffers and for the captured call state.
 */
final class Libc {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_ICMPV6 = 58;
    static final int IPPROTO_IPV6 = 41;
    static final int SOL_SOCKET = 1;
    static final int SOL_RAW = 255;
    static final int SO_RCVBUF = 8;
    static final int SO_SNDBUF = 7;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    static final int ICMP_FILTER = 1;
    static final int ICMP6_FILTER = 1;
    static final int IP_RECVERR = 11;
    static final int IPV6_RECVERR = 25;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_ERRQUEUE = 0x2000;
    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;

    /** {@code struct pollfd}: int fd; short events; short revents. */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("fd"), ValueLayout.JAVA_SHORT.withName("events"),
            ValueLayout.JAVA_SHORT.withName("revents"));

    private static final ValueLayout INT = ValueLayout.JAVA_INT;
    private static final ValueLayout LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout PTR = ValueLayout.ADDRESS;
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private final MethodHandle socket;
    private final MethodHandle sendto;
    private final MethodHandle recvfrom;
    private final Linker linker;
    /** Bound on first use: only unprivileged (datagram) sockets read their error queue. */
    private volatile MethodHandle recvmsg;
    private final MethodHandle poll;
    private final MethodHandle setsockopt;
    private final MethodHandle close;

    private static final FunctionDescriptor SOCKET = FunctionDescriptor.of(INT, INT, INT, INT);
    private static final FunctionDescriptor SENDTO = FunctionDescriptor.of(LONG, INT, PTR, LONG, INT, PTR, INT);
    private static final FunctionDescriptor RECVFROM = FunctionDescriptor.of(LONG, INT, PTR, LONG, INT, PTR, PTR);
    private static final FunctionDescriptor POLL = FunctionDescriptor.of(INT, PTR, LONG, INT);
    private static final FunctionDescriptor SETSOCKOPT = FunctionDescriptor.of(INT, INT, INT, INT, PTR, INT);
    private static final FunctionDescriptor CLOSE = FunctionDescriptor.of(INT, INT);
    private static final FunctionDescriptor RECVMSG = FunctionDescriptor.of(LONG, INT, PTR, INT);

    private Libc(Linker linker) {
        this.linker = linker;
        var lookup = linker.defaultLookup();
        var errno = Linker.Option.captureCallState("errno");
        socket = bind(linker, lookup, "socket", SOCKET, errno);
        sendto = bind(linker, lookup, "sendto", SENDTO, errno);
        recvfrom = bind(linker, lookup, "recvfrom", RECVFROM, errno);
        poll = bind(linker, lookup, "poll", POLL, errno);
        setsockopt = bind(linker, lookup, "setsockopt", SETSOCKOPT, errno);
        close = bind(linker, lookup, "close", CLOSE, errno);
    }

    /**
     * Makes the Foreign Function API build (and keep) the call stubs {@link #load} needs, in the
     * opposite order: a thread that loads while another prepares then builds the other half itself.
     */
    static void prepare() {
        if (!linux()) {
            return;
        }
        try {
            Linker linker = Linker.nativeLinker();
            var errno = Linker.Option.captureCallState("errno");
            for (FunctionDescriptor fd : java.util.List.of(CLOSE, SETSOCKOPT, POLL, RECVFROM, SENDTO, SOCKET)) {
                linker.downcallHandle(fd, errno);
            }
        } catch (IllegalArgumentException | UnsupportedOperationException | IllegalCallerException e) {
            // load() will say so, and discovery falls back to TCP.
        }
    }

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && ValueLayout.ADDRESS.byteSize() == 8;
    }

    /** The bindings, or empty where this platform has no usable libc (not Linux, symbols missing). */
    static Optional<Libc> load() {
        if (!linux()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Libc(Linker.nativeLinker()));
        } catch (IllegalArgumentException | UnsupportedOperationException | IllegalCallerException e) {
            // No such symbol, or native access denied by the launcher: the caller falls back to TCP.
            return Optional.empty();
        }
    }

    // Restricted by design: native access is granted by --enable-native-access / the jar manifest.
    @SuppressWarnings("restricted")
    private static MethodHandle bind(Linker linker, java.lang.foreign.SymbolLookup lookup, String name,
                                     FunctionDescriptor fd, Linker.Option option) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new IllegalArgumentException("libc has no " + name));
        return linker.downcallHandle(symbol, fd, option);
    }

    /** Memory for one caller's captured errno; one per thread that makes calls. */
    static MemorySegment newCallState(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    int socket(MemorySegment state, int domain, int type, int protocol) {
        try {
            return (int) socket.invokeExact(state, domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long sendto(MemorySegment state, int fd, MemorySegment buf, long len, int flags, MemorySegment addr, int addrLen) {
        try {
            return (long) sendto.invokeExact(state, fd, buf, len, flags, addr, addrLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long recvfrom(MemorySegment state, int fd, MemorySegment buf, long len, int flags, MemorySegment addr,
                  MemorySegment addrLen) {
        try {
            return (long) recvfrom.invokeExact(state, fd, buf, len, flags, addr, addrLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long recvmsg(MemorySegment state, int fd, MemorySegment msghdr, int flags) {
        try {
            MethodHandle h = recvmsg;
            if (h == null) {
                // Each call shape costs a cold JVM milliseconds to bind; two threads binding it at once is harmless.
                h = bind(linker, linker.defaultLookup(), "recvmsg", RECVMSG, Linker.Option.captureCallState("errno"));
                recvmsg = h;
            }
            return (long) h.invokeExact(state, fd, msghdr, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int poll(MemorySegment state, MemorySegment fds, long nfds, int timeoutMillis) {
        try {
            return (int) poll.invokeExact(state, fds, nfds, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int setsockopt(MemorySegment state, int fd, int level, int name, MemorySegment value, int len) {
        try {
            return (int) setsockopt.invokeExact(state, fd, level, name, value, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int close(MemorySegment state, int fd) {
        try {
            return (int) close.invokeExact(state, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        // invokeExact declares Throwable; a downcall itself throws nothing checked.
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
