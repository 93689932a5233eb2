package io.netsweep.scan;

import io.netsweep.discovery.DiscoveryListener;
import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.DiscoveryOptions;
import io.netsweep.discovery.HostDiscovery;
import io.netsweep.discovery.HostInfo;
import io.netsweep.dns.DnsOptions;
import io.netsweep.dns.PtrResult;
import io.netsweep.dns.ReverseResolver;
import io.netsweep.identify.IdentifyOptions;
import io.netsweep.identify.ServiceIdentifier;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.ConnectScanner;
import io.netsweep.portscan.PortProbeResult;
import io.netsweep.portscan.PortScanListener;
import io.netsweep.portscan.PortState;
import io.netsweep.portscan.ScanTiming;
import io.netsweep.target.Permutation;
import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * One scan in flight: discovery feeds the connect engine host by host (a pipeline, not two phases),
 * reverse lookups and identification run beside them, and every result goes through one
 * {@link EventDispatcher}. Thread-safe.
 *
 * <p>Completion is counted, not polled: one unit of outstanding work for the target feed, one per
 * host until its ports, name and services are all known. When the count reaches zero the scan is
 * finished.
 */
final class ScanRun implements ScanSession {
    /** Hosts handed to the connect engine at once when every target is taken as up. */
    private static final int MAX_ACTIVE_HOSTS = 1024;
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(200);

    private final ScanRequest request;
    private final InstantSource clock;
    private final IntFunction<String> serviceNames;
    private final EventDispatcher events;
    private final Instant startedAt;
    private final long startNanos = System.nanoTime();

    private final AtomicLong outstanding = new AtomicLong(1); // the target feed
    private final Map<InetAddress, AtomicInteger> hostParts = new ConcurrentHashMap<>();
    private final AtomicLong hostsUp = new AtomicLong();
    private final AtomicLong hostsSubmitted = new AtomicLong();
    private final AtomicLong openPorts = new AtomicLong();
    private final AtomicBoolean ending = new AtomicBoolean();
    private final Semaphore activeHosts = new Semaphore(MAX_ACTIVE_HOSTS);

    private volatile HostDiscovery discovery;
    private volatile ConnectScanner connect;
    private volatile ReverseResolver resolver;
    private volatile ServiceIdentifier identifier;
    private volatile Thread feeder;
    private volatile Thread ticker;

    ScanRun(ScanRequest request, ScanListener listener, InstantSource clock, IntFunction<String> serviceNames) {
        this.request = request;
        this.clock = clock;
        this.serviceNames = serviceNames;
        this.events = new EventDispatcher(listener, "netsweep-events");
        this.startedAt = clock.instant();
    }

    void start() {
        events.start();
        try {
            DiscoveryMethod method = openComponents();
            events.emit(new ScanEvent.Started(startedAt, request.commandLine(), request.targets().size(),
                    scansPorts() ? request.ports() : PortSet.empty(), method));
            ticker = Thread.ofPlatform().daemon().name("netsweep-progress").start(this::tick);
            if (discovery != null) {
                discovery.start(request.targets(), request.targets().size());
                feeder = Thread.ofPlatform().daemon().name("netsweep-discovery-wait").start(this::awaitDiscovery);
            } else {
                feeder = Thread.ofPlatform().daemon().name("netsweep-feed").start(this::feedAllTargets);
            }
        } catch (RuntimeException e) {
            fail("could not start the scan: " + oneLine(e));
        }
    }

    private DiscoveryMethod openComponents() {
        if (request.dnsMode() != DnsMode.OFF) {
            DnsOptions options = DnsOptions.defaults().withTimeout(request.dnsTimeout());
            resolver = new ReverseResolver(request.dnsServers().isEmpty() ? options
                    : options.withServers(request.dnsServers()));
        }
        if (request.identify() && scansPorts()) {
            identifier = new ServiceIdentifier(IdentifyOptions.defaults());
        }
        if (scansPorts()) {
            connect = new ConnectScanner(request.timing(), request.seed(), new PortScanListener() {
                @Override
                public void onResult(PortProbeResult result) {
                    portResult(result);
                }

                @Override
                public void onHostComplete(InetAddress host) {
                    if (request.discovery() == DiscoveryMode.ASSUME_UP) {
                        activeHosts.release(); // the -Pn feed waits for these; discovered hosts never took one
                    }
                    release(host);
                }
            });
        }
        if (request.discovery() == DiscoveryMode.ASSUME_UP) {
            return DiscoveryMethod.NONE;
        }
        discovery = new HostDiscovery(discoveryOptions(), new DiscoveryListener() {
            @Override
            public void onHostUp(HostInfo host) {
                hostUp(host);
            }

            @Override
            public void onHostDown(InetAddress address) {
                hostDown(address);
            }
        });
        return discovery.method();
    }

