package io.netsweep.discovery;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Waits for input on a fixed set of descriptors with {@code poll(2)}. Confined to the thread
 * that creates it (its native memory is); {@link #close} on that thread.
 */
final class Poller implements AutoCloseable {
    private final Libc libc;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment fds;
    private final MemorySegment state;
    private final int count;

    Poller(Libc libc, int[] descriptors) {
        this.libc = libc;
        this.count = descriptors.length;
        this.fds = arena.allocate(Libc.POLLFD, count);
        this.state = Libc.newCallState(arena);
        for (int i = 0; i < count; i++) {
            long base = i * Libc.POLLFD.byteSize();
            fds.set(ValueLayout.JAVA_INT, base, descriptors[i]);
            fds.set(ValueLayout.JAVA_SHORT, base + 4, (short) (Libc.POLLIN | Libc.POLLERR));
        }
    }

    /** Waits up to {@code timeoutMillis}; returns the number of ready descriptors (0 on timeout or EINTR). */
    int await(int timeoutMillis) {
        for (int i = 0; i < count; i++) {
            fds.set(ValueLayout.JAVA_SHORT, i * Libc.POLLFD.byteSize() + 6, (short) 0);
        }
        int n = libc.poll(state, fds, count, timeoutMillis);
        return Math.max(n, 0);
    }

    /** Whether descriptor {@code index} has input after the last {@link #await}. */
    boolean readable(int index) {
        return (fds.get(ValueLayout.JAVA_SHORT, index * Libc.POLLFD.byteSize() + 6) & Libc.POLLIN) != 0;
    }

    /** Whether descriptor {@code index} has a queued error report after the last {@link #await}. */
    boolean errored(int index) {
        return (fds.get(ValueLayout.JAVA_SHORT, index * Libc.POLLFD.byteSize() + 6) & Libc.POLLERR) != 0;
    }

    @Override
    public void close() {
        arena.close();
    }
}
