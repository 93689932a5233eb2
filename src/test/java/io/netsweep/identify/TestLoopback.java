package io.netsweep.identify;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback addresses of this test JVM's own (127.X.Y.Z, X and Y from its pid and a salt), so that fakes bound to
 * a product's well-known port never collide with another test run or with services on 127.0.0.1.
 */
final class TestLoopback {
    private final int x;
    private final int y;
    private final AtomicInteger next = new AtomicInteger(1);

    TestLoopback(int salt) {
        long pid = ProcessHandle.current().pid();
        this.x = 100 + (int) ((pid + salt * 13L) % 100);
        this.y = (int) ((pid / 100 + salt * 11L) % 250) + 1;
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
}
