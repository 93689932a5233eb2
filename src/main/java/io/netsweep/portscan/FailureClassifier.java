package io.netsweep.portscan;

import io.netsweep.sys.Errno;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.util.Optional;

/**
 * The one place that says what a connect attempt's failure means for its port: by exception type (the JDK's
 * sockets, {@link NioConnectIo}) or by errno (the native layer's, {@link EpollConnectIo}); never by message text.
 *
 * <p><b>Errno.</b> {@code connect()} on a non-blocking socket ({@link #onConnect(Errno)}) returns EINPROGRESS
 * once the SYN is on its way; an error then is local and immediate: a refusal or unreachable route known at once
 * (loopback, a local prohibit or blackhole route), or a shortage of ports, buffers or memory. A connect in
 * progress ends ({@link #onFinish(Errno)}, a second {@code connect()} or {@code SO_ERROR}) with what the network
 * answered: a reset (ECONNREFUSED), an ICMP error (EHOSTUNREACH, ENETUNREACH, EACCES for ICMPv6 administratively
 * prohibited, rarer codes for the rest), or the kernel's own SYN retries running out (ETIMEDOUT).
 *
 * <p><b>Exceptions.</b> What the JDK (sun.nio.ch.Net) throws for each errno on Linux: ECONNREFUSED, ETIMEDOUT and
 * ENOTCONN give {@link ConnectException}; EHOSTUNREACH gives {@link NoRouteToHostException}; EADDRINUSE,
 * EADDRNOTAVAIL and EACCES give {@link BindException}; every other errno a plain {@link SocketException}. So:
 * <ul>
 *   <li>creating the socket fails only for want of fds or kernel memory (EMFILE, ENFILE, ENOBUFS, ENOMEM; an
 *       unsupported address family is an {@code UnsupportedOperationException} instead): always a shortage;</li>
 *   <li>{@code connect()} itself fails before any packet leaves: refused and no-route are unambiguous, but a
 *       {@code BindException} may be port exhaustion (EADDRNOTAVAIL) or a prohibit route (EACCES), and a plain
 *       {@code SocketException} may be ENETUNREACH, EPERM, EINVAL (blackhole route) or ENOBUFS/EAGAIN. For these
 *       the errno is obtained by repeating the connect through the native layer, which reports it exactly; a
 *       repeat that now gets through means the condition was passing: a shortage;</li>
 *   <li>{@code finishConnect()} reports asynchronous errors, which come from the network: refused (RST or ICMP port
 *       unreachable), ICMP host/admin unreachable (EHOSTUNREACH), ICMPv6 administratively prohibited (EACCES, the
 *       only asynchronous {@code BindException}), and ICMP network unreachable and rarer codes (plain
 *       {@code SocketException}). Local shortages never arrive asynchronously.</li>
 * </ul>
 *
 * <p>Thread-safe if its repeat is (the native layer's is).
 */
final class FailureClassifier {
    private static final ConnectFailure SHORTAGE = ConnectFailure.SHORTAGE;

    /** Repeats a connect to learn the errno the JDK did not report: the native layer's {@code connectOnce}. */
    @FunctionalInterface
    interface ConnectRepeat {
        Errno errnoOf(InetAddress address, int port);
    }

    private final Optional<ConnectRepeat> repeat;

    FailureClassifier(Optional<ConnectRepeat> repeat) {
        this.repeat = repeat;
    }

    /** {@code SocketChannel.open} (or configuring the new socket) failed. */
    ConnectFailure onOpen(IOException e) {
        return SHORTAGE;
    }

    /** Opening a native socket failed with {@code errno}. */
    static ConnectFailure onOpen(Errno errno) {
        // No IPv6 on this machine: nothing can be learned. Anything else: out of fds or kernel memory.
        return errno == Errno.EAFNOSUPPORT ? decided(ProbeVerdict.LOCAL_ERROR) : SHORTAGE;
    }

