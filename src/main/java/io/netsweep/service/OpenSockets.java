package io.netsweep.service;

import java.io.IOException;
import java.io.Closeable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every socket a detector has open (TCP connections, UDP sockets), so that closing the detector closes them and unblocks any probe
 * waiting on one. Thread-safe.
 */
final class OpenSockets {
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Adds a socket; if the detector already closed, closes it and returns false. */
    boolean add(Closeable socket) {
        open.add(socket);
        if (closed) {
            open.remove(socket);
            quietly(socket);
            return false;
        }
        return true;
    }

    void remove(Closeable socket) {
        open.remove(socket);
    }

    void closeAll() {
        closed = true;
        for (Closeable socket : open) {
            quietly(socket);
        }
        open.clear();
    }

    static void quietly(Closeable socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing to stop a probe: nothing useful to do with a failure
        }
    }
}
