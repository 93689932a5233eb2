package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.sys.Errno;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The mapping tables, by exception type and by errno. The namespace tests show the kernel really produces these
 * exceptions and errnos for drop, reject and route rules.
 */
class FailureClassifierTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final FailureClassifier withoutNative = new FailureClassifier(Optional.empty());

    private static ConnectFailure decided(ProbeVerdict v) {
        return new ConnectFailure.Decided(v);
    }

    /** A classifier whose repeated connect reports {@code errno}. */
    private static FailureClassifier repeating(Errno errno) {
        return new FailureClassifier(Optional.of((address, port) -> errno));
    }

    @Test
    void asynchronousErrorsAreAnswersFromTheNetwork() {
        assertThat(withoutNative.onFinish(new ConnectException())).isEqualTo(decided(ProbeVerdict.CONN_REFUSED));
        assertThat(withoutNative.onFinish(new NoRouteToHostException())).isEqualTo(decided(ProbeVerdict.HOST_UNREACH));
        assertThat(withoutNative.onFinish(new BindException())).isEqualTo(decided(ProbeVerdict.ADMIN_PROHIBITED));
        assertThat(withoutNative.onFinish(new SocketException())).isEqualTo(decided(ProbeVerdict.NET_UNREACH));
    }

    @Test
    void socketCreationFailureIsALocalShortageUnlessTheFamilyIsMissing() {
        assertThat(withoutNative.onOpen(new SocketException())).isInstanceOf(ConnectFailure.LocalShortage.class);
        for (Errno e : new Errno[] {Errno.EMFILE, Errno.ENFILE, Errno.ENOBUFS, Errno.ENOMEM}) {
            assertThat(FailureClassifier.onOpen(e)).as(e.name()).isInstanceOf(ConnectFailure.LocalShortage.class);
        }
        assertThat(FailureClassifier.onOpen(Errno.EAFNOSUPPORT)).isEqualTo(decided(ProbeVerdict.LOCAL_ERROR));
    }

    @Test
    void ambiguousConnectFailureWithoutErrnoIsUnexplained() {
        assertThat(withoutNative.onConnect(new BindException(), LOOPBACK, 1))
                .isInstanceOf(ConnectFailure.Unexplained.class);
        assertThat(withoutNative.onConnect(new SocketException(), LOOPBACK, 1))
                .isInstanceOf(ConnectFailure.Unexplained.class);
        assertThat(withoutNative.onConnect(new ConnectException(), LOOPBACK, 1))
                .isEqualTo(decided(ProbeVerdict.CONN_REFUSED));
        assertThat(withoutNative.onConnect(new NoRouteToHostException(), LOOPBACK, 1))
                .isEqualTo(decided(ProbeVerdict.HOST_UNREACH));
        assertThat(repeating(Errno.ENOSYS).onConnect(new SocketException(), LOOPBACK, 1))
                .as("a native layer that cannot be asked").isInstanceOf(ConnectFailure.Unexplained.class);
    }

    @Test
    void anAmbiguousConnectFailureIsDecidedByTheRepeatsErrno() {
        assertThat(repeating(Errno.EACCES).onConnect(new BindException(), LOOPBACK, 1))
                .isEqualTo(decided(ProbeVerdict.ADMIN_PROHIBITED));
        assertThat(repeating(Errno.EADDRNOTAVAIL).onConnect(new BindException(), LOOPBACK, 1))
                .isInstanceOf(ConnectFailure.LocalShortage.class);
        assertThat(repeating(Errno.ENETUNREACH).onConnect(new SocketException(), LOOPBACK, 1))
                .isEqualTo(decided(ProbeVerdict.NET_UNREACH));
        assertThat(repeating(Errno.EINVAL).onConnect(new SocketException(), LOOPBACK, 1))
                .as("a blackhole route").isEqualTo(decided(ProbeVerdict.LOCAL_ERROR));
        for (Errno through : new Errno[] {Errno.NONE, Errno.EINPROGRESS, Errno.EALREADY}) {
            assertThat(repeating(through).onConnect(new SocketException(), LOOPBACK, 1))
                    .as("the repeat got through (%s): the condition passed", through)
                    .isInstanceOf(ConnectFailure.LocalShortage.class);
        }
    }

    @Test
    void errnosOfShortageRetryTheProbe() {
        for (Errno e : new Errno[] {Errno.EMFILE, Errno.ENFILE, Errno.ENOBUFS, Errno.ENOMEM, Errno.EAGAIN,
                Errno.EADDRNOTAVAIL, Errno.EADDRINUSE}) {
            assertThat(FailureClassifier.onConnect(e)).as(e.name()).isInstanceOf(ConnectFailure.LocalShortage.class);
        }
    }

    @Test
    void aConnectThatStartsIsPendingOrConnected() {
        assertThat(FailureClassifier.onConnect(Errno.EINPROGRESS)).isEqualTo(AttemptOutcome.PENDING);
        assertThat(FailureClassifier.onConnect(Errno.NONE)).isEqualTo(AttemptOutcome.CONNECTED);
        assertThat(FailureClassifier.onFinish(Errno.EALREADY)).isEqualTo(AttemptOutcome.PENDING);
        assertThat(FailureClassifier.onFinish(Errno.NONE)).isEqualTo(AttemptOutcome.CONNECTED);
        assertThat(FailureClassifier.onFinish(Errno.EISCONN)).isEqualTo(AttemptOutcome.CONNECTED);
    }

    @Test
    void errnosOfRoutesAndPolicyDecideThePortAtOnce() {
        assertThat(FailureClassifier.onConnect(Errno.ENETUNREACH)).isEqualTo(decided(ProbeVerdict.NET_UNREACH));
        assertThat(FailureClassifier.onConnect(Errno.EHOSTUNREACH)).isEqualTo(decided(ProbeVerdict.HOST_UNREACH));
        assertThat(FailureClassifier.onConnect(Errno.EACCES)).isEqualTo(decided(ProbeVerdict.ADMIN_PROHIBITED));
        assertThat(FailureClassifier.onConnect(Errno.EPERM)).isEqualTo(decided(ProbeVerdict.ADMIN_PROHIBITED));
        assertThat(FailureClassifier.onConnect(Errno.ECONNREFUSED)).isEqualTo(decided(ProbeVerdict.CONN_REFUSED));
        assertThat(FailureClassifier.onConnect(Errno.EINVAL)).isEqualTo(decided(ProbeVerdict.LOCAL_ERROR));
        assertThat(FailureClassifier.onConnect(Errno.UNKNOWN)).isEqualTo(decided(ProbeVerdict.LOCAL_ERROR));
    }

    @Test
    void errorsEndingAConnectInProgressAreTheNetworksAnswer() {
        assertThat(FailureClassifier.onFinish(Errno.ECONNREFUSED)).isEqualTo(decided(ProbeVerdict.CONN_REFUSED));
        assertThat(FailureClassifier.onFinish(Errno.EHOSTUNREACH)).isEqualTo(decided(ProbeVerdict.HOST_UNREACH));
        assertThat(FailureClassifier.onFinish(Errno.EHOSTDOWN)).isEqualTo(decided(ProbeVerdict.HOST_UNREACH));
        assertThat(FailureClassifier.onFinish(Errno.ENETUNREACH)).isEqualTo(decided(ProbeVerdict.NET_UNREACH));
        assertThat(FailureClassifier.onFinish(Errno.EACCES)).as("ICMPv6 administratively prohibited")
                .isEqualTo(decided(ProbeVerdict.ADMIN_PROHIBITED));
        assertThat(FailureClassifier.onFinish(Errno.ETIMEDOUT)).as("the kernel's SYN retries ran out")
                .isEqualTo(decided(ProbeVerdict.NO_RESPONSE));
        assertThat(FailureClassifier.onFinish(Errno.ECONNRESET)).isInstanceOf(ConnectFailure.Unexplained.class);
        assertThat(FailureClassifier.onFinish(Errno.ECONNABORTED)).isInstanceOf(ConnectFailure.Unexplained.class);
        assertThat(FailureClassifier.onFinish(Errno.ENOPROTOOPT)).as("ICMP protocol unreachable")
                .isEqualTo(decided(ProbeVerdict.NET_UNREACH));
        assertThat(FailureClassifier.networkError(Errno.EMSGSIZE)).as("ICMP fragmentation needed")
                .isEqualTo(decided(ProbeVerdict.NET_UNREACH));
    }

    @ParameterizedTest
    @EnumSource(Errno.class)
    void everyErrnoHasAMeaningOnEveryPath(Errno e) {
        assertThat(FailureClassifier.onConnect(e)).isNotNull();
        assertThat(FailureClassifier.onFinish(e)).isNotNull();
        assertThat(FailureClassifier.networkError(e)).isNotNull();
        boolean decidesAtOnce = FailureClassifier.failedAtOnce(e) instanceof ConnectFailure.Decided d
                && d.verdict() != ProbeVerdict.LOCAL_ERROR;
        assertThat(decidesAtOnce).as("only a refusal, a route or a policy decides a port before any packet left")
                .isEqualTo(EnumSet.of(Errno.ECONNREFUSED, Errno.EHOSTUNREACH, Errno.EHOSTDOWN, Errno.ENETUNREACH,
                        Errno.ENETDOWN, Errno.EACCES, Errno.EPERM).contains(e));
    }

    @Test
    void otherIoFailuresOnFinishAreLocalErrors() {
        assertThat(withoutNative.onFinish(new IOException())).isEqualTo(decided(ProbeVerdict.LOCAL_ERROR));
    }
}
