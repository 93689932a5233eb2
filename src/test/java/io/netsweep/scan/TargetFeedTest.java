package io.netsweep.scan;

import static io.netsweep.scan.RunFixture.end;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.DiscoveryOptions;
import io.netsweep.port.PortSet;
import io.netsweep.portscan.ScanTiming;
import io.netsweep.portscan.ScanType;
import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How targets enter the scan: the bounded {@code -Pn} feed, and the sweep's options with discovery. */
class TargetFeedTest {
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
    void everyTargetFeedNeverHasMoreHostsInThePortScanThanItsBound() throws Exception {
        HeldPortScan ports = new HeldPortScan();
        TargetSet targets = TargetSet.of("127.0.0.1-12");
        ScanRequest request = ScanRequest.builder(targets, PortSet.of(1, 2))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF).seed(6).build();
        ScanSession session = f.start(request, f.components().withPortScan(ports::open),
                new RunLimits(3, RunFixture.TICK, RunLimits.DEFAULTS.maxPendingLookups()), f.log);

        for (int completed = 0; completed < 12; completed++) {
            ports.awaitSubmitted(Math.min(12, completed + 3));
            if (completed + 3 < 12) {
                assertThat(ports.inputClosed()).as("input closed with targets left").isFalse();
            }
            ports.complete(ports.active().getFirst());
        }

        assertThat(end(session)).isInstanceOf(ScanEvent.Finished.class);
        assertThat(ports.mostActive()).isEqualTo(3);
        List<InetAddress> all = new ArrayList<>();
        targets.forEach(all::add);
        assertThat(ports.submitted()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(ports.submitted()).as("a seeded, spread-out order").isNotEqualTo(all);
        assertThat(ports.inputClosed()).isTrue();
        EventOrder.assertWellFormed(f.log.all());
        assertThat(((ScanEvent.Finished) f.log.all().getLast()).summary().hostsUp()).isEqualTo(12);
    }

    @Test
    void aSynScanFeedsEnoughHostsToFillItsConcurrencyBeyondTheBound() throws Exception {
        HeldPortScan ports = new HeldPortScan().as(ScanType.SYN);
        TargetSet targets = TargetSet.of("127.0.0.1-12");
        ScanRequest request = ScanRequest.builder(targets, PortSet.of(1, 2))
                .discovery(DiscoveryMode.ASSUME_UP).dnsMode(DnsMode.OFF)
                .timing(ScanTiming.defaults().withConcurrency(10)).seed(6).build();
        ScanSession session = f.start(request, f.components().withPortScan(ports::open),
                new RunLimits(3, RunFixture.TICK, RunLimits.DEFAULTS.maxPendingLookups()), f.log);

        for (int completed = 0; completed < 12; completed++) {
            ports.awaitSubmitted(Math.min(12, completed + 5)); // concurrency 10, 2 ports a host: 5 hosts
            ports.complete(ports.active().getFirst());
        }

        assertThat(end(session)).isInstanceOf(ScanEvent.Finished.class);
        assertThat(ports.mostActive()).isEqualTo(5);
        assertThat(ports.inputClosed()).isTrue();
        EventOrder.assertWellFormed(f.log.all());
    }

    @Test
    void discoveryFollowsTheScansRateRetriesAndSeedAndSweepsEveryTarget() throws Exception {
        ScriptedDiscovery sweep = new ScriptedDiscovery(DiscoveryMethod.TCP_CONNECT);
        TargetSet targets = TargetSet.of("127.0.0.1-4");
        ScanRequest request = ScanRequest.builder(targets, f.listenerPorts()).dnsMode(DnsMode.OFF)
                .timing(ScanTiming.defaults().withRate(300).withRetries(5)).seed(42).build();
        ScanSession session = f.start(request, f.components().withDiscovery(sweep::open));
        assertThat(sweep.awaitStart(EventLog.DEADLINE)).isTrue();
        sweep.end();

        assertThat(end(session)).isInstanceOf(ScanEvent.Finished.class);
        DiscoveryOptions options = sweep.options();
        assertThat(options.ratePerSecond()).isEqualTo(300);
        assertThat(options.retries()).isEqualTo(5);
        assertThat(options.seed()).isEqualTo(42);
        assertThat(sweep.targets()).isSameAs(targets);
        assertThat(((ScanEvent.Started) f.log.all().getFirst()).discovery()).isEqualTo(DiscoveryMethod.TCP_CONNECT);
    }
}
