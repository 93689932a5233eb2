package io.netsweep.scan;

import io.netsweep.discovery.DiscoveryListener;
import io.netsweep.discovery.HostInfo;
import io.netsweep.dns.PtrResult;
import io.netsweep.port.PortSet;
import io.netsweep.port.Protocol;
import io.netsweep.port.ServiceNames;
import io.netsweep.portscan.PortProbeResult;
import io.netsweep.portscan.PortScanListener;
import io.netsweep.portscan.PortState;
import io.netsweep.finding.Finding;
import io.netsweep.finding.FindingRules;
import io.netsweep.portscan.ScanType;
import io.netsweep.service.ServiceReport;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * One scan in flight. It opens the scan's components ({@link RunComponents}), runs the host pipeline
 * between them (a host up goes to the port scan and to a reverse lookup at once; an open port goes to
 * service detection, each port on its own while the pipeline goes on), and ends the scan exactly once. The bookkeeping lives in three helpers:
 * {@link HostLedger} (what each host still waits for, per-host event order, when the scan is done),
 * {@link TargetFeeder} (the {@code -Pn} feed, or the wait for discovery) and {@link ScanMonitor}
 * (progress and component health). Every event goes through one {@link EventDispatcher}.
 *
 * <p>Thread-safe: components call in from their own threads; any thread may cancel or wait.
 */
final class ScanRun implements ScanSession {
    /** How long the ending waits for the feed's and the monitor's threads, which exit as soon as they are told. */
    private static final Duration THREAD_EXIT_WAIT = Duration.ofSeconds(2);

    private final ScanRequest request;
    private final WorkSplit work;
    private final ScanComponents factories;
    private final ScanClock clock;
    private final IntFunction<String> serviceNames;
    private final RunLimits limits;
    private final FindingRules findings;
    private final EventDispatcher events;
    private final HostLedger ledger;
    private final Instant startedAt;
    private final long startNanos;
    private final AtomicLong hostsSubmitted = new AtomicLong();
    private final AtomicLong openPorts = new AtomicLong();
    private final AtomicBoolean ending = new AtomicBoolean();
    /** Per host in the port scans, how many of them (TCP, UDP) have not completed it yet. */
    private final ConcurrentHashMap<InetAddress, AtomicInteger> scansLeft = new ConcurrentHashMap<>();
    /** Room for reverse lookups asked and not yet answered ({@link RunLimits#maxPendingLookups}). */
    private final Semaphore lookupRoom;

    // Set in start() before any component can call back; read on components' threads and by the ending.
    private volatile RunComponents parts;
    private volatile TargetFeeder feeder;
    private volatile ScanMonitor monitor;

    ScanRun(ScanRequest request, ScanListener listener, ScanComponents factories, ScanClock clock,
            IntFunction<String> serviceNames, RunLimits limits, FindingRules findings) {
        this.request = request;
        this.work = WorkSplit.of(request);
        this.findings = findings;
        this.factories = factories;
        this.clock = clock;
        this.serviceNames = serviceNames;
        this.limits = limits;
        this.lookupRoom = new Semaphore(limits.maxPendingLookups());
        this.events = new EventDispatcher(listener, "netsweep-events", e -> fail("output failed: " + oneLine(e)));
        this.ledger = new HostLedger(events, new SettledTargets(work.targets()), () -> end(Ending.FINISHED, null));
        this.startedAt = clock.instant();
        this.startNanos = clock.nanoTime();
    }

    /**
     * Opens the components and starts the scan; returns at once. A scan whose components cannot be
     * opened emits only {@link ScanEvent.Failed}.
     */
    void start() {
        events.start();
        RunComponents p;
        try {
            p = RunComponents.open(request, factories, new Verdicts(), new PortResults(Protocol.TCP),
                    new PortResults(Protocol.UDP));
        } catch (RuntimeException e) {
            fail("could not start the scan: " + oneLine(e));
            return;
        }
        TargetFeeder.Sink sink = new FeedSink();
        ScanType type = p.portScan().map(PortScan::type).orElse(ScanType.CONNECT);
        feeder = p.discovery().isPresent()
                ? TargetFeeder.afterDiscovery(p.discovery().get(), sink)
                : TargetFeeder.everyTarget(work.targets(), request.seed(),
                        limits.activeHosts(type, request.timing(), portsPerHost(p)), sink);
        monitor = new ScanMonitor(work, p.discovery(), p.portScans(), portsPerHost(p), hostsSubmitted::get,
                ledger::firstUnsettled, events, clock, startNanos, limits.progressInterval(), this::fail);
        parts = p;
        events.emit(new ScanEvent.Started(startedAt, request.commandLine(), work.targets().size(),
                p.portScan().isPresent() ? request.ports() : PortSet.empty(), p.method(), type,
                p.portScan().isPresent() && request.method() == PortScanMethod.SYN && type != ScanType.SYN,
                p.udpScan().isPresent() ? request.udpPorts() : PortSet.empty(), work.mark()));
        monitor.start();
        if (p.discovery().isPresent()) {
            try {
                p.discovery().get().start(work.targets());
            } catch (RuntimeException e) {
                fail("discovery failed: " + oneLine(e));
                return;
            }
        }
        feeder.start();
    }

