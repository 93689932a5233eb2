package io.netsweep.scan;

import static io.netsweep.scan.RunFixture.H1;
import static io.netsweep.scan.RunFixture.H2;
import static io.netsweep.scan.RunFixture.end;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.portscan.ScanTiming;
import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cancel at every stage: the scan ends as {@link ScanEvent.Cancelled} without waiting for work still
 * outstanding, keeps what was delivered, and leaves the hosts still being scanned reported and not
 * completed, with nothing made up for them while the components shut down.
 */
class ScanCancelTest {
    private RunFixture f;

    @BeforeEach
    void open() throws Exception {
        f = new RunFixture();
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void cancelBeforeDiscoveryAnswersEndsWithNoHostAndIgnoresLateVerdicts() throws Exception {
        ScriptedDiscovery sweep = new ScriptedDiscovery(DiscoveryMethod.ICMP_RAW);
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-4"), f.listenerPorts()).build();
        ScanSession session = f.start(request, f.components().withDiscovery(sweep::open));
        assertThat(sweep.awaitStart(EventLog.DEADLINE)).isTrue();

        session.cancel();
        sweep.lateUp(H1);

        assertThat(end(session)).isInstanceOf(ScanEvent.Cancelled.class);
        assertThat(f.log.all()).map(e -> e.getClass().getSimpleName()).containsExactly("Started", "Cancelled");
        assertThat(sweep.cancelled()).isTrue();
        assertThat(sweep.closed()).isTrue();
        assertThat(f.names.closed()).isTrue();
        assertThat(f.names.askedFor()).isEmpty();
        assertThat(f.scanThreadsAlive()).isEmpty();
    }

    @Test
    void cancelMidScanKeepsWhatWasFoundAndLeavesTheHostsInProgressUnfinished() throws Exception {
        // 20 hosts x 65,535 ports at 20,000 probes/s would take over a minute: the end comes from the cancel.
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-20"), PortSet.range(1, 65535))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF)
                .reportStates(EnumSet.of(PortState.OPEN, PortState.CLOSED))
                .timing(ScanTiming.defaults().withRate(20_000)).seed(3).build();
        ScanSession session = f.start(request, f.components());
        f.log.awaitCount(ScanEvent.PortObserved.class, 500);

        session.cancel();
        session.cancel(); // idempotent

        assertThat(end(session)).isInstanceOf(ScanEvent.Cancelled.class);
        assertThat(f.scanThreadsAlive()).as("threads left when the terminal event is delivered").isEmpty();
        List<ScanEvent> events = f.log.all();
        Set<InetAddress> unfinished = EventOrder.assertWellFormed(events);
        assertThat(unfinished).isNotEmpty();
        assertThat(unfinished).allSatisfy(h -> assertThat(f.log.about(h).getFirst()).isInstanceOf(ScanEvent.HostUp.class));
        ScanSummary summary = ((ScanEvent.Cancelled) events.getLast()).summary();
        assertThat(summary.hostsUp()).isEqualTo(f.log.ofType(ScanEvent.HostUp.class).size());
        assertThat(summary.openPorts()).isEqualTo(
                f.log.ofType(ScanEvent.PortObserved.class).stream().filter(p -> p.state() == PortState.OPEN).count());
        assertThat(f.log.ofType(ScanEvent.PortObserved.class).size()).isGreaterThanOrEqualTo(500);
    }

    @Test
    void cancelWhileLookupsAreOutstandingKeepsThePortsAndMakesUpNoName() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-2"), f.listenerPorts())
                .discovery(DiscoveryMode.ASSUME_UP).reportStates(EnumSet.of(PortState.OPEN, PortState.CLOSED))
                .seed(4).build();
        ScanSession session = f.start(request, f.components());
        f.connect.awaitHostComplete(H1);
        f.connect.awaitHostComplete(H2);
        f.names.awaitLookup(H1);
        f.names.awaitLookup(H2);
        f.names.answer(H1, "one.test");
        f.log.awaitUntil("127.0.0.1 completed", es -> es.contains(new ScanEvent.HostCompleted(H1)));

        session.cancel();

        assertThat(end(session)).isInstanceOf(ScanEvent.Cancelled.class);
        assertThat(EventOrder.assertWellFormed(f.log.all())).containsExactly(H2);
        assertThat(f.log.about(H2)).map(e -> e.getClass().getSimpleName())
                .containsExactly("HostUp", "PortObserved", "PortObserved");
        assertThat(f.log.about(H1)).map(e -> e.getClass().getSimpleName())
                .containsExactly("HostUp", "PortObserved", "PortObserved", "HostnameResolved", "HostCompleted");
        assertThat(f.names.closed()).isTrue();
    }

    @Test
    void cancelWhileIdentificationsAreOutstandingKeepsWhatWasIdentified() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1"), f.listenerPorts())
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF).identify(true).seed(5).build();
        ScanSession session = f.start(request, f.components());
        f.identification.awaitProbes(2);
        // Once the port scan is done with the host, the scan is waiting for both identifications.
        f.connect.awaitHostComplete(H1);
        f.identification.answer(H1, f.port(0), Optional.of(HeldIdentification.ollama()));
        f.tick();

        session.cancel();

        assertThat(end(session)).isInstanceOf(ScanEvent.Cancelled.class);
        assertThat(EventOrder.assertWellFormed(f.log.all())).containsExactly(H1);
        assertThat(f.log.ofType(ScanEvent.ServiceIdentified.class)).singleElement()
                .satisfies(s -> assertThat(s.port()).isEqualTo(f.port(0)));
        assertThat(f.log.ofType(ScanEvent.HostCompleted.class)).isEmpty();
        assertThat(((ScanEvent.Cancelled) f.log.all().getLast()).summary().openPorts()).isEqualTo(2);
    }
}