    /** {@code SocketChannel.connect} to {@code address:port} threw {@code e}. */
    ConnectFailure onConnect(IOException e, InetAddress address, int port) {
        if (e instanceof ConnectException) {
            return decided(ProbeVerdict.CONN_REFUSED);
        }
        if (e instanceof NoRouteToHostException) {
            return decided(ProbeVerdict.HOST_UNREACH);
        }
        Errno errno = repeat.map(r -> r.errnoOf(address, port)).orElse(Errno.ENOSYS);
        return switch (errno) {
            case ENOSYS -> new ConnectFailure.Unexplained(); // no native layer to ask
            case NONE, EINPROGRESS, EALREADY -> SHORTAGE; // the repeat got through: the condition has passed
            default -> failedAtOnce(errno);
        };
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

    /** What {@code connect()} starting an attempt returned: connected, on its way, or failed at once. */
    static AttemptOutcome onConnect(Errno errno) {
        return switch (errno) {
            case NONE -> AttemptOutcome.CONNECTED;
            case EINPROGRESS -> AttemptOutcome.PENDING;
            default -> failedAtOnce(errno);
        };
    }

    /** What a second {@code connect()} to the same address says of an attempt in progress. */
    static AttemptOutcome onFinish(Errno errno) {
        return switch (errno) {
            case NONE, EISCONN -> AttemptOutcome.CONNECTED;
            case EALREADY, EINPROGRESS -> AttemptOutcome.PENDING;
            default -> networkError(errno);
        };
    }

    /**
     * The meaning of a {@code connect()} that failed before any packet left (or at once, on loopback): a refusal
     * or an unreachable route known locally decides the port; a shortage of ports, buffers or memory decides
     * nothing and the probe goes again; anything else is an error of ours.
     */
    static ConnectFailure failedAtOnce(Errno errno) {
        return switch (errno) {
            case NONE, EINPROGRESS, EALREADY, EAGAIN, ENOMEM, ENFILE, EMFILE, EADDRINUSE, EADDRNOTAVAIL, ENOBUFS ->
                    SHORTAGE;
            case ECONNREFUSED -> decided(ProbeVerdict.CONN_REFUSED);
            case EHOSTUNREACH, EHOSTDOWN -> decided(ProbeVerdict.HOST_UNREACH);
            case ENETUNREACH, ENETDOWN -> decided(ProbeVerdict.NET_UNREACH);
            case EACCES, EPERM -> decided(ProbeVerdict.ADMIN_PROHIBITED); // a prohibit route or a local firewall
            case EINTR, EINVAL, ENOSYS, ENONET, EMSGSIZE, ENOPROTOOPT, EPROTONOSUPPORT, ESOCKTNOSUPPORT, EOPNOTSUPP,
                    EAFNOSUPPORT, ECONNABORTED, ECONNRESET, EISCONN, ETIMEDOUT, UNKNOWN ->
                    decided(ProbeVerdict.LOCAL_ERROR); // EINVAL: a blackhole route
        };
    }

    /** The meaning of the error that ended a connect in progress: the network's answer. */
    static ConnectFailure networkError(Errno errno) {
        return switch (errno) {
            case ECONNREFUSED -> decided(ProbeVerdict.CONN_REFUSED);
            case EHOSTUNREACH, EHOSTDOWN -> decided(ProbeVerdict.HOST_UNREACH);
            case ENETUNREACH, ENETDOWN -> decided(ProbeVerdict.NET_UNREACH);
            case EACCES, EPERM -> decided(ProbeVerdict.ADMIN_PROHIBITED); // ICMPv6 administratively prohibited
            case ETIMEDOUT -> decided(ProbeVerdict.NO_RESPONSE); // the kernel's own SYN retries ran out
            case ECONNRESET, ECONNABORTED -> new ConnectFailure.Unexplained(); // not an answer to this attempt
            // Another ICMP error (protocol unreachable, fragmentation needed, source route failed, ...).
            case NONE, EINTR, EAGAIN, ENOMEM, EINVAL, ENFILE, EMFILE, ENOSYS, ENONET, EMSGSIZE, ENOPROTOOPT,
                    EPROTONOSUPPORT, ESOCKTNOSUPPORT, EOPNOTSUPP, EAFNOSUPPORT, EADDRINUSE, EADDRNOTAVAIL, ENOBUFS,
                    EISCONN, EALREADY, EINPROGRESS, UNKNOWN -> decided(ProbeVerdict.NET_UNREACH);
        };
    }

    private static ConnectFailure decided(ProbeVerdict v) {
        return ConnectFailure.Decided.of(v);
    }
}
