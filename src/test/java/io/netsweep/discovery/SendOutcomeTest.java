package io.netsweep.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.sys.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the errno of an ICMP send means for its target. */
class SendOutcomeTest {

    @Test
    void aSendThatLeftWaitsForItsAnswer() {
        assertThat(IcmpTransport.outcomeOfSend(Errno.NONE)).isEqualTo(Transport.SENT);
    }

    @Test
    void noRouteFromHereDecidesTheTargetDownAtOnce() {
        assertThat(IcmpTransport.outcomeOfSend(Errno.ENETUNREACH))
                .isEqualTo(new Transport.SendOutcome.Immediate(Answer.NET_UNREACHABLE));
        assertThat(IcmpTransport.outcomeOfSend(Errno.EACCES)).as("a broadcast address")
                .isEqualTo(new Transport.SendOutcome.Immediate(new Answer(false, "send-eacces")));
        assertThat(IcmpTransport.outcomeOfSend(Errno.EPERM)).as("a local firewall")
                .isEqualTo(new Transport.SendOutcome.Immediate(new Answer(false, "send-eperm")));
    }

    @ParameterizedTest
    @EnumSource(value = Errno.class, names = {"ENOBUFS", "EAGAIN", "ENOMEM", "UNKNOWN", "EINVAL"})
    void localCongestionAndTheUnexpectedAreRetriedLater(Errno e) {
        assertThat(IcmpTransport.outcomeOfSend(e)).isEqualTo(Transport.RETRY_LATER);
    }
}
