package io.netsweep.sys;

import java.lang.foreign.FunctionDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a scan will do through the native layer, each with the call shapes it binds (measured by logging every
 * binding of a run of each). A cold JVM spends milliseconds building the stub of each shape, so a thread that
 * warms up while the command is read builds those of the scan that follows, and only those: a SYN scan without
 * discovery no longer pays for discovery's {@code sendto}/{@code recvfrom}, and {@code --version} or a refused
 * command line for nothing. Immutable.
 */
public enum NativeUse {
    /** ICMP echo discovery ({@code -sn}, and before a port scan without {@code -Pn}). */
    ICMP_DISCOVERY(List.of(SysSocket.SOCKET, SysSocket.SETSOCKOPT, Unistd.INT_OF_FD, Poll.POLL, SysSocket.SENDTO,
            SysSocket.RECVFROM)),
    /** The SYN scan: raw TCP sockets, SYNs and answers in batches, an epoll loop woken through an eventfd. */
    SYN_SCAN(List.of(SysSocket.SOCKET, SysSocket.SETSOCKOPT, Unistd.INT_OF_FD, SysEpoll.EPOLL_CTL, Unistd.EVENTFD,
            SysSocket.CONNECT, SysSocket.GETNAME, SysSocket.SENDMMSG, SysSocket.RECVMMSG, SysSocket.RECVMSG,
            Unistd.TRANSFER)),
    /** The connect scan: non-blocking connects in an epoll loop, the fd limit raised first. */
    CONNECT_SCAN(List.of(SysResource.RLIMIT_CALL, SysSocket.SOCKET, SysSocket.SETSOCKOPT, Unistd.INT_OF_FD,
            SysEpoll.EPOLL_CTL, Unistd.EVENTFD, SysSocket.CONNECT, SysEpoll.EPOLL_WAIT, SysSocket.GETSOCKOPT,
            SysSocket.GETNAME, Unistd.TRANSFER)),
    /** The UDP scan: datagrams out, answers and ICMP errors (the error queue) in, in an epoll loop. */
    UDP_SCAN(List.of(SysSocket.SOCKET, SysSocket.SETSOCKOPT, Unistd.INT_OF_FD, SysEpoll.EPOLL_CTL, Unistd.EVENTFD,
            SysSocket.SENDTO, SysSocket.RECVFROM, SysSocket.RECVMSG, Unistd.TRANSFER));

    /** Bit of {@code CAP_NET_RAW} in a capability set. */
    private static final long CAP_NET_RAW = 1L << 13;

    private final List<FunctionDescriptor> shapes;

    NativeUse(List<FunctionDescriptor> shapes) {
        this.shapes = shapes;
    }

    /**
     * Builds (and keeps) the stubs of the call shapes that {@code uses} bind, each once, without binding any symbol
     * or opening anything; in the opposite order to first use, so that a scan that starts binding meanwhile finds
     * the first ones it needs made, or makes them itself while this one makes the rest.
     * Harmless where native calls are unavailable (the scan's own calls say so then). Thread-safe.
     */
    public static void prepare(Set<NativeUse> uses) {
        if (uses.isEmpty() || !Platform.supported()) {
            return;
        }
        Set<FunctionDescriptor> all = new LinkedHashSet<>();
        for (NativeUse use : uses) {
            all.addAll(use.shapes);
        }
        try {
            Downcalls.prepare(List.copyOf(all).reversed().toArray(FunctionDescriptor[]::new));
        } catch (IllegalArgumentException | UnsupportedOperationException | IllegalCallerException e) {
            // The scan's own first call will say so, and it falls back as it would have.
        }
    }

    /** The shapes this use binds, in the order of first use (for tests). */
    List<FunctionDescriptor> shapes() {
        return shapes;
    }

    /**
     * Whether this process holds {@code CAP_NET_RAW} (as root does), read from {@code /proc/self/status}: a guess of
     * whether a SYN scan will run, for warming up only (the scan itself tries the raw socket and falls back).
     */
    public static boolean mayOpenRawSockets() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & CAP_NET_RAW) != 0;
                }
            }
        } catch (java.io.IOException | NumberFormatException | SecurityException e) {
            // Not Linux's /proc: assume not.
        }
        return false;
    }
}
