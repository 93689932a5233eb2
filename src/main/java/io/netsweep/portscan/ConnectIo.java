package io.netsweep.portscan;

import java.io.IOException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The connect engine's sockets: it starts non-blocking connects, learns how they ended, ends them, and waits
 * until one may have an answer. Two implementations: {@link EpollConnectIo} (Linux, system calls through the
 * Foreign Function API, sockets reused across attempts) and {@link NioConnectIo} (any platform, the JDK's
 * {@code SocketChannel} and {@code Selector}).
 *
 * <p>A probe holds at most one socket, from {@link #start} until {@link #end}. Every method is confined to the
 * engine thread except {@link #wakeup}, which any thread may call.
 */
interface ConnectIo extends AutoCloseable {

    /**
     * Gives {@code p} a socket and starts its connect. On {@link AttemptOutcome#PENDING} or
     * {@link AttemptOutcome#CONNECTED} the socket is the probe's until {@link #end}; on a failure the probe
     * may still hold a socket, which {@link #end} releases too.
     */
    AttemptOutcome start(Probe p);

    /** How the connect of {@code p} stands now: connected, pending, or failed with the network's answer. */
    AttemptOutcome finish(Probe p);

    /**
     * {@link #finish} at the attempt's deadline: also takes an ICMP error the kernel kept aside because it
     * arrived while the socket was busy (as happens to a local target, whose SYN is handled inside
     * {@code connect()}), so that such a port gets its real reason instead of a timeout.
     */
    AttemptOutcome finishAtDeadline(Probe p);

    /** Asks {@link #await} to report {@code p} when its socket may have an answer. */
    void watch(Probe p) throws IOException;

    /**
     * Ends the attempt of {@code p}, whatever its state: a connected socket is reset (no FIN handshake, no
     * TIME_WAIT), a pending one abandoned. No-op when {@code p} holds no socket.
     */
    void end(Probe p);

    /**
     * Whether an answer is known to answer the probe's latest attempt: true when each attempt has a connection
     * of its own (a fresh source port, the earlier attempt's socket closed or reset), so that an answer to an
     * earlier attempt can never end a later one. False when the attempts of a probe cannot be told apart (the
     * SYN scan's retransmissions repeat the first SYN): then the round trip of an answer after a retransmission
     * is ambiguous, and is not a sample (Karn's rule; RFC 6298, section 5).
     */
    default boolean tellsAttemptsApart() {
        return true;
    }

    /**
     * Whether attempts that {@link #start} took as {@link AttemptOutcome#PENDING} may still wait to be sent, in a
     * queue that {@link #flush} empties: the engine then flushes when the queue is full and at the end of each
     * burst of launches. False (the default) where {@link #start} sends at once.
     */
    default boolean sendQueueFull() {
        return false;
    }

    /**
     * Sends every attempt {@link #start} queued, in the order started, and hands each one that could not be sent to
     * {@code unsent} with why (a local shortage: nothing reached the network; a decided failure: the kernel refused
     * it for good). Such a probe is still the engine's to end. A no-op where {@link #start} sends at once.
     */
    default void flush(BiConsumer<Probe, ConnectFailure> unsent) {
    }

    /** Whether the connected socket of {@code p} is connected to itself (same address and port at both ends). */
    boolean isSelfConnect(Probe p);

    /**
     * Waits up to {@code timeoutMillis} (-1: until woken, 0: not at all) and hands every watched probe whose
     * socket may have an answer to {@code ready}; a probe may be handed over with no answer yet.
     */
    void await(long timeoutMillis, Consumer<Probe> ready) throws IOException;

    /** Makes a blocked or the next {@link #await} return at once. Thread-safe. */
    void wakeup();

    /** Sockets ended whose file descriptors are not free yet (they free at the next {@link #await}). */
    int releasing();

    /** Closes every socket, in use or kept for reuse, and the poller. */
    @Override
    void close();
}
