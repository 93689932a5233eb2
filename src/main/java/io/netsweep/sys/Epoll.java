package io.netsweep.sys;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An edge-triggered epoll set of sockets and an eventfd that wakes its waiter: the poller of the connect
 * engine. Each watched socket's fd is its event's data, so a wait yields the fds that may have an answer.
 *
 * <p>Its native memory lives in an arena the caller owns and closes after {@link #close} (also when
 * {@link #open} throws). Confined to one thread, except {@link #wakeup}, which any thread may call, even after
 * {@link #close} (then it does nothing).
 */
public final class Epoll implements AutoCloseable {
    /** Most events one wait returns. */
    public static final int MAX_EVENTS = 1024;

    private final MemorySegment state;
    private final MemorySegment events;
    private final MemorySegment event;
    private final MemorySegment drain;
    private final MemorySegment wakeState;
    private final MemorySegment one;
    private final int epfd;
    private final int wakeFd;
    private final int[] ready = new int[MAX_EVENTS];
    private final Object wakeLock = new Object();
    private boolean closed;

    private Epoll(Arena arena, MemorySegment state, int epfd, int wakeFd) {
        this.state = state;
        this.epfd = epfd;
        this.wakeFd = wakeFd;
        events = arena.allocate(SysEpoll.EPOLL_EVENT, MAX_EVENTS);
        event = arena.allocate(SysEpoll.EPOLL_EVENT);
        drain = arena.allocate(JAVA_LONG);
        wakeState = Downcalls.newCallState(arena);
        one = arena.allocate(JAVA_LONG);
        one.set(JAVA_LONG, 0, 1L); // what a wake-up adds to the eventfd
    }

    /**
     * An epoll set with its wake-up eventfd in it, its memory in {@code arena}. Closes whatever it created when it
     * fails (the arena stays the caller's to close).
     *
     * @throws NativeException if a call fails (EMFILE, ENFILE, ENOMEM), or {@link Errno#ENOSYS} where there are no
     *                         native calls
     */
    public static Epoll open(Arena arena) {
        if (!Platform.supported()) {
            throw NativeException.unavailable("epoll_create1");
        }
        MemorySegment state = Downcalls.newCallState(arena);
        int epfd = -1;
        int wakeFd = -1;
        try {
            epfd = SysEpoll.epollCreate1(state, SysEpoll.EPOLL_CLOEXEC);
            if (epfd < 0) {
                throw new NativeException("epoll_create1", Downcalls.code(state));
            }
            wakeFd = Unistd.eventfd(state, 0, Unistd.EFD_NONBLOCK | Unistd.EFD_CLOEXEC);
            if (wakeFd < 0) {
                throw new NativeException("eventfd", Downcalls.code(state));
            }
            Epoll epoll = new Epoll(arena, state, epfd, wakeFd);
            Errno added = epoll.add(wakeFd, SysEpoll.EPOLLIN);
            if (added != Errno.NONE) {
                throw new NativeException("epoll_ctl", added.code());
            }
            Unistd.bindDescriptorCalls();
            SysEpoll.bindWait();
            return epoll;
        } catch (IllegalArgumentException | UnsupportedOperationException | IllegalCallerException
                | ExceptionInInitializerError | NoClassDefFoundError e) {
            closeQuietly(state, wakeFd, epfd);
            throw NativeException.unavailable("epoll"); // no such symbol, or native access refused
        } catch (RuntimeException e) {
            closeQuietly(state, wakeFd, epfd);
            throw e;
        }
    }

    private static void closeQuietly(MemorySegment state, int... fds) {
        for (int fd : fds) {
            if (fd >= 0) {
                Unistd.close(state, fd);
            }
        }
    }

    /** Watches {@code fd} for writability, edge-triggered: a connect's end, success or failure. */
    public Errno watchConnect(int fd) {
        return add(fd, SysEpoll.EPOLLOUT | SysEpoll.EPOLLET);
    }

    /**
     * Watches {@code socket} for input or a queued error, level-triggered: a wait returns it as long as something
     * is left to read, so its reader may stop after a batch.
     */
    public Errno watchInput(LinuxSocket socket) {
        return add(socket.fd(), SysEpoll.EPOLLIN);
    }

    private Errno add(int fd, int events) {
        SysEpoll.epoll_event(event, 0, events, fd);
        int rc = SysEpoll.epollCtl(state, epfd, SysEpoll.EPOLL_CTL_ADD, fd, event);
        return rc == 0 ? Errno.NONE : Downcalls.errno(state);
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: until woken, 0: not at all) and returns how many watched sockets may
     * have an answer: {@link #readyFd}{@code (0 .. n-1)}. A wake-up is consumed here and not counted; an
     * interrupted wait returns 0.
     *
     * @throws NativeException if the wait fails otherwise (a bug: EBADF, EFAULT, EINVAL)
     */
    public int await(int timeoutMillis) {
        int n = SysEpoll.epollWait(state, epfd, events, MAX_EVENTS, timeoutMillis);
        if (n < 0) {
            if (Downcalls.errno(state) == Errno.EINTR) {
                return 0;
            }
            throw new NativeException("epoll_wait", Downcalls.code(state));
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            int fd = (int) SysEpoll.data(events, i);
            if (fd == wakeFd) {
                Unistd.read(state, wakeFd, drain);
            } else {
                ready[count++] = fd;
            }
        }
        return count;
    }

    /** The fd of ready socket {@code i} of the last {@link #await}. */
    public int readyFd(int i) {
        return ready[i];
    }

    /** Makes a blocked or the next {@link #await} return at once. Thread-safe. */
    public void wakeup() {
        synchronized (wakeLock) {
            if (!closed) { // after close the fd number may belong to someone else
                Unistd.write(wakeState, wakeFd, one);
            }
        }
    }

    /** Closes the epoll set and the eventfd, not the watched sockets. Idempotent. */
    @Override
    public void close() {
        synchronized (wakeLock) {
            if (closed) {
                return;
            }
            closed = true;
            Unistd.close(wakeState, wakeFd);
        }
        Unistd.close(state, epfd);
    }
}
