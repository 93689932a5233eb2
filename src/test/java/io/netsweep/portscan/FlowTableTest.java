package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.PortSet;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FlowTableTest {
    private static final AdaptiveTiming TIMING = new AdaptiveTiming(ScanTiming.defaults());
    private static final HostState HOST = new HostState(new ScanControl.Submission(InetAddress.getLoopbackAddress(),
            PortSet.of(80), new ScanControl.Completion(1)), true, 1, TIMING.newEstimator(), TIMING.newWindow());

    @Test
    void findsWhatWasPutAndForgetsWhatWasRemovedThroughGrowthAndCollisions() {
        FlowTable table = new FlowTable();
        Map<Long, Probe> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(17);
        // Keys from a small range collide in the table's slots; 200,000 operations grow it several times over.
        for (int i = 0; i < 200_000; i++) {
            long key = random.nextLong(5_000) << 16 | random.nextInt(4);
            switch (random.nextInt(3)) {
                case 0, 1 -> {
                    Probe p = new Probe(HOST, (int) (key & 0xFFFF));
                    assertThat(table.put(key, p)).isSameAs(expected.put(key, p));
                }
                default -> {
                    table.remove(key);
                    expected.remove(key);
                }
            }
            long probe = random.nextLong(5_000) << 16 | random.nextInt(4);
            assertThat(table.get(probe)).isSameAs(expected.get(probe));
        }
        assertThat(table.size()).isEqualTo(expected.size());
        expected.forEach((k, v) -> assertThat(table.get(k)).isSameAs(v));
    }

    @Test
    void removingEveryEntryLeavesNothingBehind() {
        FlowTable table = new FlowTable();
        for (long k = 0; k < 10_000; k++) {
            table.put(k * 65_536 + 80, new Probe(HOST, 80));
        }
        for (long k = 0; k < 10_000; k++) {
            table.remove(k * 65_536 + 80);
        }
        assertThat(table.size()).isZero();
        assertThat(table.get(80)).isNull();
        assertThat(table.get(9_999L * 65_536 + 80)).isNull();
    }
}
