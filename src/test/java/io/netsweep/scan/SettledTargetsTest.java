package io.netsweep.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SettledTargetsTest {

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    @Test
    void firstIsTheLowestTargetNotSettledYet() {
        TargetSet targets = TargetSet.of("10.0.0.1-5", "::1", "::2");
        SettledTargets s = new SettledTargets(targets);
        assertThat(s.first()).contains(ip("10.0.0.1"));
        s.settle(ip("10.0.0.3"));
        s.settle(ip("::1"));
        assertThat(s.first()).contains(ip("10.0.0.1"));
        s.settle(ip("10.0.0.1"));
        assertThat(s.first()).contains(ip("10.0.0.2"));
        s.settle(ip("10.0.0.2"));
        assertThat(s.first()).contains(ip("10.0.0.4"));
        s.settle(ip("10.0.0.2")); // again: ignored
        s.settle(ip("192.0.2.1")); // not a target: ignored
        s.settle(ip("10.0.0.4"));
        s.settle(ip("10.0.0.5"));
        assertThat(s.first()).contains(ip("::2"));
        s.settle(ip("::2"));
        assertThat(s.first()).isEmpty();
    }

    @Test
    void followsAnyOrderAcrossChunksAndFamilies() {
        // Three chunks of IPv4 and some IPv6, settled in a seeded random order.
        TargetSet targets = TargetSet.of("10.0.0.0-10.0.39.255", "fd00::/120");
        int n = (int) targets.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(42));
        SettledTargets s = new SettledTargets(targets, 128, 1024);
        TreeSet<Integer> unsettled = new TreeSet<>(order);
        for (int k = 0; k < n; k++) {
            int i = order.get(k);
            s.settle(targets.get(i));
            unsettled.remove(i);
            if (k % 97 == 0 || unsettled.size() < 3) {
                Optional<InetAddress> expected = unsettled.isEmpty() ? Optional.empty()
                        : Optional.of(targets.get(unsettled.first()));
                assertThat(s.first()).as("after %d of %d", k + 1, n).isEqualTo(expected);
            }
        }
        assertThat(s.first()).isEmpty();
    }

    @Test
    void stopsTrackingRatherThanHoldMoreThanItsCap() {
        TargetSet targets = TargetSet.of("10.0.0.0/16");
        SettledTargets s = new SettledTargets(targets, 64, 4);
        for (long chunk = 1; chunk <= 4; chunk++) {
            s.settle(chunk * 64);
        }
        assertThat(s.first()).contains(targets.get(0));
        s.settle(5 * 64);
        assertThat(s.first()).as("no longer known").isEmpty();
        s.settle(0);
        assertThat(s.first()).isEmpty();
    }

    @Test
    void chunksLeftBehindAreDropped() {
        TargetSet targets = TargetSet.of("10.0.0.0/16");
        SettledTargets s = new SettledTargets(targets, 64, 4);
        // Many more chunks than the cap are passed, each opened ahead of the first unsettled target: none may linger.
        for (long i = 0; i < 100 * 64; i += 64) {
            s.settle(i + 1);
            for (long j = i; j < i + 64; j++) {
                s.settle(j);
            }
        }
        assertThat(s.first()).contains(targets.get(100 * 64));
    }
}
