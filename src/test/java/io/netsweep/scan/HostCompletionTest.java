package io.netsweep.scan;

import static io.netsweep.scan.RunFixture.H1;
import static io.netsweep.scan.RunFixture.H2;
import static io.netsweep.scan.RunFixture.end;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.dns.DnsStatus;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.target.TargetSet;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-host order and completion counting: a host is reported first, its results follow, and it is
 * completed once, only when its ports, its name and the identification of its open ports are all known.
 */
class HostCompletionTest {
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
    void hostCompletesOnlyOnceItsPortsNameAndServicesAreAllKnown() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1"), f.listenerPorts())
                .discovery(DiscoveryMode.ASSUME_UP).identify(true).seed(1).build();
        ScanSession session = f.start(request, f.components());

        f.connect.awaitHostComplete(H1);
        f.names.awaitLookup(H1);
        f.identification.awaitProbes(2);
        f.tick();
        assertThat(f.log.ofType(ScanEvent.PortObserved.class)).hasSize(2);
        assertThat(f.log.ofType(ScanEvent.HostCompleted.class)).as("with its name and services unknown").isEmpty();

        f.names.answer(H1, "one.test");
        f.tick();
        assertThat(f.log.ofType(ScanEvent.HostCompleted.class)).as("with two services unknown").isEmpty();

        f.identification.answer(H1, f.port(0), Optional.of(HeldIdentification.ollama()));
        f.tick();
        assertThat(f.log.ofType(ScanEvent.HostCompleted.class)).as("with one service unknown").isEmpty();

        f.identification.answer(H1, f.port(1), Optional.empty());
        assertThat(end(session)).isInstanceOf(ScanEvent.Finished.class);