    /** Ports per host on average (this shard's share of the TCP and UDP ones), for the feed's width and progress. */
    private int portsPerHost(RunComponents p) {
        return (p.portScan().isPresent() ? Math.toIntExact(work.portsPerHost()) : 0)
                + (p.udpScan().isPresent() ? Math.toIntExact(work.udpPortsPerHost()) : 0);
    }

    // ---- the host pipeline ----

    private void hostUp(HostInfo host) {
        InetAddress address = host.address();
        if (!ledger.open(address, new ScanEvent.HostUp(host))) {
            return; // reported once already, or the scan is ending
        }
        parts.names().ifPresent(names -> lookUp(names, address));
        // A shard may own none of this host's TCP or UDP ports (split by pairs).
        PortSet tcpPorts = parts.portScan().isPresent() ? work.portsOf(address) : PortSet.empty();
        PortSet udpPorts = parts.udpScan().isPresent() ? work.udpPortsOf(address) : PortSet.empty();
        boolean udp = !udpPorts.isEmpty();
        int submitted = (tcpPorts.isEmpty() ? 0 : 1) + (udp ? 1 : 0);
        if (submitted > 0) {
            hostsSubmitted.incrementAndGet();
            scansLeft.put(address, new AtomicInteger(submitted));
        } else if (!parts.portScans().isEmpty() && request.discovery() == DiscoveryMode.ASSUME_UP) {
            feeder.hostDone(); // it took a place in the feed and will have no onHostComplete
        }
        if (!tcpPorts.isEmpty() && ledger.addPart(address)) {
            parts.portScan().orElseThrow().submit(address, tcpPorts);
        }
        if (udp && ledger.addPart(address)) {
            parts.udpScan().orElseThrow().submit(address, udpPorts);
        }
        ledger.release(address);
    }

    private void hostDown(InetAddress address) {
        Optional<NameLookup> names = request.dnsMode() == DnsMode.ALL ? parts.names() : Optional.empty();
        if (!request.reportDownHosts() && names.isEmpty()) {
            ledger.passed(address);
            return;
        }
        if (!ledger.open(address, new ScanEvent.HostDown(address))) {
            return;
        }
        names.ifPresent(n -> lookUp(n, address));
        ledger.release(address);
    }

    /**
     * Asks the name of {@code address}. Waits, on the thread reporting hosts, while the most lookups allowed are
     * pending: that holds up discovery (or the feed), which in turn stops taking targets, so {@code -R} over a
     * huge range keeps a bounded number of lookups queued in the resolver, however fast hosts are found down.
     */
    private void lookUp(NameLookup names, InetAddress address) {
        lookupRoom.acquireUninterruptibly(); // the end of the scan opens it for good
        if (!ledger.addPart(address)) {
            lookupRoom.release();
            return;
        }
        CompletionStage<PtrResult> name;
        try {
            name = names.lookup(address);
        } catch (RuntimeException e) {
            lookupRoom.release();
            fail("reverse DNS failed: " + oneLine(e));
            return;
        }
        name.whenComplete((r, e) -> {
            lookupRoom.release();
            if (e != null) {
                fail("reverse DNS failed: " + oneLine(e));
                return;
            }
            ledger.report(address, new ScanEvent.HostnameResolved(address, r.hostname(), r.status()));
            ledger.release(address);
        });
    }

    private void portResult(PortProbeResult r, Protocol protocol) {
        boolean scanning = request.reportStates().contains(r.state())
                ? ledger.report(r.address(), new ScanEvent.PortObserved(r.address(), r.port(), r.state(),
                        serviceName(r.port(), protocol), r.reason(), r.rtt(), protocol))
                : ledger.countNotShown(r.address(), r.state()); // named only when shown: most ports are not
        if (!scanning || r.state() != PortState.OPEN) {
            return;
        }
        openPorts.incrementAndGet();
        parts.identification().ifPresent(identification -> identify(identification, r.address(), r.port(), protocol));
    }

