package io.netsweep.portscan;

import java.nio.channels.SocketChannel;

/**
 * One port of one host, from its first connect attempt to its final verdict. At most one attempt (one socket)
 * is in flight at a time. Not thread-safe: owned by the engine thread.
 */
final class Probe {
    final HostState host;
    final int port;
    /** Connect attempts that reached the network. */
    int attempts;
    /** Attempts that connected the socket to itself. */
    int selfConnects;
    /** Attempts refused by local resource limits and put back in the queue. */
    int pressureRequeues;

    /** The socket of the attempt in flight under {@link NioConnectIo}, else null. */
    SocketChannel channel;
    /** The socket of the attempt in flight under {@link EpollConnectIo}, else -1. */
    int fd = -1;
    /** Under {@link EpollConnectIo}: what the socket needs before it serves another attempt. */
    EpollConnectIo.Reuse reuse = EpollConnectIo.Reuse.AS_IS;
    /** Under {@link SynIo}: the answer read for the attempt in flight, else null. */
    AttemptOutcome answer;
    /** Under {@link SynIo}: whether the probe is in its table of flows. */
    boolean registered;
    /** Under {@link SynIo}: the next probe in flight to the same address and port (a host submitted twice). */
    Probe sameFlow;
    /**
     * A loss sample ({@link LossEvidence}): another SYN to a port that has answered, whose outcome is evidence, never
     * a result.
     */
    boolean sample;
    long sentNanos;
    long deadlineNanos;
    /** Position in the engine's {@link DeadlineHeap}, or -1 when not in flight. */
    int heapIndex = -1;

    Probe(HostState host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public String toString() {
        return host.address.getHostAddress() + ":" + port + "#" + attempts;
    }
}
