package io.netsweep.portscan;

import io.netsweep.sys.Epoll;
import io.netsweep.sys.Errno;
import io.netsweep.sys.NativeException;
import io.netsweep.sys.TcpConnector;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link ConnectIo} on Linux through the native layer: non-blocking sockets in one edge-triggered epoll set, an
 * eventfd for wake-ups, and sockets reused from one attempt to the next.
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
 * <p>What each errno means for the port is {@link FailureClassifier}'s to say. Confined to the engine thread
 * except {@link #wakeup}.
 */
final class EpollConnectIo implements ConnectIo {
    private final Arena arena;
    private final TcpConnector sockets;
    private final Epoll epoll;
    private final IntStack idle4 = new IntStack();
    private final IntStack idle6 = new IntStack();
    /** The probe holding each socket, by fd. */
    private Probe[] owners = new Probe[1024];
    private boolean closed;

    private EpollConnectIo(Arena arena, TcpConnector sockets, Epoll epoll) {
        this.arena = arena;
        this.sockets = sockets;
        this.epoll = epoll;
    }

    /**
     * An instance, or empty on another platform than Linux on x86-64 or AArch64, or when native access is
     * refused or epoll cannot be set up: the engine then uses {@link NioConnectIo}.
     */
    static Optional<EpollConnectIo> open() {
        return open(Arena.ofShared());
    }

    /** {@link #open()} with its native memory in {@code arena}, which it owns from now on: closed on failure too. */
    static Optional<EpollConnectIo> open(Arena arena) {
        try {
            TcpConnector sockets = new TcpConnector(arena);
            return Optional.of(new EpollConnectIo(arena, sockets, Epoll.open(arena)));
        } catch (NativeException e) {
            arena.close(); // nothing holds its memory any more: Epoll.open closed what it had opened
            return Optional.empty(); // no native calls here, native access refused, or out of descriptors
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public AttemptOutcome start(Probe p) {
        boolean v4 = p.host.address instanceof Inet4Address;
        int fd = v4 ? idle4.pop() : idle6.pop();
        if (fd < 0) {
            try {
                fd = sockets.open(!v4);
            } catch (NativeException e) {
                return FailureClassifier.onOpen(e.errno());
            }
            if (epoll.watchConnect(fd) != Errno.NONE) {
                sockets.close(fd);
                return ConnectFailure.SHORTAGE; // ENOMEM, or max_user_watches reached
            }
        }
        own(fd, p);
        p.reuse = Reuse.RESET; // whatever happens, reset the socket before it serves another attempt
        return FailureClassifier.onConnect(connect(p)); // a failure here left before any packet: no route, port, buffer
    }

    @Override
    public AttemptOutcome finish(Probe p) {
        Errno e = connect(p);
        AttemptOutcome outcome = FailureClassifier.onFinish(e);
        if (outcome instanceof ConnectFailure) {
            // The kernel has disconnected the socket while reporting the error. An ICMP error may have left a soft
            // error behind as well (one that arrived while the socket was busy): such a socket is not reused, so
            // that no later attempt can read it as its own.
            p.reuse = e == Errno.ECONNREFUSED ? Reuse.AS_IS : Reuse.CLOSE;
        }
        return outcome;
    }

    @Override
    public AttemptOutcome finishAtDeadline(Probe p) {
        AttemptOutcome now = finish(p);
        if (!(now instanceof AttemptOutcome.Pending)) {
            return now;
        }
        Errno e = sockets.pendingError(p.fd);
        if (e == Errno.NONE) {
            return now;
        }
        p.reuse = Reuse.CLOSE; // still connecting: the kernel would retry the SYN; nothing of it is kept
        return FailureClassifier.networkError(e);
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
        if (reuse == Reuse.CLOSE || reuse == Reuse.RESET && sockets.disconnect(fd) != Errno.NONE) {
            sockets.close(fd); // a socket that cannot be reset is not reused either
            return;
        }
        (p.host.address instanceof Inet4Address ? idle4 : idle6).push(fd);
    }

    @Override
    public boolean isSelfConnect(Probe p) {
        return sockets.connectedToItself(p.fd);
    }

    @Override
    public void await(long timeoutMillis, Consumer<Probe> ready) throws IOException {
        int n;
        try {
            n = epoll.await((int) Math.min(timeoutMillis, Integer.MAX_VALUE));
        } catch (NativeException e) {
            throw new IOException(e.getMessage(), e);
        }
        for (int i = 0; i < n; i++) {
            int fd = epoll.readyFd(i);
            if (fd < owners.length && owners[fd] != null) {
                ready.accept(owners[fd]);
            }
        }
    }

    @Override
    public void wakeup() {
        epoll.wakeup();
    }

    @Override
    public int releasing() {
        return 0; // every fd closes or returns to the pool at once
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        epoll.close(); // first: a wake-up from another thread does nothing from now on
        for (int fd = 0; fd < owners.length; fd++) {
            if (owners[fd] != null) {
                owners[fd].fd = -1;
                owners[fd].reuse = Reuse.AS_IS;
                owners[fd] = null;
                sockets.close(fd);
            }
        }
        closeAll(idle4);
        closeAll(idle6);
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

    /** A connect of the probe's socket to its target: to start the attempt, or to ask how it stands. */
    private Errno connect(Probe p) {
        return sockets.connect(p.fd, p.host.rawAddress,
                p.host.address instanceof Inet6Address v6 ? v6.getScopeId() : 0, p.port);
    }

    private void closeAll(IntStack fds) {
        int fd;
        while ((fd = fds.pop()) >= 0) {
            sockets.close(fd);
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
