package io.netsweep.scan;

import static io.netsweep.scan.RunFixture.H1;
import static io.netsweep.scan.RunFixture.H2;
import static io.netsweep.scan.RunFixture.H3;
import static io.netsweep.scan.RunFixture.H4;
import static io.netsweep.scan.RunFixture.end;
import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.port.PortSet;
import io.netsweep.target.AddressOrder;
import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Progress totals, stepped with the scan's clock: a target counts once while discovery runs, and every
 * port of each host given to the port scan counts once (with {@code -Pn}, every target's from the start).
 */
class ScanProgressTest {
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
    void totalGrowsByTheHostsPortsAsDiscoveryFindsThem() throws Exception {
        ScriptedDiscovery sweep = new ScriptedDiscovery(DiscoveryMethod.ICMP_RAW);
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-4"), f.listenerPorts().union(PortSet.of(1)))
                .dnsMode(DnsMode.OFF).seed(7).build();
        ScanSession session = f.start(request, f.components().withDiscovery(sweep::open));
        assertThat(sweep.awaitStart(EventLog.DEADLINE)).isTrue();

        assertProgress(f.tick(), 0, 4, 1);

        sweep.up(H1);
        f.connect.awaitHostComplete(H1);
        assertProgress(f.tick(), 1 + 3, 4 + 3, 2);

        sweep.down(H2);
        sweep.down(H3);
        sweep.up(H4);
        f.connect.awaitHostComplete(H4);
        ScanEvent.Progress all = f.tick();
        assertProgress(all, 4 + 6, 4 + 6, 3);
        assertThat(all.eta()).contains(Duration.ZERO);

        sweep.end();
        assertThat(end(session)).isInstanceOf(ScanEvent.Finished.class);
        ScanSummary summary = ((ScanEvent.Finished) f.log.all().getLast()).summary();
        assertThat(summary.hostsUp()).isEqualTo(2);
        assertThat(summary.openPorts()).as("the listeners are on 127.0.0.1 only").isEqualTo(2);
        assertThat(summary.elapsed()).isEqualTo(RunFixture.TICK.multipliedBy(3));
        assertThat(f.log.ofType(ScanEvent.HostDown.class)).isEmpty();
    }

    @Test
    void everyTargetsPortsCountFromTheStartWhenEveryTargetIsUp() throws Exception {
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-2"), f.listenerPorts().union(PortSet.of(1)))
                .discovery(DiscoveryMode.ASSUME_UP).seed(8).build();
        ScanSession session = f.start(request, f.components());

        ScanEvent.Progress first = f.tick();
        assertThat(first.total()).isEqualTo(6);
        assertThat(first.done()).isBetween(0L, 6L);

        f.connect.awaitHostComplete(H1);
        f.connect.awaitHostComplete(H2);
        ScanEvent.Progress done = f.tick();
        assertProgress(done, 6, 6, 2);
        assertThat(done.ratePerSecond()).as("probes per second of the scan's clock").isPositive();

        f.names.awaitLookup(H1);
        f.names.awaitLookup(H2);
        f.names.answer(H1, "one.test");
        f.names.answer(H2, "two.test");
        assertThat(end(session)).isInstanceOf(ScanEvent.Finished.class);
        EventOrder.assertWellFormed(f.log.all());
    }

    @Test
    void eachReportNamesTheLowestTargetNotSettledYet() throws Exception {
        ScriptedDiscovery sweep = new ScriptedDiscovery(DiscoveryMethod.ICMP_RAW);
        ScanRequest request = ScanRequest.builder(TargetSet.of("127.0.0.1-4"), f.listenerPorts())
                .dnsMode(DnsMode.OFF).seed(9).build();
        ScanSession session = f.start(request, f.components().withDiscovery(sweep::open));
        assertThat(sweep.awaitStart(EventLog.DEADLINE)).isTrue();
        assertThat(f.tick().firstUnsettled()).contains(H1);

        sweep.up(H2);
        f.connect.awaitHostComplete(H2);
        assertThat(f.tick().firstUnsettled()).as("127.0.0.2 is done, 127.0.0.1 is not known yet").contains(H1);

        sweep.down(H1); // not reported: settled at once
        assertThat(f.tick().firstUnsettled()).contains(H3);

        sweep.up(H4);
        f.connect.awaitHostComplete(H4);
        assertThat(f.tick().firstUnsettled()).contains(H3);

        sweep.down(H3);
        assertThat(f.tick().firstUnsettled()).as("every target settled").isEmpty();

        sweep.end();
        assertThat(end(session)).isInstanceOf(ScanEvent.Finished.class);
        assertSettledBeforeReported(f.log.all(), Set.of(H2, H4));
    }

    /** Every host up below a report's first unsettled target had its {@code HostCompleted} before that report. */
    private static void assertSettledBeforeReported(List<ScanEvent> events, Set<InetAddress> up) {
        Set<InetAddress> completed = new HashSet<>();
        for (ScanEvent e : events) {
            if (e instanceof ScanEvent.HostCompleted c) {
                completed.add(c.address());
            } else if (e instanceof ScanEvent.Progress p && p.firstUnsettled().isPresent()) {
                InetAddress first = p.firstUnsettled().get();
                assertThat(up).filteredOn(h -> AddressOrder.compare(h, first) < 0).allSatisfy(h ->
                        assertThat(completed).as("completed before a report of %s", first).contains(h));
            }
        }
    }

    private static void assertProgress(ScanEvent.Progress p, long done, long total, int ticks) {
        assertThat(p.done()).as("done").isEqualTo(done);
        assertThat(p.total()).as("total").isEqualTo(total);
        assertThat(p.elapsed()).as("elapsed").isEqualTo(RunFixture.TICK.multipliedBy(ticks));
    }
}
