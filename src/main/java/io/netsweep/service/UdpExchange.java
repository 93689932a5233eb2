package io.netsweep.service;

import java.net.InetAddress;
import java.util.Optional;

/**
 * A UDP request written in code because its request or its answer is binary (DNS, NTP, SNMP's BER): the
 * read-only request, and the answer decoded into {@code key=value} lines that catalogue patterns read (see
 * docs/service-catalogue.md). Implementations are stateless and thread-safe.
 */
interface UdpExchange {
    /** The name catalogue probes use in {@code exchange NAME}. */
    String name();

    /** The datagram sent to {@code target}: a query for public, read-only facts, never a write. */
    byte[] request(InetAddress target);

    /**
     * A second request of this exchange, sent on the same socket after {@code answer} (one {@link #decode} read), when
     * that answer tells what to ask next; its answer is decoded by {@link #decode} too, and the lines of both are read
     * together. Empty for most exchanges: one answer says all.
     */
    default Optional<byte[]> followUp(InetAddress target, byte[] answer) {
        return Optional.empty();
    }

    /**
     * The answer as {@code key=value} lines (values cleaned and capped), or empty when it is not an answer to this
     * request (another protocol, malformed, truncated): such a datagram is not read at all.
     */
    Optional<String> decode(byte[] answer);
}
