package io.netsweep.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Which answers count: the pure half of matching (message against our probes) and the per-target half. */
class ReplyMatchingTest {
    private static final int ID = 0x4242;
    private static final long COOKIE = 0x0123456789ABCDEFL;
    private static final InetAddress TARGET = InetAddress.ofLiteral("10.231.0.50");
    private static final InetAddress ROUTER = InetAddress.ofLiteral("10.231.0.254");

    @Test
    void anEchoReplyWithOurIdentifierAndCookieIsAnAnswerFromItsSource() {
        var v = IcmpTransport.verdict(new IcmpMessage.EchoReply(ID, 7, COOKIE), TARGET, true, ID, COOKIE);
        assertThat(v).contains(new IcmpTransport.Verdict(TARGET, 7, Answer.ECHO));
    }

    @Test
    void aReplyWithAnotherIdentifierIsIgnoredOnARawSocket() {
        var m = new IcmpMessage.EchoReply(ID + 1, 7, COOKIE);
        assertThat(IcmpTransport.verdict(m, TARGET, true, ID, COOKIE)).isEmpty();
        // A datagram socket's kernel rewrote the identifier and delivers only this socket's replies.
        assertThat(IcmpTransport.verdict(m, TARGET, false, ID, COOKIE)).isPresent();
    }

    @Test
    void aReplyWithoutOurCookieIsIgnored() {
        var m = new IcmpMessage.EchoReply(ID, 7, COOKIE ^ 1);
        assertThat(IcmpTransport.verdict(m, TARGET, true, ID, COOKIE)).isEmpty();
        assertThat(IcmpTransport.verdict(m, TARGET, false, ID, COOKIE)).isEmpty();
    }

    @Test
    void anUnreachableSentByTheTargetItselfShowsItUp() {
        var m = new IcmpMessage.Unreachable(TARGET, ID, 9, false, 3);
        assertThat(IcmpTransport.verdict(m, TARGET, true, ID, COOKIE))
                .contains(new IcmpTransport.Verdict(TARGET, 9, Answer.UNREACHABLE_FROM_TARGET));
    }

    @Test
    void aHostUnreachableFromARouterShowsTheQuotedTargetDown() {
        var m = new IcmpMessage.Unreachable(TARGET, ID, 9, false, 1);
        assertThat(IcmpTransport.verdict(m, ROUTER, true, ID, COOKIE))
                .contains(new IcmpTransport.Verdict(TARGET, 9, Answer.HOST_UNREACHABLE));
    }

    @Test
    void aPortUnreachableFromARouterSaysNothing() {
        var m = new IcmpMessage.Unreachable(TARGET, ID, 9, false, 3);
        assertThat(IcmpTransport.verdict(m, ROUTER, true, ID, COOKIE)).isEmpty();
    }

    @Test
    void onlyASequenceSentToTheTargetDecidesIt() {
        TargetState t = new TargetState(TARGET, false, null, 3);
        t.recordSend(100, 1_000);
        t.recordSend(101, 2_000);

        assertThat(t.answer(55)).as("a sequence never sent to it").isEmpty();
        assertThat(t.decided()).isFalse();
        assertThat(t.answer(100)).as("a late answer to the first attempt still counts, timed from it")
                .hasValue(1_000);
        assertThat(t.answer(101)).as("a duplicate or a second answer").isEmpty();
    }

    @Test
    void aTargetGivenUpIgnoresLateAnswers() {
        TargetState t = new TargetState(TARGET, false, null, 1);
        t.recordSend(5, 0);
        assertThat(t.decideSilent()).isTrue();
        assertThat(t.answer(5)).isEmpty();
        assertThat(t.decideSilent()).as("decided once").isFalse();
    }
}