        EventOrder.assertWellFormed(f.log.all());
        assertThat(f.log.about(H1)).map(e -> e.getClass().getSimpleName()).containsExactly(
                "HostUp", "PortObserved", "PortObserved", "HostnameResolved", "ServiceIdentified", "FindingRaised",
                "HostCompleted");
        assertThat(f.log.ofType(ScanEvent.FindingRaised.class)).as("an Ollama answering without credentials")
                .singleElement().satisfies(r -> {
                    assertThat(r.port()).isEqualTo(f.port(0));
                    assertThat(r.finding().id()).isEqualTo("llm-api-no-auth");
                });
        assertThat(f.log.ofType(ScanEvent.HostnameResolved.class)).singleElement()
                .satisfies(n -> assertThat(n.hostname()).contains("one.test"));
        assertThat(f.log.ofType(ScanEvent.ServiceIdentified.class)).singleElement()
                .satisfies(s -> assertThat(s.port()).isEqualTo(f.port(0)));
        assertThat(f.log.ofType(ScanEvent.PortObserved.class)).map(ScanEvent.PortObserved::service)
                .containsExactlyInAnyOrder("svc" + f.port(0), "svc" + f.port(1));
        ScanSummary summary = ((ScanEvent.Finished) f.log.all().getLast()).summary();
        assertThat(summary.targets()).isEqualTo(1);
        assertThat(summary.hostsUp()).isEqualTo(1);
        assertThat(summary.openPorts()).isEqualTo(2);
        assertThat(summary.startedAt()).isEqualTo(((ScanEvent.Started) f.log.all().getFirst()).at());
        assertThat(summary.elapsed()).isEqualTo(Duration.ofMillis(600));
    }

    @Test
    void eachHostOfAScanIsReportedBeforeItsResultsAndCompletedAfterThem() throws Exception {
        ScriptedDiscovery sweep = new ScriptedDiscovery(DiscoveryMethod.ICMP_RAW);
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-2"), f.listenerPorts().union(PortSet.of(1)))
                .dnsMode(DnsMode.OFF).reportStates(EnumSet.allOf(PortState.class))
                .seed(2).build();
        ScanSession session = f.start(request, f.components().withDiscovery(sweep::open));
        assertThat(sweep.awaitStart(EventLog.DEADLINE)).isTrue();
        sweep.up(H2);
        sweep.up(H1);
        sweep.end();

        assertThat(end(session)).isInstanceOf(ScanEvent.Finished.class);
        List<ScanEvent> events = f.log.all();
        EventOrder.assertWellFormed(events);
        assertThat(((ScanEvent.Started) events.getFirst()).discovery()).isEqualTo(DiscoveryMethod.ICMP_RAW);
        assertThat(f.log.about(H1)).filteredOn(ScanEvent.PortObserved.class::isInstance).hasSize(3);
        assertThat(f.log.about(H2)).filteredOn(ScanEvent.PortObserved.class::isInstance).hasSize(3);
        assertThat(f.log.ofType(ScanEvent.HostCompleted.class)).map(ScanEvent.HostCompleted::address)
                .containsExactlyInAnyOrder(H1, H2);
    }

    @Test
    void hostReportedUpTwiceIsScannedOnce() throws Exception {
        ScriptedDiscovery sweep = new ScriptedDiscovery(DiscoveryMethod.ICMP_RAW);
        HeldPortScan ports = new HeldPortScan();
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-4"), PortSet.of(1, 2))
                .dnsMode(DnsMode.OFF).build();
        ScanSession session = f.start(request, f.components().withDiscovery(sweep::open).withPortScan(ports::open));
        assertThat(sweep.awaitStart(EventLog.DEADLINE)).isTrue();
        sweep.up(H1);
        sweep.up(H1);
        ports.complete(H1);
        sweep.end();

        assertThat(end(session)).isInstanceOf(ScanEvent.Finished.class);
        EventOrder.assertWellFormed(f.log.all());
        assertThat(ports.submitted()).containsExactly(H1);
        assertThat(f.log.ofType(ScanEvent.HostUp.class)).hasSize(1);
        assertThat(((ScanEvent.Finished) f.log.all().getLast()).summary().hostsUp()).isEqualTo(1);
    }

    @Test
    void downHostIsLookedUpWhenEveryTargetGetsALookup() throws Exception {
        ScriptedDiscovery sweep = new ScriptedDiscovery(DiscoveryMethod.ICMP_RAW);
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-4"), f.listenerPorts())
                .dnsMode(DnsMode.ALL).build();
        ScanSession session = f.start(request, f.components().withDiscovery(sweep::open));
        assertThat(sweep.awaitStart(EventLog.DEADLINE)).isTrue();
        sweep.down(H2);
        f.names.awaitLookup(H2);
        f.tick();
        assertThat(f.log.about(H2)).map(e -> e.getClass().getSimpleName()).containsExactly("HostDown");
        f.names.answer(H2, "two.test");
        sweep.end();

        assertThat(end(session)).isInstanceOf(ScanEvent.Finished.class);
        EventOrder.assertWellFormed(f.log.all());
        assertThat(f.log.about(H2)).map(e -> e.getClass().getSimpleName())
                .containsExactly("HostDown", "HostnameResolved", "HostCompleted");
        assertThat(f.log.ofType(ScanEvent.HostnameResolved.class)).singleElement()
                .satisfies(n -> assertThat(n.status()).isEqualTo(DnsStatus.OK));
        assertThat(((ScanEvent.Finished) f.log.all().getLast()).summary().hostsUp()).isZero();
    }

    @Test
    void downHostIsNotReportedUnlessAsked() throws Exception {
        ScriptedDiscovery sweep = new ScriptedDiscovery(DiscoveryMethod.ICMP_RAW);
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-4"), f.listenerPorts()).build();
        ScanSession session = f.start(request, f.components().withDiscovery(sweep::open));
        assertThat(sweep.awaitStart(EventLog.DEADLINE)).isTrue();
        sweep.down(H2);
        sweep.end();

        assertThat(end(session)).isInstanceOf(ScanEvent.Finished.class);
        assertThat(f.log.all()).map(e -> e.getClass().getSimpleName()).containsExactly("Started", "Finished");
        assertThat(f.names.askedFor()).isEmpty();
    }
}
