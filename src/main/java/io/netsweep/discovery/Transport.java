package io.netsweep.discovery;

import java.net.InetAddress;

/**
 * Sends the probes of one discovery method and reports answers to a {@link Sink}.
 *
 * <p>Threading: {@link #send}, {@link #drain} and {@link #release} are called by the sweep's sender thread only;
 * the transport reports answers from its own receiver thread, started by {@link #start}, and from
 * {@link #drain} on the sender thread.
 * {@link #close} is called once, after the sweep ended.
 */
interface Transport extends AutoCloseable {

    /** Where answers go. Thread-safe. */
    interface Sink {
        /**
         * An answer concerning {@code target} to the probe numbered {@code sequence}. The sink
         * checks that such a probe is outstanding; anything else is ignored.
         */
        void answer(InetAddress target, int sequence, Answer answer, long receivedNanos);
    }

    /** The result of trying to send. */
    sealed interface SendOutcome {
        /** On its way; the answer will come through the sink, or not at all. */
        record Sent() implements SendOutcome {}

        /** Not sent for lack of a local resource (buffers, descriptors); try again shortly. */
        record RetryLater() implements SendOutcome {}

        /** Answered on the spot (no route, or an immediate TCP result on loopback). */
        record Immediate(Answer answer) implements SendOutcome {}
    }

    SendOutcome SENT = new SendOutcome.Sent();
    SendOutcome RETRY_LATER = new SendOutcome.RetryLater();

    /** The rung this transport implements. */
    DiscoveryMethod method();

    /** Probes one send costs against the rate (1 for ICMP, one per port for TCP). */
    int probesPerSend();

    /** Starts the receiver thread; answers go to {@code sink}. */
    void start(Sink sink);

    /**
     * Reads every answer already waiting in the transport's sockets and reports it to {@code sink} before
     * returning, whether or not the receiver thread runs. The sweep calls it before it gives up a target whose
     * timeout passed: under load the receiver may not have run since the answer arrived, and an answer that
     * arrived in time must not be lost to a busy machine.
     */
    void drain(Sink sink);

    /** Sends probe {@code sequence} to {@code target}. */
    SendOutcome send(InetAddress target, int sequence);

    /** The target is decided: drop whatever is still open for it. */
    void release(InetAddress target);

    /** Stops the receiver and frees sockets. Idempotent. */
    @Override
    void close();
}
