package io.netsweep.scan;

import static io.netsweep.scan.RunFixture.H1;
import static io.netsweep.scan.RunFixture.end;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.dns.PtrResult;
import io.netsweep.port.PortSet;
import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A component that fails ends the scan as {@link ScanEvent.Failed}, never as finished, with one line
 * saying which part failed; what was found before is kept.
 */
class ScanFailureTest {
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
    void componentThatCannotBeOpenedFailsTheScanBeforeItStartsAndClosesTheOthers() throws Exception {
        ScanComponents components = f.components().withPortScan((timing, seed, listener) -> {
            throw new IllegalStateException("cannot open a selector");
        });
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1"), f.listenerPorts())
                .discovery(DiscoveryMode.ASSUME_UP).build();
        ScanSession session = f.start(request, components);

        ScanEvent outcome = end(session);
        assertThat(outcome).isInstanceOfSatisfying(ScanEvent.Failed.class,
                e -> assertThat(e.message()).isEqualTo("could not start the scan: cannot open a selector"));
        assertThat(f.log.all()).containsExactly(outcome);
        assertThat(f.names.closed()).as("reverse DNS, opened before the port scan").isTrue();
    }

    @Test
    void discoveryThatStopsOnItsOwnFailsTheScanEvenWithEveryHostComplete() throws Exception {
        ScriptedDiscovery sweep = new ScriptedDiscovery(DiscoveryMethod.ICMP_RAW);
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-4"), f.listenerPorts())
                .dnsMode(DnsMode.OFF).build();
        ScanSession session = f.start(request, f.components().withDiscovery(sweep::open));
        assertThat(sweep.awaitStart(EventLog.DEADLINE)).isTrue();
        sweep.up(H1);
        f.log.awaitUntil("127.0.0.1 completed", es -> es.contains(new ScanEvent.HostCompleted(H1)));

        sweep.endWithFailure(new IllegalStateException("target iterator broke"));

        assertThat(end(session)).isInstanceOfSatisfying(ScanEvent.Failed.class,
                e -> assertThat(e.message()).isEqualTo("discovery failed: target iterator broke"));
        EventOrder.assertWellFormed(f.log.all());
        assertThat(f.log.ofType(ScanEvent.PortObserved.class)).hasSize(2);
    }

    @Test
    void portScanThatStopsOnItsOwnFailsTheScanAtTheNextCheck() throws Exception {
        HeldPortScan ports = new HeldPortScan();
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-4"), PortSet.of(1, 2, 3))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF).build();
        ScanSession session = f.start(request, f.components().withPortScan(ports::open));
        ports.awaitSubmitted(4);

        ports.failWith(new IllegalStateException("no socket for 10 s"));
        f.tick();

        assertThat(end(session)).isInstanceOfSatisfying(ScanEvent.Failed.class,
                e -> assertThat(e.message()).isEqualTo("port scan failed: no socket for 10 s"));
        assertThat(EventOrder.assertWellFormed(f.log.all())).hasSize(4);
        assertThat(ports.closed()).isTrue();
    }

    @Test
    void outputThatThrowsFailsTheScanWithoutWaitingForIt() throws Exception {
        HeldPortScan ports = new HeldPortScan();
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-4"), PortSet.of(1, 2, 3))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF).build();
        ScanSession session = f.start(request, f.components().withPortScan(ports::open), RunLimits.DEFAULTS,
                event -> {
                    f.log.onEvent(event);
                    if (event instanceof ScanEvent.HostUp) {
                        throw new IllegalStateException("disk full");
                    }
                });

        // No progress interval passes and no host finishes: the failure alone ends the scan.
        assertThat(end(session)).isInstanceOfSatisfying(ScanEvent.Failed.class,
                e -> assertThat(e.message()).isEqualTo("output failed: disk full"));
        List<ScanEvent> seen = f.log.all();
        assertThat(seen).map(e -> e.getClass().getSimpleName()).containsExactly("Started", "HostUp", "Failed");
        assertThat(ports.closed()).isTrue();
    }

    @Test
    void lookupThatCompletesExceptionallyFailsTheScan() throws Exception {
        ScanComponents components = f.components().withNames(options -> new NameLookup() {
            @Override
            public CompletableFuture<PtrResult> lookup(InetAddress address) {
                return CompletableFuture.failedFuture(new IllegalStateException("resolver bug"));
            }

            @Override
            public void close() {
            }
        });
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1"), f.listenerPorts())
                .discovery(DiscoveryMode.ASSUME_UP).build();
        ScanSession session = f.start(request, components);

        assertThat(end(session)).isInstanceOfSatisfying(ScanEvent.Failed.class,
                e -> assertThat(e.message()).isEqualTo("reverse DNS failed: resolver bug"));
        EventOrder.assertWellFormed(f.log.all());
        assertThat(f.log.ofType(ScanEvent.HostCompleted.class)).isEmpty();
    }
}
