package io.netsweep.discovery;

import io.netsweep.sys.NativeException;
import io.netsweep.timing.MonotonicClock;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Finds which targets are up: ICMP echo / ICMPv6 echo from one socket per family at a paced rate,
 * with timeouts learned from the answers and retries for the silent; or, without the privilege
 * for ICMP, a TCP "ping". Then the kernel neighbor table adds MACs, vendors and hosts that answered
 * only ARP/NDP.
 *
 * <p>The method is the best rung of the privilege ladder that can actually be opened (the
 * constructor tries): raw ICMP socket (root or CAP_NET_RAW), then unprivileged ICMP datagram socket
 * ({@code net.ipv4.ping_group_range}), then TCP connect. {@link #method()} says which; IPv6 targets
 * use the same rung, or TCP connect if no ICMPv6 socket of that kind opens ({@link #ipv6Method()}).
 *
 * <p>Answers count only if they match a probe outstanding to that target (identifier, sequence,
 * source, and a per-sweep random cookie in the payload); strays, duplicates and forgeries change
 * nothing. A destination-unreachable quoting a probe means down at once (no retries) when a router,
 * or this host for lack of ARP, sends it, and up ({@code icmp-unreachable}) when the target itself does.
 *
 * <p>Targets on a directly connected subnet: a host that answers is reported at once, with the MAC
 * the kernel resolved to send it the probe (read from the neighbor table when reporting). Targets
 * that stayed silent through every retry are decided after the sweep from the neighbor table: up
 * ({@code arp} / {@code ndp}) if it holds a resolved entry, down otherwise. With CAP_NET_RAW, each
 * retry to an IPv4 target on an Ethernet link goes with an ARP request of our own, so an entry still
 * resolving is waited for only one probe timeout after the last of them; otherwise (IPv6, or no
 * privilege) until about 1.15 s after the target's first probe, just past the kernel's first
 * ARP/NDP retransmission. With {@code readNeighbors} off, no MAC is read and silence means down.
 *
 * <p>Threading: one sweep per instance. {@link #start} returns at once; the sweep runs on its own
 * threads: a scheduler that paces and times probes, one receiver per transport, and one reporter
 * that alone calls the listener. Every other method is thread-safe. The listener contract is in
 * {@link DiscoveryListener}.
 */
public final class HostDiscovery implements AutoCloseable {
    private static final int ORDER_WINDOW = 64;

    private final DiscoveryOptions options;
    private final DiscoveryListener listener;
    private final OuiRegistry oui;
    private final DiscoveryMethod method;
    private final Optional<Transport> v4;
    private final Optional<Transport> v6;
    /** Counted down by the scheduler and the emitter thread when each ends (once for {@code NONE}). */
    private final CountDownLatch done = new CountDownLatch(2);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicLong assumed = new AtomicLong();
    private volatile NeighborSolicitor solicitor = NeighborSolicitor.NONE;
    private volatile SweepEngine engine;
    private volatile HostEmitter emitter;
    private volatile boolean cancelled;
    private boolean started;
    private boolean closed;

    /** A sweep with the bundled OUI registry. */
    public HostDiscovery(DiscoveryOptions options, DiscoveryListener listener) {
        this(options, listener, OuiRegistry.bundled());
    }

    /**
     * Opens the sockets of the method (forced, or the best available).
     *
     * @throws NativeException if a forced ICMP method cannot be opened
     */
    public HostDiscovery(DiscoveryOptions options, DiscoveryListener listener, OuiRegistry oui) {
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.oui = Objects.requireNonNull(oui, "oui");
        Transports t = Transports.open(options);
        this.method = t.method();
        this.v4 = t.v4();
        this.v6 = t.v6();
    }

    /**
     * The best rung this process can use now, found by opening (and closing) the sockets, not by
     * guessing from the user id.
     */
    public static DiscoveryMethod bestAvailable() {
        return Transports.probe();
    }

    /** The rung used for IPv4 targets (and IPv6 ones, unless {@link #ipv6Method()} says otherwise). */
    public DiscoveryMethod method() {
        return method;
    }

    /** The rung used for IPv6 targets. */
    public DiscoveryMethod ipv6Method() {
        return v6.map(Transport::method).orElse(method);
    }

    /**
     * Starts the sweep over {@code targets}: iterated lazily, once; IPv4 and IPv6 may be mixed.
     * Targets should be distinct, as a {@code TargetSet} is: a repeat that comes while the first
     * is still being probed is skipped, a later one is probed (and reported) again.
     * {@code count} is how many there are, for callers' progress displays; the sweep does not rely
     * on it. May be called once.
     */
    public synchronized void start(Iterable<InetAddress> targets, long count) {
        Objects.requireNonNull(targets, "targets");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        if (started || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        started = true;
        Iterator<InetAddress> order = new ProbeOrder<>(targets.iterator(), ORDER_WINDOW, options.seed());
        if (method == DiscoveryMethod.NONE) {
            done.countDown();
            Thread.ofPlatform().daemon().name("netsweep-discovery").start(() -> assumeUp(order));
            return;
        }
        LocalNetworks local = options.readNeighbors() ? LocalNetworks.current() : LocalNetworks.none();
        if (options.readNeighbors()) {
            // Load the vendor table off the sweep's path: the first local host should not wait for it.
            // A platform thread: the first virtual thread would start their scheduler on the sweep's path.
            Thread.ofPlatform().daemon().name("netsweep-oui-load").start(oui::size);
        }
        HostEmitter out = new HostEmitter(listener, NeighborSource.SYSTEM, oui, local, options.readNeighbors(),
                MonotonicClock.system());
        Transport t4 = v4.orElseThrow();
        Transport t6 = v6.orElse(t4);
        NeighborSolicitor arp = options.readNeighbors() ? ArpSolicitor.open(local).orElse(NeighborSolicitor.NONE)
                : NeighborSolicitor.NONE;
        solicitor = arp;
        SweepEngine e = new SweepEngine(options, t4, t6, local, arp, out, MonotonicClock.system(), new SecureRandom().nextInt());
        emitter = out;
        engine = e;
        t4.start(e);
        if (t6 != t4) {
            t6.start(e);
        }
        Thread.ofPlatform().daemon().name("netsweep-discovery-report").start(() -> {
            try {
                out.run();
            } catch (RuntimeException ex) {
                fail(ex); // the listener threw: stop the sweep, keep what was reported
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        });
        Thread.ofPlatform().daemon().name("netsweep-discovery").start(() -> {
            try {
                if (!cancelled) {
                    e.run(order);
                }
            } catch (RuntimeException ex) {
                fail(ex); // a bug, or the target iterator threw
            } finally {
                out.submitEnd();
                closeTransports();
                done.countDown();
            }
        });
    }

    private void fail(RuntimeException ex) {
        failure.compareAndSet(null, ex);
        cancel();
    }

    private void assumeUp(Iterator<InetAddress> order) {
        try {
            while (order.hasNext() && !cancelled) {
                listener.onHostUp(HostInfo.assumedUp(order.next()));
                assumed.incrementAndGet();
            }
        } catch (RuntimeException ex) {
            failure.compareAndSet(null, ex);
        } finally {
            done.countDown();
        }
    }

    /** Asks the sweep to stop: no more probes, no more listener calls once it has stopped. Idempotent. */
    public void cancel() {
        cancelled = true;
        SweepEngine e = engine;
        if (e != null) {
            e.cancel();
        }
        HostEmitter out = emitter;
        if (out != null) {
            out.cancel();
        }
    }

    /** Waits for the sweep to end (finished or cancelled). True if it ended within {@code timeout}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        synchronized (this) {
            if (!started) {
                return true;
            }
        }
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** What ended the sweep abnormally (a listener threw), if anything. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Probes sent so far (a TCP ping counts one per port). */
    public long probesSent() {
        SweepEngine e = engine;
        return e == null ? 0 : e.probesSent();
    }

    /** Targets decided and reported to the listener so far (up or down). */
    public long targetsDone() {
        HostEmitter out = emitter;
        return out == null ? assumed.get() : out.reported();
    }

    /** Cancels, waits briefly for the sweep's threads, and frees the sockets. Idempotent. */
    @Override
    public void close() {
        cancel();
        boolean wasStarted;
        synchronized (this) {
            wasStarted = started;
            closed = true;
        }
        if (wasStarted && method != DiscoveryMethod.NONE) {
            try {
                done.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            closeTransports();
        }
    }

    private void closeTransports() {
        v4.ifPresent(Transport::close);
        v6.ifPresent(Transport::close);
        solicitor.close();
    }
}
