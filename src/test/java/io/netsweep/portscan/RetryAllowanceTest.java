package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.port.PortSet;
import io.netsweep.scan.ScanTiming;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** How many attempts a probe may make: nmap's rule of one beyond the highest answered attempt, within the cap. */
class RetryAllowanceTest {
    private static HostState host() {
        AdaptiveTiming timing = new AdaptiveTiming(ScanTiming.defaults());
        return new HostState(
                new ScanControl.Submission(InetAddress.getLoopbackAddress(), PortSet.of(1, 2, 3),
                        new ScanControl.Completion(1)),
                true, 1,
                timing.newEstimator(), timing.newWindow());
    }

    @Test
    void aHostThatNeverAnsweredARetransmissionGetsOneRetry() {
        HostState h = host();
        assertThat(h.allowedAttempts(3)).isEqualTo(2);
        h.answeredAttempt(1);
        assertThat(h.allowedAttempts(3)).isEqualTo(2);
    }

    @Test
    void anAnsweredRetransmissionAllowsMoreUpToTheCap() {
        HostState h = host();
        h.answeredAttempt(2); // the link lost a first attempt: retransmissions pay off here
        assertThat(h.allowedAttempts(3)).isEqualTo(3);
        assertThat(h.allowedAttempts(11)).isEqualTo(3);
        h.answeredAttempt(3);
        assertThat(h.allowedAttempts(11)).isEqualTo(4);
        assertThat(h.allowedAttempts(3)).isEqualTo(3);
    }

    @Test
    void noRetriesMeansOneAttempt() {
        HostState h = host();
        h.answeredAttempt(5);
        assertThat(h.allowedAttempts(1)).isEqualTo(1);
    }
}