    private String serviceName(int port, Protocol protocol) {
        return protocol == Protocol.UDP ? ServiceNames.udp().nameOf(port) : serviceNames.apply(port);
    }

    private void identify(Identification identification, InetAddress address, int port, Protocol protocol) {
        if (!ledger.addPart(address)) {
            return;
        }
        CompletionStage<Optional<ServiceReport>> detected;
        try {
            detected = protocol == Protocol.UDP ? identification.identifyUdp(address, port)
                    : identification.identify(address, port);
        } catch (RuntimeException e) {
            fail("service detection failed: " + oneLine(e));
            return;
        }
        detected.whenComplete((report, e) -> {
            if (e != null) {
                fail("service detection failed: " + oneLine(e));
                return;
            }
            report.ifPresent(r -> {
                if (ledger.report(address, new ScanEvent.ServiceIdentified(address, port, r, protocol))) {
                    for (Finding f : findings.of(r)) {
                        ledger.report(address, new ScanEvent.FindingRaised(address, port, f, protocol));
                    }
                }
            });
            ledger.release(address);
        });
    }

    /** Discovery's verdicts, on its reporting thread. */
    private final class Verdicts implements DiscoveryListener {
        @Override
        public void onHostUp(HostInfo host) {
            hostUp(host);
        }

        @Override
        public void onHostDown(InetAddress address) {
            hostDown(address);
        }
    }

    /** A port scan's results (TCP's or UDP's), on its engine threads. */
    private final class PortResults implements PortScanListener {
        private final Protocol protocol;

        PortResults(Protocol protocol) {
            this.protocol = protocol;
        }

        @Override
        public void onResult(PortProbeResult result) {
            portResult(result, protocol);
        }

        @Override
        public void onHostComplete(InetAddress host) {
            AtomicInteger left = scansLeft.get(host);
            boolean last = left == null || left.decrementAndGet() == 0;
            if (last) {
                scansLeft.remove(host);
                if (request.discovery() == DiscoveryMode.ASSUME_UP) {
                    feeder.hostDone(); // room for the next target; discovered hosts never took any
                }
            }
            ledger.release(host);
        }
    }

    /** The feed, on its thread. */
    private final class FeedSink implements TargetFeeder.Sink {
        @Override
        public void hostUp(HostInfo host) {
            ScanRun.this.hostUp(host);
        }

        @Override
        public void fed() {
            parts.portScans().forEach(PortScan::closeInput);
            ledger.feedDone();
        }

        @Override
        public void failed(String message) {
            fail(message);
        }
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
     * Ends the scan once. Never blocks the caller, which may be a component's own thread: the ledger is
     * frozen at once (hosts not completed by now stay so, see {@link ScanEvent.Cancelled}), the feed, the
     * monitor and the components are told to stop, and closing them happens on a finishing thread; the
     * terminal event is queued only after that, so a listener that sees it knows no thread or socket of
     * the scan is left.
     */
    private void end(Ending how, String message) {
        if (!ending.compareAndSet(false, true)) {
            return;
        }
        ledger.close();
        lookupRoom.release(Integer.MAX_VALUE / 2); // no thread waits for room any more: nothing more is asked
        TargetFeeder f = feeder;
        ScanMonitor m = monitor;
        RunComponents p = parts;
        if (f != null) {
            f.stop();
        }
        if (m != null) {
            m.stop();
        }
        if (p != null && how != Ending.FINISHED) {
            p.cancel(); // prompt: each cancel returns at once
        }
        Thread.ofPlatform().daemon().name("netsweep-finish").start(() -> {
            if (p != null) {
                p.close();
            }
            awaitExit(f, m);
            ScanSummary summary = new ScanSummary(startedAt, clock.instant(), work.targets().size(),
                    ledger.hostsUp(), openPorts.get(), p == null ? 0 : p.probesSent());
            ScanEvent terminal = switch (how) {
                case FINISHED -> events.listenerFailure()
                        .<ScanEvent>map(e -> new ScanEvent.Failed("output failed: " + oneLine(e), summary))
                        .orElse(new ScanEvent.Finished(summary));
                case CANCELLED -> new ScanEvent.Cancelled(summary);
                case FAILED -> new ScanEvent.Failed(message, summary);
            };
            events.finish(terminal);
        });
    }

    private static void awaitExit(TargetFeeder f, ScanMonitor m) {
        try {
            if (f != null) {
                f.join(THREAD_EXIT_WAIT);
            }
            if (m != null) {
                m.join(THREAD_EXIT_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        return events.await(timeout);
    }

    @Override
    public Optional<ScanEvent> outcome() {
        return events.terminal();
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("[\\r\\n]+", " ");
    }
}
