package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.PortSet;
import io.netsweep.timing.RttEstimator;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProbeSchedulerTest {

    private static HostState host(String address, PortSet ports, long seed, int window) throws Exception {
        return new HostState(
                new ScanControl.Submission(InetAddress.getByName(address), ports, new ScanControl.Completion(1)),
                true, seed,
                new RttEstimator(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1)),
                new CongestionWindow(window, 1, window));
    }

    /** Every probe the scheduler hands out, with unlimited windows, as "address:port". */
    private static List<String> order(long seed) throws Exception {
        ProbeScheduler s = new ProbeScheduler();
        for (String a : List.of("127.0.0.1", "127.0.0.2", "::1")) {
            s.reconsider(host(a, PortSet.range(1, 2000), seed, 100_000));
        }
        List<String> out = new ArrayList<>();
        Probe p;
        while ((p = s.next()) != null) {
            out.add(p.host.address.getHostAddress() + ":" + p.port);
        }
        return out;
    }

    @Test
    void sameSeedGivesSameProbeOrder() throws Exception {
        assertThat(order(99)).isEqualTo(order(99));
    }

    @Test
    void anotherSeedGivesAnotherOrder() throws Exception {
        assertThat(order(99)).isNotEqualTo(order(100));
    }

    @Test
    void everyPortOfEveryHostComesExactlyOnceRoundRobin() throws Exception {
        List<String> order = order(5);
        assertThat(order).hasSize(6000);
        assertThat(new HashSet<>(order)).hasSize(6000);
        for (int i = 0; i + 3 <= order.size(); i += 3) {
            Set<String> hosts = new HashSet<>();
            for (int j = i; j < i + 3; j++) {
                hosts.add(order.get(j).substring(0, order.get(j).lastIndexOf(':')));
            }
            assertThat(hosts).as("turn starting at %d", i).hasSize(3);
        }
    }

    @Test
    void aFullWindowHoldsTheHostBackUntilAProbeIsReleased() throws Exception {
        ProbeScheduler s = new ProbeScheduler();
        HostState narrow = host("127.0.0.1", PortSet.range(1, 10), 1, 2);
        s.reconsider(narrow);
        Probe a = s.next();
        Probe b = s.next();
        assertThat(a).isNotNull();
        assertThat(b).isNotNull();
        assertThat(s.next()).isNull();
        narrow.release();
        s.reconsider(narrow);
        assertThat(s.next()).isNotNull();
    }

    @Test
    void retriesGoBeforeFreshPorts() throws Exception {
        ProbeScheduler s = new ProbeScheduler();
        HostState h = host("127.0.0.1", PortSet.range(1, 10), 1, 10);
        s.reconsider(h);
        Probe first = s.next();
        h.release();
        h.retry(first);
        s.reconsider(h);
        assertThat(s.next()).isSameAs(first);
    }
}
