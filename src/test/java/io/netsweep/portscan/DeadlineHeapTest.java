package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.PortSet;
import io.netsweep.timing.RttEstimator;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeadlineHeapTest {
    private final HostState host = new HostState(
            new ScanControl.Submission(InetAddress.getLoopbackAddress(), PortSet.range(1, 10),
                    new ScanControl.Completion(1)),
            true, 1,
            new RttEstimator(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1)),
            CongestionWindow.forConcurrency(10));

    private Probe probe(long deadline) {
        Probe p = new Probe(host, 1);
        p.deadlineNanos = deadline;
        return p;
    }

    @Test
    void pollsInDeadlineOrderWithRemovalsAnywhere() {
        Random r = new Random(3);
        DeadlineHeap heap = new DeadlineHeap();
        List<Probe> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Probe p = probe(r.nextInt(1_000_000));
            all.add(p);
            heap.add(p);
        }
        for (int i = 0; i < 1000; i += 3) {
            assertThat(heap.remove(all.get(i))).isTrue();
            assertThat(heap.remove(all.get(i))).isFalse();
        }
        assertThat(heap.size()).isEqualTo(666);
        long last = Long.MIN_VALUE;
        while (!heap.isEmpty()) {
            Probe p = heap.poll();
            assertThat(p.deadlineNanos).isGreaterThanOrEqualTo(last);
            assertThat(p.heapIndex).isEqualTo(-1);
            last = p.deadlineNanos;
        }
    }

    @Test
    void deadlinesCompareAcrossNanoTimeWrapAround() {
        DeadlineHeap heap = new DeadlineHeap();
        Probe beforeWrap = probe(Long.MAX_VALUE - 10);
        Probe afterWrap = probe(Long.MIN_VALUE + 10); // 21 ns later
        heap.add(afterWrap);
        heap.add(beforeWrap);
        assertThat(heap.poll()).isSameAs(beforeWrap);
        assertThat(heap.poll()).isSameAs(afterWrap);
    }
}