    /** Discovery follows the scan's timing where the user set it: rate, retries and seed. */
    private DiscoveryOptions discoveryOptions() {
        DiscoveryOptions d = DiscoveryOptions.defaults();
        ScanTiming t = request.timing();
        if (t.ratePerSecond() > 0) {
            d = d.withRate(t.ratePerSecond());
        }
        return new DiscoveryOptions(d.forcedMethod(), d.ratePerSecond(), t.retries(), d.initialTimeout(),
                d.minTimeout(), d.maxTimeout(), d.tcpPingPorts(), request.seed(), d.readNeighbors());
    }

    private boolean scansPorts() {
        return request.discovery() != DiscoveryMode.DISCOVERY_ONLY;
    }

    // ---- the host pipeline ----

    private void hostUp(HostInfo host) {
        if (events.isClosed()) {
            return;
        }
        InetAddress address = host.address();
        AtomicInteger parts = new AtomicInteger(1);
        if (hostParts.putIfAbsent(address, parts) != null) {
            return; // reported up once already
        }
        outstanding.incrementAndGet();
        hostsUp.incrementAndGet();
        events.emit(new ScanEvent.HostUp(host));
        if (resolver != null) {
            parts.incrementAndGet();
            resolver.lookup(address).whenComplete((r, e) -> nameFound(address, r));
        }
        if (connect != null) {
            parts.incrementAndGet();
            hostsSubmitted.incrementAndGet();
            connect.submit(address, request.ports());
        }
        release(address);
    }

    private void hostDown(InetAddress address) {
        if (events.isClosed()) {
            return;
        }
        boolean lookUp = request.dnsMode() == DnsMode.ALL && resolver != null;
        if (!request.reportDownHosts() && !lookUp) {
            return;
        }
        AtomicInteger parts = new AtomicInteger(1);
        if (hostParts.putIfAbsent(address, parts) != null) {
            return;
        }
        outstanding.incrementAndGet();
        events.emit(new ScanEvent.HostDown(address));
        if (lookUp) {
            parts.incrementAndGet();
            resolver.lookup(address).whenComplete((r, e) -> nameFound(address, r));
        }
        release(address);
    }

    private void nameFound(InetAddress address, PtrResult result) {
        if (result != null) {
            events.emit(new ScanEvent.HostnameResolved(address, result.hostname(), result.status()));
        }
        release(address);
    }

    private void portResult(PortProbeResult r) {
        if (r.state() == PortState.OPEN) {
            openPorts.incrementAndGet();
        }
        if (request.reportStates().contains(r.state())) {
            events.emit(new ScanEvent.PortObserved(r.address(), r.port(), r.state(), serviceNames.apply(r.port()),
                    r.reason(), r.rtt()));
        }
        if (r.state() == PortState.OPEN && identifier != null) {
            AtomicInteger parts = hostParts.get(r.address());
            if (parts != null) {
                parts.incrementAndGet();
                identifier.identify(r.address(), r.port()).whenComplete((id, e) -> {
                    if (id != null) {
                        id.ifPresent(i -> events.emit(new ScanEvent.ServiceIdentified(r.address(), r.port(), i)));
                    }
                    release(r.address());
                });
            }
        }
    }

    /** One part of a host is done; the last part completes the host. */
    private void release(InetAddress address) {
        AtomicInteger parts = hostParts.get(address);
        if (parts != null && parts.decrementAndGet() == 0) {
            hostParts.remove(address);
            events.emit(new ScanEvent.HostCompleted(address));
            workDone();
        }
    }

    private void workDone() {
        if (outstanding.decrementAndGet() == 0) {
            end(Ending.FINISHED, null);
        }
    }

    // ---- feeding targets ----

    private void awaitDiscovery() {
        try {
            while (!discovery.awaitTermination(Duration.ofMillis(100))) {
                if (events.isClosed()) {
                    return;
                }
            }
            if (connect != null) {
                connect.closeInput();
            }
            workDone();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail("discovery failed: " + oneLine(e));
        }
    }

