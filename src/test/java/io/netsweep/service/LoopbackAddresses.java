package io.netsweep.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback addresses of this test JVM's own (127.X.Y.Z with X and Y from its pid), so that listeners on
 * well-known ports never collide with another developer's test run or with services on 127.0.0.1.
 */
final class LoopbackAddresses {
    private final int x;
    private final int y;
    private final AtomicInteger next = new AtomicInteger(1);

    LoopbackAddresses(int salt) {
        long pid = ProcessHandle.current().pid();
        this.x = 100 + (int) (pid % 100);
        this.y = (int) ((pid / 100 + salt * 7L) % 250) + 1;
    }

    InetAddress next() {
        int z = next.getAndIncrement();
        if (z > 254) {
            throw new IllegalStateException("out of loopback addresses");
        }
        try {
            return InetAddress.getByAddress(new byte[] {127, (byte) x, (byte) y, (byte) z});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this process may bind ports below 1024 (root, or the capability to), tried on an address of ours. */
    boolean mayBindLowPorts() {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.bind(new java.net.InetSocketAddress(
                    InetAddress.getByAddress(new byte[] {127, (byte) x, (byte) y, (byte) 255}), 1));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
