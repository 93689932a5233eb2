package io.netsweep.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Waits for input or queued errors on a fixed set of {@link LinuxSocket}s with {@code poll(2)}. Confined to the
 * thread that creates it (its native memory is); {@link #close} on that thread.
 */
public final class Poller implements AutoCloseable {
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment fds;
    private final MemorySegment state;
    private final int count;

    /** A poller of {@code sockets}, indexed in that order. */
    public Poller(List<LinuxSocket> sockets) {
        this.count = sockets.size();
        this.fds = arena.allocate(Poll.POLLFD, count);
        this.state = Downcalls.newCallState(arena);
        for (int i = 0; i < count; i++) {
            Poll.pollfd(fds, i, sockets.get(i).fd(), (short) (Poll.POLLIN | Poll.POLLERR));
        }
    }

    /** Waits up to {@code timeoutMillis}; returns how many sockets are ready (0 on timeout or an interrupted wait). */
    public int await(int timeoutMillis) {
        for (int i = 0; i < count; i++) {
            Poll.revents(fds, i, (short) 0);
        }
        return Math.max(0, Poll.poll(state, fds, count, timeoutMillis));
    }

    /** Whether socket {@code index} has input after the last {@link #await}. */
    public boolean readable(int index) {
        return (revents(index) & Poll.POLLIN) != 0;
    }

    /** Whether socket {@code index} has a queued error report after the last {@link #await}. */
    public boolean errored(int index) {
        return (revents(index) & Poll.POLLERR) != 0;
    }

    private short revents(int index) {
        return Poll.revents(fds, index);
    }

    @Override
    public void close() {
        arena.close();
    }
}