    /**
     * {@code -Pn}: every target is up. Hosts enter the engine in a seeded, spread-out order, and only as
     * earlier ones finish, so memory stays flat however many targets there are.
     */
    private void feedAllTargets() {
        try {
            TargetSet targets = request.targets();
            Permutation order = new Permutation(targets.size(), request.seed());
            for (long i = 0; i < targets.size() && !events.isClosed(); i++) {
                if (connect != null) {
                    while (!activeHosts.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        if (events.isClosed()) {
                            return;
                        }
                    }
                }
                hostUp(HostInfo.assumedUp(targets.get(order.apply(i))));
            }
            if (connect != null) {
                connect.closeInput();
            }
            workDone();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail("target feed failed: " + oneLine(e));
        }
    }

    // ---- progress ----

    private void tick() {
        ProgressMeter meter = new ProgressMeter(startNanos);
        try {
            while (!events.isClosed()) {
                Thread.sleep(PROGRESS_INTERVAL);
                if (events.isClosed()) {
                    return;
                }
                events.emit(progress(meter));
                checkHealth();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A component that stopped on its own (its own failure) would leave hosts unfinished: end the scan. */
    private void checkHealth() {
        events.listenerFailure().ifPresent(e -> fail("output failed: " + oneLine(e)));
        ConnectScanner c = connect;
        if (c != null) {
            c.failure().ifPresent(e -> fail("port scan failed: " + oneLine(e)));
        }
        HostDiscovery d = discovery;
        if (d != null) {
            d.failure().ifPresent(e -> fail("discovery failed: " + oneLine(e)));
        }
    }

    private ScanEvent.Progress progress(ProgressMeter meter) {
        long done = 0;
        long total = 0;
        long probes = 0;
        HostDiscovery d = discovery;
        if (d != null) {
            done += d.targetsDone();
            total += request.targets().size();
            probes += d.probesSent();
        }
        ConnectScanner c = connect;
        if (c != null) {
            long portsPerHost = request.ports().size();
            done += c.resultsReported();
            total += d == null ? request.targets().size() * portsPerHost : hostsSubmitted.get() * portsPerHost;
            probes += c.probesSent();
        }
        return meter.sample(System.nanoTime(), done, total, probes);
    }

    // ---- ending ----

    private enum Ending { FINISHED, CANCELLED, FAILED }

    @Override
    public void cancel() {
        end(Ending.CANCELLED, null);
    }

    private void fail(String message) {
        end(Ending.FAILED, message);
    }

    /**
     * Ends the scan once. Never blocks the caller, which may be a component's own thread: stopping
     * and closing the components happens on a finishing thread, and the terminal event is queued
     * only after they are closed, so a listener that sees it knows no thread or socket is left.
     */
    private void end(Ending how, String message) {
        if (!ending.compareAndSet(false, true)) {
            return;
        }
        if (how != Ending.FINISHED) {
            stopComponents(); // prompt: each cancel returns at once
        }
        Thread.ofPlatform().daemon().name("netsweep-finish").start(() -> {
            closeComponents();
            ScanSummary summary = summary();
            ScanEvent terminal = switch (how) {
                case FINISHED -> events.listenerFailure()
                        .<ScanEvent>map(e -> new ScanEvent.Failed("output failed: " + oneLine(e), summary))
                        .orElse(new ScanEvent.Finished(summary));
                case CANCELLED -> new ScanEvent.Cancelled(summary);
                case FAILED -> new ScanEvent.Failed(message, summary);
            };
            interruptQuietly(ticker);
            interruptQuietly(feeder);
            events.finish(terminal);
        });
    }

    private void stopComponents() {
        if (discovery != null) {
            discovery.cancel();
        }
        if (connect != null) {
            connect.cancel();
        }
    }

    private void closeComponents() {
        closeQuietly(discovery);
        closeQuietly(connect);
        closeQuietly(resolver);
        closeQuietly(identifier);
    }

    private static void interruptQuietly(Thread t) {
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // Closing is best effort: the scan's outcome is already decided.
        }
    }

    private ScanSummary summary() {
        long probes = (connect == null ? 0 : connect.probesSent());
        long up = request.discovery() == DiscoveryMode.ASSUME_UP ? hostsSubmitted.get() : hostsUp.get();
        return new ScanSummary(startedAt, clock.instant(), request.targets().size(), up, openPorts.get(), probes);
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        return events.await(timeout);
    }

    @Override
    public Optional<ScanEvent> outcome() {
        return events.terminal();
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("[\\r\\n]+", " ");
    }
}
