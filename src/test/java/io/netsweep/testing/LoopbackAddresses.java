package io.netsweep.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback addresses of this test JVM's own (127.X.Y.Z with X and Y from its pid), so that listeners on
 * well-known ports never collide with another developer's test run or with services on 127.0.0.1. Each user in
 * one JVM passes a salt of its own (1 to 35): distinct salts give distinct blocks of addresses.
 * Thread-safe.
 */
public final class LoopbackAddresses {
    private final int x;
    private final int y;
    private final AtomicInteger next = new AtomicInteger(1);

    public LoopbackAddresses(int salt) {
        if (salt < 1 || salt > 35) {
            throw new IllegalArgumentException("salt must be in [1, 35]: " + salt);
        }
        long pid = ProcessHandle.current().pid();
        this.x = 100 + (int) (pid % 100);
        this.y = (int) ((pid / 100 + salt * 7L) % 250) + 1;
    }

    /** The next address of this block (at most 254). */
    public InetAddress next() {
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
    public boolean mayBindLowPorts() {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.bind(new java.net.InetSocketAddress(
                    InetAddress.getByAddress(new byte[] {127, (byte) x, (byte) y, (byte) 255}), 1));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
