package io.netsweep.service;

import java.io.IOException;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every socket a detector has open, so that closing the detector closes them and unblocks any probe
 * waiting on one. Thread-safe.
 */
final class OpenSockets {
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Adds a socket; if the detector already closed, closes it and returns false. */
    boolean add(Socket socket) {
        open.add(socket);
        if (closed) {
            open.remove(socket);
            quietly(socket);
            return false;
        }
        return true;
    }

    void remove(Socket socket) {
        open.remove(socket);
    }

    void closeAll() {
        closed = true;
        for (Socket socket : open) {
            quietly(socket);
        }
        open.clear();
    }

    static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing to stop a probe: nothing useful to do with a failure
        }
    }
}
