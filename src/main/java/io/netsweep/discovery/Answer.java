package io.netsweep.discovery;

import java.util.Objects;

/**
 * What one answer to a probe says about its target.
 *
 * @param up     the target is up (echo reply, TCP accept or reset, unreachable sent by the target itself),
 *               or down (unreachable from a router or from this host's own stack)
 * @param reason {@code icmp-echo}, {@code icmp-unreachable}, {@code tcp-syn-ack}, {@code tcp-rst} when up;
 *               {@code host-unreach}, {@code net-unreach}, {@code send-error} when down
 */
record Answer(boolean up, String reason) {
    static final Answer ECHO = new Answer(true, "icmp-echo");
    static final Answer UNREACHABLE_FROM_TARGET = new Answer(true, "icmp-unreachable");
    static final Answer HOST_UNREACHABLE = new Answer(false, "host-unreach");
    static final Answer NET_UNREACHABLE = new Answer(false, "net-unreach");
    static final Answer SYN_ACK = new Answer(true, "tcp-syn-ack");
    static final Answer RESET = new Answer(true, "tcp-rst");

    Answer {
        Objects.requireNonNull(reason, "reason");
    }
}
