package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.PortSet;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * How many attempts a probe may make: nmap's rule of one beyond the highest answered attempt (of the host, or
 * of any host of the scan), within the cap.
 */
class RetryAllowanceTest {
    private static HostState host() {
        return host(new AdaptiveTiming(ScanTiming.defaults()));
    }

    private static HostState host(AdaptiveTiming timing) {
        return new HostState(
                new ScanControl.Submission(InetAddress.getLoopbackAddress(), PortSet.of(1, 2, 3),
                        new ScanControl.Completion(1)),
                true, 1,
                timing.newEstimator(), timing.newWindow());
    }

    @Test
    void aHostThatNeverAnsweredARetransmissionGetsOneRetry() {
        HostState h = host();
        assertThat(h.allowedAttempts(3, 0)).isEqualTo(2);
        h.answeredAttempt(1);
        assertThat(h.allowedAttempts(3, 0)).isEqualTo(2);
    }

    @Test
    void anAnsweredRetransmissionAllowsMoreUpToTheCap() {
        HostState h = host();
        h.answeredAttempt(2); // the link lost a first attempt: retransmissions pay off here
        assertThat(h.allowedAttempts(3, 0)).isEqualTo(3);
        assertThat(h.allowedAttempts(11, 0)).isEqualTo(3);
        h.answeredAttempt(3);
        assertThat(h.allowedAttempts(11, 0)).isEqualTo(4);
        assertThat(h.allowedAttempts(3, 0)).isEqualTo(3);
    }

    @Test
    void anotherHostsAnsweredRetransmissionCountsToo() {
        HostState h = host();
        h.answeredAttempt(1);
        assertThat(h.allowedAttempts(11, 3)).as("the network lost packets elsewhere").isEqualTo(4);
        assertThat(h.allowedAttempts(11, 1)).isEqualTo(2);
    }

    @Test
    void theScanTracksTheHighestAnsweredAttemptOfAnyHost() {
        AdaptiveTiming timing = new AdaptiveTiming(ScanTiming.defaults().withRetries(5));
        HostState quiet = host(timing);
        HostState lossy = host(timing);
        assertThat(timing.allowedAttempts(quiet)).isEqualTo(2);
        timing.onTargetAnswer(lossy, 3, 0, 1_000_000, true);
        assertThat(timing.allowedAttempts(lossy)).isEqualTo(4);
        assertThat(timing.allowedAttempts(quiet)).isEqualTo(4);
    }

    @Test
    void noRetriesMeansOneAttempt() {
        HostState h = host();
        h.answeredAttempt(5);
        assertThat(h.allowedAttempts(1, 0)).isEqualTo(1);
    }
}
