package io.netsweep.portscan;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.util.Optional;

/**
 * Turns a failed socket operation into a {@link ConnectFailure}, by exception type and, where the type is
 * ambiguous, by errno; never by message text.
 *
 * <p>What the JDK (sun.nio.ch.Net) throws for each errno on Linux: ECONNREFUSED, ETIMEDOUT and ENOTCONN give
 * {@link ConnectException}; EHOSTUNREACH gives {@link NoRouteToHostException}; EADDRINUSE, EADDRNOTAVAIL and
 * EACCES give {@link BindException}; every other errno a plain {@link SocketException}. So:
 * <ul>
 *   <li>creating the socket fails only for want of fds or kernel memory (EMFILE, ENFILE, ENOBUFS, ENOMEM; an
 *       unsupported address family is an {@code UnsupportedOperationException} instead): always a shortage;</li>
 *   <li>{@code connect()} itself fails before any packet leaves: refused and no-route are unambiguous, but a
 *       {@code BindException} may be port exhaustion (EADDRNOTAVAIL) or a prohibit route (EACCES), and a plain
 *       {@code SocketException} may be ENETUNREACH, EPERM, EINVAL (blackhole route) or ENOBUFS/EAGAIN. For these
 *       the errno is obtained by repeating the connect through libc ({@link Libc#connectErrno}), which reports it
 *       exactly; a repeat that now gets through means the condition was passing: a shortage;</li>
 *   <li>{@code finishConnect()} reports asynchronous errors, which come from the network: refused (RST or ICMP port
 *       unreachable), ICMP host/admin unreachable (EHOSTUNREACH), ICMPv6 administratively prohibited (EACCES, the
 *       only asynchronous {@code BindException}), and ICMP network unreachable and rarer codes (plain
 *       {@code SocketException}). Local shortages never arrive asynchronously.</li>
 * </ul>
 *
 * <p>Thread-safe if its {@link Libc} is (it is).
 */
final class FailureClassifier {
    private static final ConnectFailure SHORTAGE = new ConnectFailure.LocalShortage();

    private final Optional<Libc> libc;

    FailureClassifier(Optional<Libc> libc) {
        this.libc = libc;
    }

    /** {@code SocketChannel.open} (or configuring the new socket) failed. */
    ConnectFailure onOpen(IOException e) {
        return SHORTAGE;
    }

    /** {@code SocketChannel.connect} to {@code address:port} threw {@code e}. */
    ConnectFailure onConnect(IOException e, InetAddress address, int port) {
        if (e instanceof ConnectException) {
            return decided(ProbeVerdict.CONN_REFUSED);
        }
        if (e instanceof NoRouteToHostException) {
            return decided(ProbeVerdict.HOST_UNREACH);
        }
        if (libc.isEmpty()) {
            return new ConnectFailure.Unexplained();
        }
        return fromErrno(libc.get().connectErrno(address, port));
    }

    /** {@code SocketChannel.finishConnect} threw {@code e}: the network answered with an error. */
    ConnectFailure onFinish(IOException e) {
        if (e instanceof ConnectException) {
            return decided(ProbeVerdict.CONN_REFUSED);
        }
        if (e instanceof NoRouteToHostException) {
            return decided(ProbeVerdict.HOST_UNREACH);
        }
        if (e instanceof BindException) {
            return decided(ProbeVerdict.ADMIN_PROHIBITED);
        }
        if (e instanceof SocketException) {
            return decided(ProbeVerdict.NET_UNREACH);
        }
        return decided(ProbeVerdict.LOCAL_ERROR);
    }

    /** The meaning of the errno a repeated {@code connect()} returned (0 when it got through). */
    static ConnectFailure fromErrno(int errno) {
        if (errno == 0) {
            return SHORTAGE;
        }
        Optional<Errno> known = Errno.of(errno);
        if (known.isEmpty()) {
            return decided(ProbeVerdict.LOCAL_ERROR);
        }
        Errno e = known.get();
        if (e.isLocalShortage()) {
            return SHORTAGE;
        }
        return switch (e) {
            case EINPROGRESS, EALREADY -> SHORTAGE;
            case ECONNREFUSED -> decided(ProbeVerdict.CONN_REFUSED);
            case EHOSTUNREACH, EHOSTDOWN -> decided(ProbeVerdict.HOST_UNREACH);
            case ENETUNREACH, ENETDOWN -> decided(ProbeVerdict.NET_UNREACH);
            case EACCES, EPERM -> decided(ProbeVerdict.ADMIN_PROHIBITED);
            default -> decided(ProbeVerdict.LOCAL_ERROR);
        };
    }

    private static ConnectFailure decided(ProbeVerdict v) {
        return new ConnectFailure.Decided(v);
    }
}
