package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.PortSet;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retransmission backoff, Karn's rule for ambiguous round trips, and the engine-wide window. */
class AdaptiveTimingTest {
    private static final long MS = 1_000_000L;

    private static HostState host(AdaptiveTiming timing, int last) throws UnknownHostException {
        return new HostState(
                new ScanControl.Submission(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last}),
                        PortSet.range(1, 1000), new ScanControl.Completion(1)),
                false, 1, timing.newEstimator(), timing.newWindow());
    }

    @Test
    void eachRetransmissionWaitsTwiceAsLongWithinTheCeiling() throws UnknownHostException {
        AdaptiveTiming timing = new AdaptiveTiming(ScanTiming.defaults()); // floor 100 ms, ceiling 1250 ms
        HostState h = host(timing, 5);
        timing.onTargetAnswer(h, 1, 0, 20 * MS, true); // a 20 ms path: the timeout is the 100 ms floor
        assertThat(timing.timeoutFor(h, 1)).isEqualTo(100 * MS);
        assertThat(timing.timeoutFor(h, 2)).isEqualTo(200 * MS);
        assertThat(timing.timeoutFor(h, 3)).isEqualTo(400 * MS);
        assertThat(timing.timeoutFor(h, 5)).isEqualTo(1250 * MS);
        assertThat(timing.timeoutFor(h, 60)).isEqualTo(1250 * MS);
    }

    @Test
    void aHostThatNeverAnsweredGetsNoBackoff() throws UnknownHostException {
        AdaptiveTiming timing = new AdaptiveTiming(ScanTiming.defaults());
        HostState answering = host(timing, 5);
        timing.onTargetAnswer(answering, 1, 0, 20 * MS, true);
        HostState silent = host(timing, 6);
        assertThat(timing.timeoutFor(silent, 1)).isEqualTo(100 * MS); // the scan-wide estimate
        assertThat(timing.timeoutFor(silent, 2)).isEqualTo(100 * MS);
    }

    @Test
    void aFixedTimeoutDoesNotBackOff() throws UnknownHostException {
        AdaptiveTiming timing = new AdaptiveTiming(ScanTiming.defaults().withFixedTimeout(Duration.ofMillis(300)));
        HostState h = host(timing, 5);
        assertThat(timing.timeoutFor(h, 1)).isEqualTo(300 * MS);
        assertThat(timing.timeoutFor(h, 3)).isEqualTo(300 * MS);
    }

    @Test
    void anAnswerAfterTheKernelsOwnSynRetransmissionIsNotARoundTripSample() throws UnknownHostException {
        AdaptiveTiming timing = new AdaptiveTiming(ScanTiming.defaults());
        HostState h = host(timing, 5);
        timing.onTargetAnswer(h, 1, 0, 20 * MS, true);
        long before = timing.timeoutFor(h, 1);
        timing.onTargetAnswer(h, 3, 0, 1_030 * MS, true); // may answer the SYN the kernel sent again at 1 s
        assertThat(timing.timeoutFor(h, 1)).isEqualTo(before);
        HostState fresh = host(timing, 6);
        assertThat(timing.timeoutFor(fresh, 1)).as("the scan-wide estimate is untouched as well").isEqualTo(before);
        timing.onTargetAnswer(h, 1, 0, 900 * MS, true); // a slow path, but unambiguous: sampled
        assertThat(timing.timeoutFor(h, 1)).isGreaterThan(before);
    }

    @Test
    void aLateAnswerToARepeatedSynIsNotTakenForAFastPath() throws UnknownHostException {
        AdaptiveTiming timing = new AdaptiveTiming(ScanTiming.defaults());
        HostState h = host(timing, 5);
        timing.onTargetAnswer(h, 1, 0, 200 * MS, false); // a 200 ms path, answered on the first SYN: a sample
        long before = timing.timeoutFor(h, 1);
        // The next probes' first SYNs time out, the SYN scan sends each again, and each first SYN's answer arrives
        // 30 ms after the repeat: timed from the repeat they would claim a 30 ms path.
        for (int i = 0; i < 10; i++) {
            long repeat = (1_000 + i * 700) * MS;
            timing.onTargetAnswer(h, 2, repeat, repeat + 30 * MS, false);
        }
        assertThat(timing.timeoutFor(h, 1)).isEqualTo(before);
        assertThat(timing.timeoutFor(host(timing, 6), 1)).as("the scan-wide estimate is untouched as well")
                .isEqualTo(before);
        // The connect scan's retry is a connection of its own: its answers are its own, and samples.
        for (int i = 0; i < 10; i++) {
            long retry = (9_000 + i * 700) * MS;
            timing.onTargetAnswer(h, 2, retry, retry + 30 * MS, true);
        }
        assertThat(timing.timeoutFor(h, 1)).isLessThan(before);
    }

    @Test
    void lossesSpreadOverManyHostsShrinkTheEngineWindow() throws UnknownHostException {
        AdaptiveTiming timing = new AdaptiveTiming(ScanTiming.defaults().withConcurrency(1024));
        HostState[] hosts = new HostState[32];
        for (int i = 0; i < hosts.length; i++) {
            hosts[i] = host(timing, 10 + i);
        }
        assertThat(timing.groupLimit()).isEqualTo(1024);
        long now = 1_000 * MS;
        // A shared queue overflows: each host sees a few answered retransmissions, within its own tolerance.
        for (int round = 0; round < 3; round++) {
            for (HostState h : hosts) {
                timing.onTargetAnswer(h, 2, now - 300 * MS, now, true);
                now += MS;
            }
        }
        for (HostState h : hosts) {
            assertThat(h.window.limit()).as("no host alone saw congestion").isEqualTo(CongestionWindow.INITIAL);
        }
        assertThat(timing.groupLimit()).as("the shared path did").isEqualTo(1024 - 1024 / 8);
        // Answers on the first attempt regrow it, by about one per hundred answers.
        for (int i = 0; i < 1_000; i++) {
            timing.onTargetAnswer(hosts[i % hosts.length], 1, now, now + 20 * MS, true);
            now += MS;
        }
        assertThat(timing.groupLimit()).isBetween(1024 - 1024 / 8 + 9, 1024 - 1024 / 8 + 11);
    }

    @Test
    void randomLossOfAFewPercentLeavesTheEngineWindowAlone() throws UnknownHostException {
        AdaptiveTiming timing = new AdaptiveTiming(ScanTiming.defaults().withConcurrency(2048));
        HostState h = host(timing, 5);
        java.util.Random random = new java.util.Random(11);
        long now = 0;
        for (int i = 0; i < 100_000; i++) {
            now += 10_000;
            timing.onTargetAnswer(h, random.nextDouble() < 0.02 ? 2 : 1, now - 50 * MS, now, true);
        }
        assertThat(timing.groupLimit()).isEqualTo(2048);
    }
}
