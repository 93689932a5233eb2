package io.netsweep.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.dns.Dnsmasq;
import io.netsweep.dns.PtrResult;
import io.netsweep.port.PortSet;
import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * {@code -R} over a large range whose hosts are all found down at once asks the name of every one, yet holds at
 * most {@link RunLimits#maxPendingLookups} lookups pending at any time: the thread reporting hosts waits for room,
 * instead of every lookup queueing in the resolver. The resolver is the real one, asking a real dnsmasq on
 * loopback; the sweep is scripted (it reports each of 4,094 private addresses down as fast as it can), so that
 * no packet goes to those addresses: only their names are asked, of the server on loopback.
 */
class PendingLookupsBoundTest {
    private static final int BOUND = 64;
    private static final String RANGE = "10.77.0.0/20";

    /** The real resolver, counting the lookups it was asked and has not answered yet. */
    private static final class Counting implements NameLookup {
        final AtomicInteger pending = new AtomicInteger();
        final AtomicInteger mostPending = new AtomicInteger();
        final AtomicInteger asked = new AtomicInteger();
        private final NameLookup real;

        Counting(NameLookup real) {
            this.real = real;
        }

        @Override
        public CompletionStage<PtrResult> lookup(InetAddress address) {
            asked.incrementAndGet();
            mostPending.accumulateAndGet(pending.incrementAndGet(), Math::max);
            return real.lookup(address).whenComplete((r, e) -> pending.decrementAndGet());
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @Test
    void lookupsOfHostsFoundDownStayWithinTheBoundAndEveryOneIsAnswered() throws Exception {
        TargetSet targets = TargetSet.of(RANGE);
        try (RunFixture f = new RunFixture();
             Dnsmasq dns = Dnsmasq.start(List.of("--ptr-record=1.0.77.10.in-addr.arpa,first.lab.test"),
                     "1.0.77.10.in-addr.arpa.", Type.PTR)) {
            ScriptedDiscovery sweep = new ScriptedDiscovery(DiscoveryMethod.ICMP_RAW);
            Counting[] names = new Counting[1];
            ScanComponents components = ScanComponents.standard().withDiscovery(sweep::open).withNames(options -> {
                names[0] = new Counting(ScanComponents.standard().names().open(options));
                return names[0];
            });
            ScanRequest request = ScanRequest.builder(targets, PortSet.of(80)).dnsMode(DnsMode.ALL)
                    .dnsServers(List.of(dns.address())).build();
            RunLimits limits = new RunLimits(RunLimits.DEFAULTS.maxActiveHosts(), RunFixture.TICK, BOUND);
            ScanSession session = f.start(request, components, limits, f.log);
            assertThat(sweep.awaitStart(EventLog.DEADLINE)).isTrue();

            for (InetAddress a : targets) {
                sweep.down(a); // waits while BOUND lookups are pending
            }
            sweep.end();

            assertThat(RunFixture.end(session)).isInstanceOf(ScanEvent.Finished.class);
            assertThat(names[0].asked.get()).as("every target's name asked").isEqualTo((int) targets.size());
            assertThat(names[0].mostPending.get()).as("lookups pending at once").isBetween(1, BOUND);
            assertThat(f.log.ofType(ScanEvent.HostnameResolved.class)).hasSize((int) targets.size())
                    .filteredOn(n -> n.hostname().isPresent()).singleElement()
                    .satisfies(n -> assertThat(n.hostname()).contains("first.lab.test"));
        }
    }
}
