package io.netsweep.sys;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.Prerequisites;
import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The epoll set with real sockets on loopback: the ready fd is the one watched; wake-ups end waits. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EpollTest {

    @BeforeEach
    void nativeLayerAvailable() {
        Prerequisites.require(Platform.supported(), "the native layer needs Linux on x86-64 or AArch64");
    }

    @Test
    void aConnectThatEndsMakesItsSocketReadyUnderItsOwnFd() throws Exception {
        try (Arena arena = Arena.ofShared(); Epoll epoll = Epoll.open(arena);
                ServerSocket closedSoon = new ServerSocket(0, 1, InetAddress.ofLiteral("127.0.0.1"))) {
            int port = closedSoon.getLocalPort();
            closedSoon.close(); // nothing listens: the connect is refused
            TcpConnector sockets = new TcpConnector(arena);
            int fd = sockets.open(false);
            try {
                assertThat(epoll.watchConnect(fd)).isEqualTo(Errno.NONE);
                byte[] loopback = InetAddress.ofLiteral("127.0.0.1").getAddress();
                assertThat(sockets.connect(fd, loopback, 0, port)).isIn(Errno.EINPROGRESS, Errno.ECONNREFUSED);
                int n = epoll.await(10_000);
                assertThat(n).isEqualTo(1);
                assertThat(epoll.readyFd(0)).as("the event's data is the watched fd").isEqualTo(fd);
                assertThat(sockets.connect(fd, loopback, 0, port)).as("how the connect ended")
                        .isEqualTo(Errno.ECONNREFUSED);
            } finally {
                sockets.close(fd);
            }
        }
    }

    @Test
    void aWakeUpFromAnotherThreadEndsAWaitAndIsNotCountedAsASocket() throws Exception {
        try (Arena arena = Arena.ofShared(); Epoll epoll = Epoll.open(arena)) {
            Thread before = Thread.ofPlatform().start(epoll::wakeup);
            before.join();
            assertThat(epoll.await(-1)).as("a wake-up before the wait ends it too").isZero();

            AtomicBoolean returned = new AtomicBoolean();
            Thread waker = Thread.ofPlatform().start(() -> {
                while (!returned.get()) { // until the waiter is out: whenever it blocked, a wake-up followed
                    epoll.wakeup();
                    Thread.onSpinWait();
                }
            });
            assertThat(epoll.await(-1)).isZero();
            returned.set(true);
            waker.join();
            epoll.close();
            epoll.wakeup(); // after close: ignored, writes to no fd
        }
    }
}
