package io.netsweep.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.PortSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the orchestrator's tests share: two listeners on 127.0.0.1, a {@link ManualClock}, an
 * {@link EventLog}, and components that are real where a scenario can be produced for real (the connect
 * scanner, watched) and held by the test where it cannot (reverse DNS and identification that answer
 * when told). {@link #close()} cancels what is still running and closes the listeners.
 */
final class RunFixture implements AutoCloseable {
    static final Duration TICK = RunLimits.DEFAULTS.progressInterval();
    static final InetAddress H1 = address("127.0.0.1");
    static final InetAddress H2 = address("127.0.0.2");
    static final InetAddress H3 = address("127.0.0.3");
    static final InetAddress H4 = address("127.0.0.4");

    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    final EventLog log = new EventLog();
    final HeldNames names = new HeldNames();
    final HeldIdentification identification = new HeldIdentification();
    final WatchedPortScan connect = new WatchedPortScan();
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final List<ScanSession> sessions = new ArrayList<>();
    private final Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();

    RunFixture() throws IOException {
        for (int i = 0; i < 2; i++) {
            listeners.add(new ServerSocket(0, 50, H1));
        }
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** Port {@code i} of the listeners (open on 127.0.0.1, closed elsewhere on loopback). */
    int port(int i) {
        return listeners.get(i).getLocalPort();
    }

    PortSet listenerPorts() {
        return PortSet.of(port(0), port(1));
    }

    /** The real components but for the held ones: reverse DNS, identification, and a watched connect scanner. */
    ScanComponents components() {
        return ScanComponents.standard().withPortScan(connect::open).withNames(names::open)
                .withIdentification(identification::open);
    }

    ScanSession start(ScanRequest request, ScanComponents components) {
        return start(request, components, RunLimits.DEFAULTS, log);
    }

    ScanSession start(ScanRequest request, ScanComponents components, RunLimits limits, ScanListener listener) {
        ScanSession s = new PipelineScanner(components, clock, p -> "svc" + p, limits).start(request, listener);
        sessions.add(s);
        return s;
    }

    /**
     * Lets one progress interval pass and returns the report it brought. It also serves as a barrier: the
     * events emitted before it are delivered when it is.
     */
    ScanEvent.Progress tick() throws InterruptedException {
        int before = log.ofType(ScanEvent.Progress.class).size();
        assertThat(clock.awaitSleeper(EventLog.DEADLINE)).as("the monitor waits for its next report").isTrue();
        clock.advance(TICK);
        return log.awaitCount(ScanEvent.Progress.class, before + 1).get(before);
    }

    /** Waits for the terminal event; fails the test at the deadline. */
    static ScanEvent end(ScanSession session) throws InterruptedException {
        assertThat(session.await(EventLog.DEADLINE)).as("scan ended").isTrue();
        return session.outcome().orElseThrow();
    }

    /**
     * Names of the threads of scans started since this fixture was made that are still alive: none may
     * be once a scan's terminal event is delivered (those of its dispatcher and finishing thread aside).
     */
    List<String> scanThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> !threadsBefore.contains(t)).map(Thread::getName)
                .filter(n -> n.startsWith("netsweep-connect") || n.startsWith("netsweep-syn-send")
                        || n.startsWith("netsweep-feed")
                        || n.startsWith("netsweep-discovery-wait") || n.startsWith("netsweep-progress"))
                .toList();
    }

    @Override
    public void close() throws Exception {
        try {
            for (ScanSession s : sessions) {
                s.cancel();
                s.await(EventLog.DEADLINE);
            }
        } finally {
            for (ServerSocket l : listeners) {
                l.close();
            }
        }
    }
}
