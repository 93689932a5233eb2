package io.netsweep.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The command-line tests' targets: {@code count} listeners on 127.0.0.1 (open ports) and one port that was bound
 * and closed again (closed, unless another process takes it meanwhile). Opened by the constructor, closed by
 * {@link #close}. Not thread-safe; one per test.
 */
final class LoopbackListeners implements AutoCloseable {
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final Set<Integer> open = new TreeSet<>();
    private final int closed;

    LoopbackListeners(int count) {
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                listeners.add(s);
                open.add(s.getLocalPort());
            }
            try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                closed = s.getLocalPort();
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /** The listening ports, in ascending order. */
    Set<Integer> open() {
        return Collections.unmodifiableSet(open);
    }

    /** The port closed again. */
    int closed() {
        return closed;
    }

    /** The open ports and the closed one, as a {@code -p} list. */
    String list() {
        return open.stream().map(String::valueOf).collect(Collectors.joining(",")) + "," + closed;
    }

    @Override
    public void close() {
        for (ServerSocket s : listeners) {
            try {
                s.close();
            } catch (IOException e) {
                // closing a listener of our own: nothing to do about it
            }
        }
    }
}
