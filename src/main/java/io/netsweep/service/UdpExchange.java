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
     * The answer as {@code key=value} lines (values cleaned and capped), or empty when it is not an answer to this
     * request (another protocol, malformed, truncated): such a datagram is not read at all.
     */
    Optional<String> decode(byte[] answer);
}
