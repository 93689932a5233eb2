package io.netsweep.scan;

import static io.netsweep.scan.RunFixture.end;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.HostDiscovery;
import io.netsweep.finding.Advisories;
import io.netsweep.finding.FindingRules;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.portscan.ScanTiming;
import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scanner as the command line builds it ({@link ScanComponents#standard()}: real discovery, connect
 * scanner and all) against listeners on loopback: event order, completion, what is reported, cancellation.
 */
class PipelineScannerTest {
    private RunFixture f;

    @BeforeEach
    void open() throws Exception {
        f = new RunFixture();
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    private List<ScanEvent> run(ScanRequest request) throws InterruptedException {
        ScanSession session = f.start(request, ScanComponents.standard());
        assertThat(end(session)).isNotNull();
        return f.log.all();
    }

    private Set<Integer> listenerPortNumbers() {
        return f.listenerPorts().stream().boxed().collect(Collectors.toSet());
    }

    @Test
    void startedFirstTerminalLastAndEachHostCompletedAfterItsResults() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-3"), f.listenerPorts().union(PortSet.of(1)))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF)
                .reportStates(EnumSet.of(PortState.OPEN, PortState.CLOSED)).seed(7).build();
        List<ScanEvent> events = run(request);

        assertThat(events.getLast()).isInstanceOf(ScanEvent.Finished.class);
        EventOrder.assertWellFormed(events);
        assertThat(f.log.ofType(ScanEvent.HostCompleted.class)).hasSize(3);
        assertThat(f.log.ofType(ScanEvent.PortObserved.class)).hasSize(9)
                .allSatisfy(p -> assertThat(p.service()).isEqualTo("svc" + p.port()));
        Set<Integer> openOn1 = f.log.ofType(ScanEvent.PortObserved.class).stream()
                .filter(p -> p.state() == PortState.OPEN && p.address().equals(RunFixture.H1))
                .map(ScanEvent.PortObserved::port).collect(Collectors.toSet());
        assertThat(openOn1).isEqualTo(listenerPortNumbers());
        ScanSummary summary = ((ScanEvent.Finished) events.getLast()).summary();
        assertThat(summary.hostsUp()).isEqualTo(3);
        assertThat(summary.openPorts()).isEqualTo(2);
        assertThat(summary.targets()).isEqualTo(3);
    }

    @Test
    void unreportedStatesAreCountedButNotEmitted() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1"), f.listenerPorts().union(PortSet.of(1)))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF).build();
        List<ScanEvent> events = run(request);
        assertThat(f.log.ofType(ScanEvent.PortObserved.class)).hasSize(2)
                .allSatisfy(p -> assertThat(p.state()).isEqualTo(PortState.OPEN));
        assertThat(((ScanEvent.Finished) events.getLast()).summary().openPorts()).isEqualTo(2);
    }

    @Test
    void eachHostCompletesWithTheCountOfPortsItDidNotReport() throws Exception {
        // The listeners are bound to 127.0.0.1 only: on 127.0.0.2 every port is closed.
        PortSet ports = f.listenerPorts().union(PortSet.of(1));
        run(ScanRequest.builder(TargetSet.of("127.0.0.1-2"), ports)
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF).build());
        assertThat(f.log.ofType(ScanEvent.HostCompleted.class)).containsExactlyInAnyOrder(
                new ScanEvent.HostCompleted(RunFixture.H1, new PortCounts(0, 1, 0)),
                new ScanEvent.HostCompleted(RunFixture.H2, new PortCounts(0, ports.size(), 0)));
    }

    @Test
    void aHostWhosePortsAreAllReportedHidesNone() throws Exception {
        run(ScanRequest.builder(TargetSet.of("127.0.0.1-2"), f.listenerPorts().union(PortSet.of(1)))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF)
                .reportStates(EnumSet.of(PortState.OPEN, PortState.CLOSED)).build());
        assertThat(f.log.ofType(ScanEvent.HostCompleted.class)).containsExactlyInAnyOrder(
                new ScanEvent.HostCompleted(RunFixture.H1, PortCounts.NONE),
                new ScanEvent.HostCompleted(RunFixture.H2, PortCounts.NONE));
    }

    @Test
    void discoveryOnlyReportsHostsAndNoPorts() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-4"), f.listenerPorts())
                .discovery(DiscoveryMode.DISCOVERY_ONLY).dnsMode(DnsMode.OFF).build();
        List<ScanEvent> events = run(request);
        assertThat(events.getLast()).isInstanceOf(ScanEvent.Finished.class);
        EventOrder.assertWellFormed(events);
        assertThat(((ScanEvent.Started) events.getFirst()).ports().isEmpty()).isTrue();
        assertThat(f.log.ofType(ScanEvent.HostUp.class)).map(h -> h.host().address().getHostAddress())
                .containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4");
        assertThat(f.log.ofType(ScanEvent.PortObserved.class)).isEmpty();
    }

    @Test
    void discoverThenScanFindsTheListenersWithTheBestDiscoveryAvailable() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1"), f.listenerPorts())
                .dnsMode(DnsMode.OFF).build();
        List<ScanEvent> events = run(request);
        assertThat(events.getLast()).isInstanceOf(ScanEvent.Finished.class);
        EventOrder.assertWellFormed(events);
        assertThat(f.log.ofType(ScanEvent.PortObserved.class)).map(ScanEvent.PortObserved::port)
                .containsExactlyInAnyOrderElementsOf(listenerPortNumbers());
        assertThat(((ScanEvent.Started) events.getFirst()).discovery()).isEqualTo(HostDiscovery.bestAvailable());
    }

    @Test
    void cancelEndsWithoutWaitingForTheScanKeepsResultsAndLeavesNoThreads() throws Exception {
        // 200 hosts x 65,535 ports at 20,000 probes/s would take over ten minutes.
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-200"), PortSet.range(1, 65535))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF)
                .reportStates(EnumSet.of(PortState.OPEN, PortState.CLOSED))
                .timing(ScanTiming.defaults().withRate(20_000)).build();
        ScanSession session = f.start(request, ScanComponents.standard());
        f.log.awaitCount(ScanEvent.PortObserved.class, 1000);

        session.cancel();

        assertThat(end(session)).isInstanceOf(ScanEvent.Cancelled.class);
        assertThat(f.scanThreadsAlive()).isEmpty();
        Set<InetAddress> unfinished = EventOrder.assertWellFormed(f.log.all());
        assertThat(unfinished).isNotEmpty();
        session.cancel(); // idempotent
        assertThat(session.outcome()).containsInstanceOf(ScanEvent.Cancelled.class);
    }

    @Test
    void aListenerThatThrowsEndsTheScanAsFailed() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-50"), PortSet.range(1, 20000))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF).build();
        ScanSession session = f.start(request, ScanComponents.standard(), RunLimits.DEFAULTS, e -> {
            f.log.onEvent(e);
            if (e instanceof ScanEvent.HostUp) {
                throw new IllegalStateException("disk full");
            }
        });
        assertThat(end(session)).isInstanceOfSatisfying(ScanEvent.Failed.class,
                e -> assertThat(e.message()).isEqualTo("output failed: disk full"));
        assertThat(f.log.all().getLast()).isInstanceOf(ScanEvent.Failed.class);
        assertThat(f.log.ofType(ScanEvent.HostUp.class)).hasSize(1);
    }

    @Test
    void aScanWithoutServiceDetectionNeverReadsTheAdvisories() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        FindingRules rules = new FindingRules(() -> {
            reads.incrementAndGet();
            return Advisories.builtIn();
        });
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1"), f.listenerPorts().union(PortSet.of(1)))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF).identify(false).build();
        ScanSession session = new PipelineScanner(ScanComponents.standard(), ScanClock.system(), p -> "svc" + p,
                RunLimits.DEFAULTS, rules).start(request, f.log);
        assertThat(end(session)).isInstanceOf(ScanEvent.Finished.class);
        assertThat(f.log.ofType(ScanEvent.PortObserved.class)).hasSize(2);
        assertThat(reads).hasValue(0);
    }
}
