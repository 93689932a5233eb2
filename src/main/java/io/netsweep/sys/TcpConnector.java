package io.netsweep.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;

/**
 * Non-blocking TCP sockets for connect probes, as descriptors: open, connect, disconnect for reuse, read the
 * error the network reported, tell a connection to itself. Outcomes are {@link Errno} values; only opening a
 * socket throws.
 *
 * <p>Its native memory (the errno of its calls, address buffers) lives in an arena the caller owns and closes
 * when done. Confined to one thread.
 */
public final class TcpConnector {
    private final MemorySegment state;
    private final MemorySegment target;
    private final MemorySegment unspec;
    private final MemorySegment local;
    private final MemorySegment remote;
    private final MemorySegment length;
    private final MemorySegment value;

    /**
     * Binds the calls it makes now, so that a refusal shows here and not in the middle of a scan.
     *
     * @throws NativeException {@link Errno#ENOSYS} where there are no native calls or native access is refused
     */
    public TcpConnector(Arena arena) {
        if (!Platform.supported()) {
            throw NativeException.unavailable("socket");
        }
        try {
            SysSocket.bindConnectCalls();
            Unistd.bindDescriptorCalls();
        } catch (IllegalArgumentException | UnsupportedOperationException | IllegalCallerException
                | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw NativeException.unavailable("socket");
        }
        state = Downcalls.newCallState(arena);
        target = arena.allocate(NetinetIn.SOCKADDR_IN6);
        unspec = arena.allocate(NetinetIn.SOCKADDR_IN); // all zero: AF_UNSPEC
        local = arena.allocate(SysSocket.SOCKADDR_STORAGE);
        remote = arena.allocate(SysSocket.SOCKADDR_STORAGE);
        length = arena.allocate(JAVA_INT);
        value = arena.allocate(JAVA_INT);
    }

    /**
     * A new non-blocking, close-on-exec TCP socket.
     *
     * @throws NativeException when the kernel refuses: out of descriptors or memory (EMFILE, ENFILE, ENOBUFS,
     *                         ENOMEM), or no such family here (EAFNOSUPPORT)
     */
    public int open(boolean ipv6) {
        int fd = SysSocket.socket(state, ipv6 ? SysSocket.AF_INET6 : SysSocket.AF_INET,
                SysSocket.SOCK_STREAM | SysSocket.SOCK_NONBLOCK | SysSocket.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new NativeException("socket", Downcalls.code(state));
        }
        return fd;
    }

    /**
     * Connects {@code fd} to {@code raw} (4 bytes: IPv4; 16: IPv6 with {@code scopeId}) port {@code port}, or
     * asks how such a connect stands: {@link Errno#NONE} (connected), {@link Errno#EINPROGRESS} (started),
     * {@link Errno#EALREADY} (still pending), or what went wrong. Allocates nothing.
     */
    public Errno connect(int fd, byte[] raw, int scopeId, int port) {
        int size = SockAddr.write(target, raw, scopeId, port);
        return status(SysSocket.connect(state, fd, target, size));
    }

    /**
     * Disconnects {@code fd} ({@code connect} to {@code AF_UNSPEC}): a pending connect is abandoned (no packet), an
     * established one reset, and the socket can connect again, from a fresh port.
     */
    public Errno disconnect(int fd) {
        return status(SysSocket.connect(state, fd, unspec, SockAddr.IN_SIZE));
    }

    /**
     * {@code SO_ERROR}: the socket's pending error, or else its soft error (an ICMP error that arrived while the
     * socket was busy), clearing it; {@link Errno#NONE} if there is none or it cannot be read.
     */
    public Errno pendingError(int fd) {
        length.set(JAVA_INT, 0, (int) value.byteSize());
        int rc = SysSocket.getsockopt(state, fd, SysSocket.SOL_SOCKET, SysSocket.SO_ERROR, value, length);
        return rc == 0 ? Errno.of(value.get(JAVA_INT, 0)) : Errno.NONE;
    }

    /** Whether connected {@code fd} is connected to itself: the same address and port at both ends. */
    public boolean connectedToItself(int fd) {
        length.set(JAVA_INT, 0, (int) local.byteSize());
        if (SysSocket.getsockname(state, fd, local, length) != 0) {
            return false;
        }
        int localLength = length.get(JAVA_INT, 0);
        length.set(JAVA_INT, 0, (int) remote.byteSize());
        if (SysSocket.getpeername(state, fd, remote, length) != 0 || length.get(JAVA_INT, 0) != localLength) {
            return false; // not connected (any more): not a self-connect that can be proved
        }
        return SockAddr.sameEndPoint(local, remote, localLength);
    }

    /** Closes {@code fd}. */
    public void close(int fd) {
        Unistd.close(state, fd);
    }

    /**
     * Opens a non-blocking TCP socket, connects it to {@code address:port} and closes it at once with SO_LINGER 0,
     * reporting what the connect returned ({@link Errno#NONE} or {@link Errno#EINPROGRESS} when it got through),
     * or why the socket could not be opened. An attempt that got through costs one SYN and, if answered, one RST.
     * For a caller that saw a connect fail without its errno (the JDK's). Allocates its own memory; thread-safe.
     */
    public static Errno connectOnce(InetAddress address, int port) {
        if (!Platform.supported()) {
            return Errno.ENOSYS;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.newCallState(arena);
            int fd = SysSocket.socket(state, SockAddr.v4(address) ? SysSocket.AF_INET : SysSocket.AF_INET6,
                    SysSocket.SOCK_STREAM | SysSocket.SOCK_NONBLOCK | SysSocket.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                return Downcalls.errno(state);
            }
            try {
                MemorySegment linger = arena.allocate(SysSocket.LINGER);
                SysSocket.linger(linger, 1, 0); // on, 0 s: close resets
                SysSocket.setsockopt(state, fd, SysSocket.SOL_SOCKET, SysSocket.SO_LINGER, linger,
                        (int) linger.byteSize());
                MemorySegment sa = arena.allocate(NetinetIn.SOCKADDR_IN6);
                int size = SockAddr.write(sa, address, port);
                return SysSocket.connect(state, fd, sa, size) == 0 ? Errno.NONE : Downcalls.errno(state);
            } finally {
                Unistd.close(state, fd);
            }
        } catch (IllegalArgumentException | UnsupportedOperationException | IllegalCallerException
                | ExceptionInInitializerError | NoClassDefFoundError e) {
            return Errno.ENOSYS; // no such symbol, or native access refused
        }
    }

    private Errno status(int rc) {
        return rc == 0 ? Errno.NONE : Downcalls.errno(state);
    }
}
