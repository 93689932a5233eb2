package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.testing.Prerequisites;
import io.netsweep.port.PortSet;
import io.netsweep.testing.ClosedPort;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The epoll socket layer against real loopback listeners: one socket serves attempt after attempt, each from
 * a fresh source port; an open port's connection ends with a reset; a socket abandoned while connecting comes
 * back clean; wake-ups from another thread end a wait.
 */
class EpollConnectIoTest {
    private static final InetAddress V4 = InetAddress.getLoopbackAddress();
    private static final AdaptiveTiming TIMING = new AdaptiveTiming(ScanTiming.defaults());

    private EpollConnectIo io;

    @BeforeEach
    void open() {
        io = EpollConnectIo.open().orElse(null);
        Prerequisites.require(io != null, "epoll is not available on this platform");
    }

    @AfterEach
    void close() {
        if (io != null) {
            io.close();
        }
    }

    private static Probe probe(int port) {
        HostState host = new HostState(
                new ScanControl.Submission(V4, PortSet.of(port), new ScanControl.Completion(1)),
                true, 1, TIMING.newEstimator(), TIMING.newWindow());
        return new Probe(host, port);
    }

    /** Starts {@code p} and waits (through epoll) until its connect has an outcome. */
    private AttemptOutcome connect(Probe p) throws IOException {
        AttemptOutcome o = io.start(p);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (o instanceof AttemptOutcome.Pending && System.nanoTime() < deadline) {
            AtomicReference<AttemptOutcome> seen = new AtomicReference<>(o);
            io.await(100, ready -> {
                if (ready == p) {
                    seen.set(io.finish(p));
                }
            });
            o = seen.get() instanceof AttemptOutcome.Pending ? io.finish(p) : seen.get();
        }
        return o;
    }

    @Test
    void oneSocketServesManyRefusedAttempts() throws Exception {
        Set<Integer> fds = new HashSet<>();
        try (ClosedPort closed = ClosedPort.on(V4)) {
            for (int i = 0; i < 200; i++) {
                Probe p = probe(closed.port());
                assertThat(connect(p)).isEqualTo(ConnectFailure.Decided.of(ProbeVerdict.CONN_REFUSED));
                fds.add(p.fd);
                io.end(p);
                assertThat(p.fd).isEqualTo(-1);
            }
        }
        assertThat(fds).as("fds used for 200 attempts").hasSize(1);
        assertThat(io.openSockets()).isEqualTo(1);
    }

    @Test
    void aReusedSocketConnectsFromAFreshPortAndEndsWithAReset() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, V4)) {
            Set<Integer> sourcePorts = new HashSet<>();
            Set<Integer> fds = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                Probe p = probe(server.getLocalPort());
                assertThat(connect(p)).isEqualTo(AttemptOutcome.CONNECTED);
                assertThat(io.isSelfConnect(p)).isFalse();
                fds.add(p.fd);
                try (Socket accepted = server.accept()) {
                    sourcePorts.add(accepted.getPort());
                    io.end(p);
                    InputStream in = accepted.getInputStream();
                    assertThatThrownBy(in::read).as("the peer sees a reset, not a FIN")
                            .isInstanceOf(SocketException.class);
                }
            }
            assertThat(fds).hasSize(1);
            assertThat(sourcePorts).as("each attempt from its own ephemeral port").hasSize(5);
        }
    }

    @Test
    void aSocketAbandonedWhileConnectingComesBackClean() throws Exception {
        // A listener whose accept queue is full drops further SYNs: the connect stays pending.
        try (ServerSocket full = new ServerSocket(0, 1, V4)) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    fillers.add(new Socket(V4, full.getLocalPort()));
                }
                Probe stuck = probe(full.getLocalPort());
                AttemptOutcome o = io.start(stuck);
                io.await(200, ready -> { });
                assertThat(io.finish(stuck)).isEqualTo(AttemptOutcome.PENDING);
                assertThat(o).isEqualTo(AttemptOutcome.PENDING);
                int fd = stuck.fd;
                assertThat(io.finishAtDeadline(stuck)).as("no error kept aside").isEqualTo(AttemptOutcome.PENDING);
                io.end(stuck);

                try (ClosedPort closed = ClosedPort.on(V4)) {
                    Probe next = probe(closed.port());
                    assertThat(connect(next)).isEqualTo(ConnectFailure.Decided.of(ProbeVerdict.CONN_REFUSED));
                    assertThat(next.fd).as("the abandoned socket was reused").isEqualTo(fd);
                    io.end(next);
                }
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aWakeupFromAnotherThreadEndsAWait() throws Exception {
        AtomicBoolean returned = new AtomicBoolean();
        Thread waker = Thread.ofPlatform().start(() -> {
            while (!returned.get()) { // until the waiter is out: whenever it blocked, a wake-up followed
                io.wakeup();
                Thread.onSpinWait();
            }
        });
        List<Probe> handed = new ArrayList<>();
        io.await(-1, handed::add);
        returned.set(true);
        waker.join();
        assertThat(handed).as("a wake-up is no socket's answer").isEmpty();
        io.close();
        io.wakeup(); // after close: ignored, writes to no fd
    }
}
