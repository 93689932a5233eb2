package io.netsweep.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.portscan.ScanTiming;
import io.netsweep.target.TargetSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The orchestrator against real loopback listeners: event order, completion, cancellation. */
class PipelineScannerTest {
    private final Scanner scanner = new PipelineScanner(InstantSource.system(), p -> "svc" + p);
    private final List<ServerSocket> listeners = new ArrayList<>();

    @BeforeEach
    void open() throws IOException {
        for (int i = 0; i < 2; i++) {
            listeners.add(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
        }
    }

    @AfterEach
    void close() throws IOException {
        for (ServerSocket s : listeners) {
            s.close();
        }
    }

    private PortSet listenerPorts() {
        return PortSet.of(listeners.stream().mapToInt(ServerSocket::getLocalPort).toArray());
    }

    private List<ScanEvent> run(ScanRequest request) throws InterruptedException {
        List<ScanEvent> events = new CopyOnWriteArrayList<>();
        ScanSession session = scanner.start(request, events::add);
        assertThat(session.await(Duration.ofSeconds(30))).isTrue();
        return events;
    }

    @Test
    void startedFirstTerminalLastAndEachHostCompletedAfterItsResults() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-3"), listenerPorts().union(PortSet.of(1)))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF)
                .reportStates(EnumSet.of(PortState.OPEN, PortState.CLOSED)).seed(7).build();
        List<ScanEvent> events = run(request);

        assertThat(events.getFirst()).isInstanceOf(ScanEvent.Started.class);
        assertThat(events.getLast()).isInstanceOf(ScanEvent.Finished.class);
        Set<InetAddress> up = new HashSet<>();
        Set<InetAddress> completed = new HashSet<>();
        for (ScanEvent e : events) {
            switch (e) {
                case ScanEvent.HostUp h -> assertThat(up.add(h.host().address())).isTrue();
                case ScanEvent.PortObserved p -> {
                    assertThat(up).contains(p.address());
                    assertThat(completed).doesNotContain(p.address());
                    assertThat(p.service()).isEqualTo("svc" + p.port());
                }
                case ScanEvent.HostCompleted c -> assertThat(completed.add(c.address())).isTrue();
                default -> { }
            }
        }
        assertThat(up).hasSize(3).isEqualTo(completed);
        Set<Integer> openOn1 = events.stream().filter(e -> e instanceof ScanEvent.PortObserved p
                        && p.state() == PortState.OPEN && p.address().getHostAddress().equals("127.0.0.1"))
                .map(e -> ((ScanEvent.PortObserved) e).port()).collect(Collectors.toSet());
        assertThat(openOn1).isEqualTo(listenerPorts().stream().boxed().collect(Collectors.toSet()));
        ScanSummary summary = ((ScanEvent.Finished) events.getLast()).summary();
        assertThat(summary.hostsUp()).isEqualTo(3);
        assertThat(summary.openPorts()).isEqualTo(listeners.size());
        assertThat(summary.targets()).isEqualTo(3);
    }

    @Test
    void unreportedStatesAreCountedButNotEmitted() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1"), listenerPorts().union(PortSet.of(1)))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF).build();
        List<ScanEvent> events = run(request);
        assertThat(events).filteredOn(e -> e instanceof ScanEvent.PortObserved p && p.state() != PortState.OPEN)
                .isEmpty();
        assertThat(events).filteredOn(e -> e instanceof ScanEvent.PortObserved).hasSize(listeners.size());
    }

    @Test
    void discoveryOnlyReportsHostsAndNoPorts() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-4"), listenerPorts())
                .discovery(DiscoveryMode.DISCOVERY_ONLY).dnsMode(DnsMode.OFF).build();
        List<ScanEvent> events = run(request);
        assertThat(((ScanEvent.Started) events.getFirst()).ports().isEmpty()).isTrue();
        assertThat(events).filteredOn(e -> e instanceof ScanEvent.HostUp).hasSize(4);
        assertThat(events).filteredOn(e -> e instanceof ScanEvent.PortObserved).isEmpty();
        assertThat(events.getLast()).isInstanceOf(ScanEvent.Finished.class);
    }

    @Test
    void discoverThenScanFindsTheListeners() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1"), listenerPorts())
                .dnsMode(DnsMode.OFF).build();
        List<ScanEvent> events = run(request);
        assertThat(events).filteredOn(e -> e instanceof ScanEvent.PortObserved).hasSize(listeners.size());
        assertThat(((ScanEvent.Started) events.getFirst()).discovery()).isNotNull();
    }

    @Test
    void cancelEndsPromptlyKeepsResultsAndLeavesNoThreads() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-200"), PortSet.range(1, 65535))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF)
                .timing(ScanTiming.defaults().withRate(20_000)).build();
        List<ScanEvent> events = new CopyOnWriteArrayList<>();
        ScanSession session = scanner.start(request, events::add);
        Thread.sleep(800);
        long t0 = System.nanoTime();
        session.cancel();
        assertThat(session.await(Duration.ofMillis(500))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));
        assertThat(session.outcome()).get().isInstanceOf(ScanEvent.Cancelled.class);
        assertThat(events.getLast()).isInstanceOf(ScanEvent.Cancelled.class);
        assertThat(events).filteredOn(e -> e instanceof ScanEvent.HostUp).isNotEmpty();
        session.cancel(); // idempotent
        Thread.sleep(200);
        assertThat(Thread.getAllStackTraces().keySet()).map(Thread::getName)
                .noneMatch(n -> n.startsWith("netsweep-connect") || n.startsWith("netsweep-feed")
                        || n.startsWith("netsweep-progress") || n.startsWith("netsweep-events"));
    }

    @Test
    void progressIsReportedWhileScanning() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-2"), PortSet.range(1, 4000))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF)
                .timing(ScanTiming.defaults().withRate(5_000)).build();
        List<ScanEvent> events = run(request);
        List<ScanEvent.Progress> progress = events.stream().filter(e -> e instanceof ScanEvent.Progress)
                .map(e -> (ScanEvent.Progress) e).toList();
        assertThat(progress).hasSizeGreaterThan(3);
        assertThat(progress).allSatisfy(p -> assertThat(p.done()).isLessThanOrEqualTo(p.total()));
        assertThat(progress.getLast().total()).isEqualTo(8000);
    }

    @Test
    void aListenerThatThrowsEndsTheScanAsFailed() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-50"), PortSet.range(1, 20000))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF).build();
        List<ScanEvent> seen = new CopyOnWriteArrayList<>();
        ScanSession session = scanner.start(request, e -> {
            seen.add(e);
            if (e instanceof ScanEvent.HostUp) {
                throw new IllegalStateException("disk full");
            }
        });
        assertThat(session.await(Duration.ofSeconds(10))).isTrue();
        assertThat(session.outcome()).get().isInstanceOfSatisfying(ScanEvent.Failed.class,
                f -> assertThat(f.message()).contains("disk full"));
        assertThat(seen.getLast()).isInstanceOf(ScanEvent.Failed.class);
    }
}
