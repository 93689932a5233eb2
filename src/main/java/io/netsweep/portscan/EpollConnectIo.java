package io.netsweep.portscan;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link ConnectIo} on Linux through the Foreign Function API: non-blocking sockets in one edge-triggered epoll
 * set, an eventfd for wake-ups, and sockets reused from one attempt to the next.
 *
 * <p><b>Reuse.</b> A TCP socket whose connect failed is unconnected again, and {@code connect()} with an
 * {@code AF_UNSPEC} address disconnects one that is still connecting (no packet) or connected (a reset, as
 * SO_LINGER 0 would send), so one socket serves any number of attempts, each from a fresh ephemeral port.
 * The outcome of a pending connect is read with a second {@code connect()} to the same address: it returns
 * EALREADY while the handshake is pending, 0 once connected, or the network's error (ECONNREFUSED,
 * EHOSTUNREACH, ...), which also leaves the socket unconnected. A refused port thus costs two system calls
 * ({@code connect}, {@code connect}) where a socket per attempt costs six or more ({@code socket},
 * {@code fcntl}, {@code connect}, {@code poll} or {@code epoll_wait}, {@code getsockopt}, {@code close}).
 *
 * <p><b>Readiness.</b> Each socket joins the epoll set once, edge-triggered, when it is created. An event may
 * be stale (from an earlier attempt on the same socket): the engine then reads EALREADY and keeps waiting.
 *
 * <p>Confined to the engine thread except {@link #wakeup}.
 */
final class EpollConnectIo implements ConnectIo {
    private static final int MAX_EVENTS = 1024;
    private static final int EINTR = 4;
    private static final int EAFNOSUPPORT = 97;
    private static final int ECONNABORTED = 103;
    private static final int ECONNRESET = 104;
    private static final int EISCONN = 106;
    private static final int ETIMEDOUT = 110;
    private static final int SOCKADDR_STORAGE = 128;
    private static final ConnectFailure REFUSED = ConnectFailure.Decided.of(ProbeVerdict.CONN_REFUSED);

    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = LinuxNet.newErrnoSegment(arena);
    private final MemorySegment events = arena.allocate(LinuxNet.EPOLL_EVENT_SIZE * MAX_EVENTS, 8);
    private final MemorySegment event = arena.allocate(16, 8);
    private final MemorySegment target = arena.allocate(Libc.SOCKADDR_IN6, 8);
    private final MemorySegment unspec = arena.allocate(Libc.SOCKADDR_IN, 8); // all zero: AF_UNSPEC
    private final MemorySegment nameA = arena.allocate(SOCKADDR_STORAGE, 8);
    private final MemorySegment nameB = arena.allocate(SOCKADDR_STORAGE, 8);
    private final MemorySegment nameLength = arena.allocate(JAVA_INT);
    private final MemorySegment scratch = arena.allocate(JAVA_INT);
    private final MemorySegment scratchLength = arena.allocate(JAVA_INT);
    /** Holds 1: what a wake-up adds to the eventfd. Never freed early: other threads write from it. */
    private final MemorySegment one = Arena.ofAuto().allocate(JAVA_LONG);
    private final MemorySegment drain = arena.allocate(JAVA_LONG);
    private final int epfd;
    private final int wakeFd;
    private final Object wakeLock = new Object();
    private final IntStack idle4 = new IntStack();
    private final IntStack idle6 = new IntStack();
    /** The probe holding each socket, by fd. */
    private Probe[] owners = new Probe[1024];
    private boolean closed;

    private EpollConnectIo() throws IOException {
        one.set(JAVA_LONG, 0, 1L);
        epfd = LinuxNet.epollCreate(errno);
        if (epfd < 0) {
            throw new IOException("epoll_create1 failed: errno " + LinuxNet.errno(errno));
        }
        wakeFd = LinuxNet.eventFd(errno);
        if (wakeFd < 0 || LinuxNet.epollAdd(errno, epfd, wakeFd, LinuxNet.EPOLLIN, event) != 0) {
            int e = LinuxNet.errno(errno);
            LinuxNet.close(epfd);
            if (wakeFd >= 0) {
                LinuxNet.close(wakeFd);
            }
            arena.close();
            throw new IOException("eventfd for epoll failed: errno " + e);
        }
    }

    /**
     * An instance, or empty on another platform than Linux on x86-64 or AArch64, or when native access is
     * refused or epoll cannot be set up: the engine then uses {@link NioConnectIo}.
     */
    static Optional<EpollConnectIo> open() {
        if (!Libc.platformSupported()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new EpollConnectIo());
        } catch (IOException | IllegalCallerException | UnsupportedOperationException | ExceptionInInitializerError
                | NoClassDefFoundError e) {
            return Optional.empty(); // native access denied (--illegal-native-access=deny), or no epoll
        }
    }

    @Override
    public AttemptOutcome start(Probe p) {
        boolean v4 = p.host.address instanceof Inet4Address;
        int fd = v4 ? idle4.pop() : idle6.pop();
        if (fd < 0) {
            fd = LinuxNet.tcpSocket(errno, v4 ? Libc.AF_INET : Libc.AF_INET6);
            if (fd < 0) {
                int e = LinuxNet.errno(errno);
                return e == EAFNOSUPPORT // no IPv6 on this machine: nothing can be learned
                        ? ConnectFailure.Decided.of(ProbeVerdict.LOCAL_ERROR)
                        : ConnectFailure.SHORTAGE;
            }
            if (LinuxNet.epollAdd(errno, epfd, fd, LinuxNet.EPOLLOUT | LinuxNet.EPOLLET, event) != 0) {
                LinuxNet.close(fd);
                return ConnectFailure.SHORTAGE; // ENOMEM, or max_user_watches reached
            }
        }
        own(fd, p);
        int length = fillTarget(p);
        p.reuse = Reuse.RESET; // whatever happens, reset the socket before it serves another attempt
        if (LinuxNet.connect(errno, fd, target, length) == 0) {
            return AttemptOutcome.CONNECTED;
        }
        int e = LinuxNet.errno(errno);
        if (e == Errno.EINPROGRESS.code()) {
            return AttemptOutcome.PENDING;
        }
        return FailureClassifier.fromErrno(e); // failed before any packet left: no route, no port, no buffer
    }

    @Override
    public AttemptOutcome finish(Probe p) {
        int length = fillTarget(p);
        if (LinuxNet.connect(errno, p.fd, target, length) == 0) {
            return AttemptOutcome.CONNECTED;
        }
        int e = LinuxNet.errno(errno);
        if (e == Errno.EALREADY.code() || e == Errno.EINPROGRESS.code()) {
            return AttemptOutcome.PENDING;
        }
        if (e == EISCONN) {
            return AttemptOutcome.CONNECTED;
        }
        ConnectFailure failure = networkError(e);
        // The kernel has disconnected the socket while reporting the error. An ICMP error may have left a soft
        // error behind as well (one that arrived while the socket was busy): such a socket is not reused, so
        // that no later attempt can read it as its own.
        p.reuse = failure == REFUSED ? Reuse.AS_IS : Reuse.CLOSE;
        return failure;
    }

    @Override
    public AttemptOutcome finishAtDeadline(Probe p) {
        AttemptOutcome now = finish(p);
        if (!(now instanceof AttemptOutcome.Pending)) {
            return now;
        }
        int e = LinuxNet.socketError(p.fd, scratch, scratchLength);
        if (e <= 0) {
            return now;
        }
        p.reuse = Reuse.CLOSE; // still connecting: the kernel would retry the SYN; nothing of it is kept
        return networkError(e);
    }

    /** What an error reported for a connect that was in progress means. */
    static ConnectFailure networkError(int errno) {
        Optional<Errno> known = Errno.of(errno);
        if (known.isPresent()) {
            switch (known.get()) {
                case ECONNREFUSED:
                    return ConnectFailure.Decided.of(ProbeVerdict.CONN_REFUSED);
                case EHOSTUNREACH, EHOSTDOWN:
                    return ConnectFailure.Decided.of(ProbeVerdict.HOST_UNREACH);
                case ENETUNREACH, ENETDOWN:
                    return ConnectFailure.Decided.of(ProbeVerdict.NET_UNREACH);
                case EACCES, EPERM: // ICMPv6 administratively prohibited
                    return ConnectFailure.Decided.of(ProbeVerdict.ADMIN_PROHIBITED);
                default:
                    break;
            }
        }
        if (errno == ETIMEDOUT) {
            return ConnectFailure.Decided.of(ProbeVerdict.NO_RESPONSE); // the kernel's own SYN retries ran out
        }
        if (errno == ECONNRESET || errno == ECONNABORTED) {
            return new ConnectFailure.Unexplained(); // not an answer to this attempt: try it again
        }
        return ConnectFailure.Decided.of(ProbeVerdict.NET_UNREACH); // another ICMP error (protocol, fragmentation)
    }

    @Override
    public void watch(Probe p) {
        // Every socket is in the epoll set from its creation on.
    }

    @Override
    public void end(Probe p) {
        int fd = p.fd;
        if (fd < 0) {
            return;
        }
        p.fd = -1;
        owners[fd] = null;
        Reuse reuse = p.reuse;
        p.reuse = Reuse.AS_IS;
        if (reuse == Reuse.CLOSE
                || reuse == Reuse.RESET && LinuxNet.connect(errno, fd, unspec, Libc.SOCKADDR_IN) != 0) {
            LinuxNet.close(fd); // a socket that cannot be reset is not reused either
            return;
        }
        (p.host.address instanceof Inet4Address ? idle4 : idle6).push(fd);
    }

    @Override
    public boolean isSelfConnect(Probe p) {
        nameLength.set(JAVA_INT, 0, SOCKADDR_STORAGE);
        if (LinuxNet.localAddress(p.fd, nameA, nameLength) != 0) {
            return false;
        }
        int localLength = nameLength.get(JAVA_INT, 0);
        nameLength.set(JAVA_INT, 0, SOCKADDR_STORAGE);
        if (LinuxNet.remoteAddress(p.fd, nameB, nameLength) != 0 || nameLength.get(JAVA_INT, 0) != localLength) {
            return false; // not connected (any more): not a self-connect we can prove
        }
        // Same family, port and address (sockaddr_in: bytes 0-7; sockaddr_in6: 0-3 and 8-23, and the scope).
        boolean v4 = nameA.get(JAVA_SHORT, 0) == Libc.AF_INET;
        return v4
                ? MemorySegment.mismatch(nameA, 0, 8, nameB, 0, 8) == -1
                : MemorySegment.mismatch(nameA, 0, 4, nameB, 0, 4) == -1
                        && MemorySegment.mismatch(nameA, 8, 28, nameB, 8, 28) == -1;
    }

    @Override
    public void await(long timeoutMillis, Consumer<Probe> ready) throws IOException {
        int n = LinuxNet.epollWait(errno, epfd, events, MAX_EVENTS, (int) Math.min(timeoutMillis, Integer.MAX_VALUE));
        if (n < 0) {
            int e = LinuxNet.errno(errno);
            if (e == EINTR) {
                return;
            }
            throw new IOException("epoll_wait failed: errno " + e);
        }
        for (int i = 0; i < n; i++) {
            int fd = LinuxNet.eventFd(events, i);
            if (fd == wakeFd) {
                LinuxNet.read(wakeFd, drain);
            } else if (fd < owners.length && owners[fd] != null) {
                ready.accept(owners[fd]);
            }
        }
    }

    @Override
    public void wakeup() {
        synchronized (wakeLock) {
            if (!closed) { // after close the fd number may belong to someone else
                LinuxNet.write(wakeFd, one);
            }
        }
    }

    @Override
    public int releasing() {
        return 0; // every fd closes or returns to the pool at once
    }

    @Override
    public void close() {
        synchronized (wakeLock) {
            if (closed) {
                return;
            }
            closed = true;
            LinuxNet.close(wakeFd);
        }
        for (int fd = 0; fd < owners.length; fd++) {
            if (owners[fd] != null) {
                owners[fd].fd = -1;
                owners[fd].reuse = Reuse.AS_IS;
                owners[fd] = null;
                LinuxNet.close(fd);
            }
        }
        closeAll(idle4);
        closeAll(idle6);
        LinuxNet.close(epfd);
        arena.close();
    }

    /** Sockets this instance holds, in use or idle. */
    int openSockets() {
        int n = idle4.size() + idle6.size();
        for (Probe p : owners) {
            n += p == null ? 0 : 1;
        }
        return n;
    }

    private void own(int fd, Probe p) {
        if (fd >= owners.length) {
            owners = Arrays.copyOf(owners, Math.max(fd + 1, owners.length * 2));
        }
        owners[fd] = p;
        p.fd = fd;
    }

    /** Writes the probe's target into {@link #target}; returns the sockaddr's length. */
    private int fillTarget(Probe p) {
        return Libc.writeSockaddr(target, p.host.rawAddress,
                p.host.address instanceof Inet6Address v6 ? v6.getScopeId() : 0, p.port);
    }

    private static void closeAll(IntStack fds) {
        int fd;
        while ((fd = fds.pop()) >= 0) {
            LinuxNet.close(fd);
        }
    }

    /** What a socket needs, once its attempt ends, before it serves another one. */
    enum Reuse {
        /** Nothing: it is unconnected and clean. */
        AS_IS,
        /** A disconnect ({@code connect(AF_UNSPEC)}): it may be connecting or connected. */
        RESET,
        /** Closing: it may hold state that a later attempt could mistake for its own. */
        CLOSE
    }

    /** A stack of fds. */
    private static final class IntStack {
        private int[] items = new int[256];
        private int size;

        void push(int v) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = v;
        }

        /** The top, removed, or -1 when empty. */
        int pop() {
            return size == 0 ? -1 : items[--size];
        }

        int size() {
            return size;
        }
    }
}
