package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The mapping tables. The namespace tests show the kernel really produces these exceptions and errnos for
 * drop, reject and route rules.
 */
class FailureClassifierTest {
    private final FailureClassifier withoutNative = new FailureClassifier(Optional.empty());

    private static ConnectFailure decided(ProbeVerdict v) {
        return new ConnectFailure.Decided(v);
    }

    @Test
    void asynchronousErrorsAreAnswersFromTheNetwork() {
        assertThat(withoutNative.onFinish(new ConnectException())).isEqualTo(decided(ProbeVerdict.CONN_REFUSED));
        assertThat(withoutNative.onFinish(new NoRouteToHostException())).isEqualTo(decided(ProbeVerdict.HOST_UNREACH));
        assertThat(withoutNative.onFinish(new BindException())).isEqualTo(decided(ProbeVerdict.ADMIN_PROHIBITED));
        assertThat(withoutNative.onFinish(new SocketException())).isEqualTo(decided(ProbeVerdict.NET_UNREACH));
    }

    @Test
    void socketCreationFailureIsAlwaysALocalShortage() {
        assertThat(withoutNative.onOpen(new SocketException())).isInstanceOf(ConnectFailure.LocalShortage.class);
    }

    @Test
    void ambiguousConnectFailureWithoutErrnoIsUnexplained() throws Exception {
        var loopback = java.net.InetAddress.getLoopbackAddress();
        assertThat(withoutNative.onConnect(new BindException(), loopback, 1))
                .isInstanceOf(ConnectFailure.Unexplained.class);
        assertThat(withoutNative.onConnect(new SocketException(), loopback, 1))
                .isInstanceOf(ConnectFailure.Unexplained.class);
        assertThat(withoutNative.onConnect(new ConnectException(), loopback, 1))
                .isEqualTo(decided(ProbeVerdict.CONN_REFUSED));
        assertThat(withoutNative.onConnect(new NoRouteToHostException(), loopback, 1))
                .isEqualTo(decided(ProbeVerdict.HOST_UNREACH));
    }

    @Test
    void errnosOfShortageRetryTheProbe() {
        for (Errno e : new Errno[] {Errno.EMFILE, Errno.ENFILE, Errno.ENOBUFS, Errno.ENOMEM, Errno.EAGAIN,
                Errno.EADDRNOTAVAIL, Errno.EADDRINUSE, Errno.EINPROGRESS}) {
            assertThat(FailureClassifier.fromErrno(e.code())).as(e.name()).isInstanceOf(ConnectFailure.LocalShortage.class);
        }
        assertThat(FailureClassifier.fromErrno(0)).isInstanceOf(ConnectFailure.LocalShortage.class);
    }

    @Test
    void errnosOfRoutesAndPolicyDecideThePort() {
        assertThat(FailureClassifier.fromErrno(Errno.ENETUNREACH.code())).isEqualTo(decided(ProbeVerdict.NET_UNREACH));
        assertThat(FailureClassifier.fromErrno(Errno.EHOSTUNREACH.code())).isEqualTo(decided(ProbeVerdict.HOST_UNREACH));
        assertThat(FailureClassifier.fromErrno(Errno.EACCES.code())).isEqualTo(decided(ProbeVerdict.ADMIN_PROHIBITED));
        assertThat(FailureClassifier.fromErrno(Errno.EPERM.code())).isEqualTo(decided(ProbeVerdict.ADMIN_PROHIBITED));
        assertThat(FailureClassifier.fromErrno(Errno.ECONNREFUSED.code())).isEqualTo(decided(ProbeVerdict.CONN_REFUSED));
        assertThat(FailureClassifier.fromErrno(Errno.EINVAL.code())).isEqualTo(decided(ProbeVerdict.LOCAL_ERROR));
        assertThat(FailureClassifier.fromErrno(4242)).isEqualTo(decided(ProbeVerdict.LOCAL_ERROR));
    }

    @Test
    void otherIoFailuresOnFinishAreLocalErrors() {
        assertThat(withoutNative.onFinish(new IOException())).isEqualTo(decided(ProbeVerdict.LOCAL_ERROR));
    }
}
