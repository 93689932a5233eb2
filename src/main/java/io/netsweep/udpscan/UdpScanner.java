package io.netsweep.udpscan;

import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortProbeResult;
import io.netsweep.portscan.PortScanListener;
import io.netsweep.portscan.ScanTiming;
import io.netsweep.sys.Epoll;
import io.netsweep.sys.Errno;
import io.netsweep.sys.LinuxSocket;
import io.netsweep.timing.MonotonicClock;
import io.netsweep.timing.RateLimiter;
import io.netsweep.timing.RttEstimator;
import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The UDP port scan ({@code -sU}): a probe per port (the protocol's request where {@link UdpPayloads} has one, else an
 * empty datagram), open on a UDP answer, closed on the target's ICMP port unreachable, filtered on another ICMP
 * unreachable, open|filtered on silence, with retries paced to the target's ICMP rate limit (see {@link UdpHost}).
 *
 * <p><b>One socket, no privilege.</b> Every probe leaves from one unconnected UDP socket per address family with
 * {@code IP_RECVERR} / {@code IPV6_RECVERR}: answers arrive on it with their source address and port, and each ICMP
 * error the kernel matches to one of its datagrams waits in its error queue with the type, the code, who sent it and
 * the datagram's destination address and port. So any user can scan UDP (nmap needs a raw socket, so root), with one
 * descriptor whatever the number of ports, where a connected socket per probe would need one each (and bind a
 * port each); the kernel's own matching replaces a packet capture. A datagram that comes from another port than the
 * one probed (a TFTP server answers from a new one) says nothing here.
 *
 * <p>Threading: one engine thread sends, reads and decides; {@link #submit}, {@link #closeInput}, {@link #cancel} and
 * the counters are thread-safe. Listener calls come from the engine thread, one at a time, as
 * {@link PortScanListener} requires: an answering port is reported as soon as its answer arrives.
 */
public final class UdpScanner implements AutoCloseable {
    /** Hosts scanned at once; more wait their turn. */
    static final int ACTIVE_HOSTS = 256;
    /** Most first-pass probes in flight to one host at once. */
    static final int HOST_WINDOW = 512;

    private final ScanTiming timing;
    private final long seed;
    private final PortScanListener listener;
    private final MonotonicClock clock;
    private final UdpPayloads payloads;
    private final ConcurrentLinkedQueue<Submission> submissions = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean inputClosed = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicLong probesSent = new AtomicLong();
    private final AtomicLong resultsReported = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Arena arena = Arena.ofShared();
    private final Epoll epoll;
    private final LinuxSocket v4;
    private final LinuxSocket v6;
    private final Thread engine;
    private final Object closeLock = new Object();
    private boolean closed;

    private record Submission(InetAddress host, PortSet ports) {}

    /**
     * Opens the sockets and starts the engine thread, which waits for submissions.
     *
     * @throws io.netsweep.sys.NativeException where UDP sockets or epoll cannot be had (not Linux, out of descriptors)
     */
    public UdpScanner(ScanTiming timing, long seed, PortScanListener listener) {
        this(timing, seed, listener, MonotonicClock.system(), UdpPayloads.standard());
    }

    UdpScanner(ScanTiming timing, long seed, PortScanListener listener, MonotonicClock clock, UdpPayloads payloads) {
        this.timing = Objects.requireNonNull(timing, "timing");
        this.seed = seed;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        LinuxSocket s4 = null;
        LinuxSocket s6 = null;
        Epoll e = null;
        try {
            e = Epoll.open(arena);
            s4 = LinuxSocket.openUdp(false);
            s4.setOption(LinuxSocket.Option.IP_RECVERR, 1);
            e.watchInput(s4);
            try {
                s6 = LinuxSocket.openUdp(true);
                s6.setOption(LinuxSocket.Option.IPV6_RECVERR, 1);
                e.watchInput(s6);
            } catch (RuntimeException noV6) {
                s6 = null; // no IPv6 here: IPv6 targets get local-error
            }
        } catch (RuntimeException ex) {
            if (s4 != null) {
                s4.close();
            }
            if (e != null) {
                e.close();
            }
            arena.close();
            throw ex;
        }
        this.epoll = e;
        this.v4 = s4;
        this.v6 = s6;
        this.engine = Thread.ofPlatform().daemon().name("netsweep-udp").unstarted(this::run);
        engine.start();
    }

    /** Queues every port of {@code ports} on {@code host}. Ignored after {@link #cancel} or {@link #closeInput}. */
    public void submit(InetAddress host, PortSet ports) {
        if (cancelled.get() || inputClosed.get()) {
            return;
        }
        submissions.add(new Submission(host, ports));
        epoll.wakeup();
    }

    /** Nothing more will be submitted: the engine ends once every submitted port has its result. */
    public void closeInput() {
        inputClosed.set(true);
        epoll.wakeup();
    }

    /** Stops at once; no listener call follows. Idempotent. */
    public void cancel() {
        cancelled.set(true);
        epoll.wakeup();
    }

    /** Why the engine stopped on its own before every result was delivered, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Probes sent so far, retries included. */
    public long probesSent() {
        return probesSent.get();
    }

    /** Results delivered so far. */
    public long resultsReported() {
        return resultsReported.get();
    }

    /** Whether the engine thread has ended (every result delivered, cancelled, or failed). */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return engine.join(timeout);
    }

    /** Cancels, waits for the engine thread, closes the sockets. Idempotent. */
    @Override
    public void close() {
        cancel();
        boolean interrupted = false;
        while (engine.isAlive()) {
            try {
                engine.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        synchronized (closeLock) {
            if (!closed) {
                closed = true;
                v4.close();
                if (v6 != null) {
                    v6.close();
                }
                epoll.close();
                arena.close();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the engine thread ----

    private final Map<InetAddress, UdpHost> active = new HashMap<>();
    private final ArrayDeque<Submission> waiting = new ArrayDeque<>();
    private RateLimiter limiter;

    private void run() {
        try {
            limiter = new RateLimiter(timing.ratePerSecond(), clock.nanoTime());
            loop();
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        }
    }

    private void loop() {
        while (!cancelled.get()) {
            long now = clock.nanoTime();
            admit(now);
            if (active.isEmpty() && waiting.isEmpty() && inputClosed.get() && submissions.isEmpty()) {
                return;
            }
            read(now);
            if (cancelled.get()) {
                return;
            }
            now = clock.nanoTime();
            long wake = now + 200_000_000L;
            for (Iterator<UdpHost> it = active.values().iterator(); it.hasNext(); ) {
                UdpHost h = it.next();
                deliver(h, h.expire(now));
                send(h, now);
                if (h.done()) {
                    it.remove();
                    listener.onHostComplete(h.address);
                    continue;
                }
                long next = h.nextDeadline(wake);
                if (next - wake < 0) {
                    wake = next;
                }
                if ((h.firstPassPending() || h.roundReady()) && !limiter.unlimited()) {
                    long ready = now + Math.max(1_000_000L, limiter.nanosUntilReady(now));
                    if (ready - wake < 0) {
                        wake = ready;
                    }
                }
                if (cancelled.get()) {
                    return;
                }
            }
            long waitNanos = wake - clock.nanoTime();
            if (waitNanos > 0 && submissions.isEmpty()) {
                epoll.await((int) Math.max(1, Math.min(200, (waitNanos + 999_999) / 1_000_000)));
            }
        }
    }

    private void admit(long now) {
        Submission s;
        while ((s = submissions.poll()) != null) {
            waiting.add(s);
        }
        while (active.size() < ACTIVE_HOSTS && !waiting.isEmpty()) {
            Submission next = waiting.poll();
            if (active.containsKey(next.host())) {
                waiting.add(next); // the same host twice: after the first submission ends
                break;
            }
            UdpHost h = new UdpHost(next.host(), next.ports().toArray(), seed, timing.retries(),
                    new RttEstimator(timing.initialTimeout(), timing.minTimeout(), timing.maxTimeout()), now);
            if (h.portCount() == 0) {
                listener.onHostComplete(next.host());
                continue;
            }
            active.put(next.host(), h);
        }
    }

    private void send(UdpHost h, long now) {
        boolean paced = !limiter.unlimited();
        if (paced && !limiter.ready(now)) {
            return;
        }
        // Unpaced, the first pass fills the host's window; paced, it sends one probe a turn. A confirming round goes
        // whole either way (the limiter takes the debt), so that its sentinel follows its probes at once.
        int allowance = paced ? 1 : HOST_WINDOW - h.inFlightCount();
        List<Integer> due = h.due(now, allowance);
        LinuxSocket socket = h.v6 ? v6 : v4;
        List<UdpHost.Decided> local = new ArrayList<>();
        for (int port : due) {
            long at = clock.nanoTime();
            Errno e = socket == null ? Errno.EAFNOSUPPORT : sendOne(socket, h, port);
            if (e == Errno.NONE || e == Errno.EAGAIN || e == Errno.ENOBUFS) {
                h.sent(port, at); // a full socket buffer loses the probe: it counts as a try all the same
                probesSent.incrementAndGet();
                if (paced) {
                    limiter.consume(1);
                }
            } else {
                local.addAll(h.icmp(port, UdpVerdict.LOCAL_ERROR, false, at));
            }
        }
        deliver(h, local);
    }

    /** Sends one probe; a pending error left by an earlier ICMP error is reported once, so send again. */
    private Errno sendOne(LinuxSocket socket, UdpHost h, int port) {
        byte[] payload = payloads.forTarget(h.address, port, 0);
        Errno e = Errno.NONE;
        for (int attempt = 0; attempt < 4; attempt++) {
            e = socket.sendTo(payload, payload.length, h.address, port);
            if (e != Errno.ECONNREFUSED && e != Errno.EHOSTUNREACH && e != Errno.ENETUNREACH
                    && e != Errno.EACCES) {
                return e;
            }
        }
        return e;
    }

    private void read(long now) {
        for (LinuxSocket s : v6 == null ? List.of(v4) : List.of(v4, v6)) {
            for (int n = 0; n < 4096; n++) {
                Errno e = s.receiveUdp(d -> {
                    UdpHost h = active.get(d.from());
                    if (h != null) {
                        deliver(h, h.answered(d.port(), clock.nanoTime()));
                    }
                });
                if (e == Errno.EAGAIN) {
                    break;
                }
            }
            for (int n = 0; n < 4096; n++) {
                Errno e = s.receiveError(err -> {
                    UdpHost h = active.get(err.originalDestination());
                    if (h == null) {
                        return;
                    }
                    boolean fromTarget = err.offender().equals(err.originalDestination());
                    UdpVerdict.ofIcmp(h.v6, err.type(), err.code(), fromTarget).ifPresent(v ->
                            deliver(h, h.icmp(err.originalPort(), v, fromTarget, clock.nanoTime())));
                });
                if (e != Errno.NONE) {
                    break;
                }
            }
        }
    }

    private void deliver(UdpHost h, List<UdpHost.Decided> decided) {
        for (UdpHost.Decided d : decided) {
            if (cancelled.get()) {
                return;
            }
            Optional<Duration> rtt = d.rttNanos() >= 0 ? Optional.of(Duration.ofNanos(d.rttNanos())) : Optional.empty();
            listener.onResult(new PortProbeResult(h.address, d.port(), d.verdict().state(), d.verdict().label(), rtt));
            resultsReported.incrementAndGet();
        }
    }
}
