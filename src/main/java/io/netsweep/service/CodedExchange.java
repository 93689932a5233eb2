package io.netsweep.service;

/**
 * A protocol hello written in code because its request or its answer is structured (BER, BSON, SMB2):
 * the fixed read-only request, how to tell the answer is complete, and the answer decoded into
 * {@code key=value} lines that catalogue patterns read. Implementations are stateless and thread-safe.
 */
interface CodedExchange {
    /** The name catalogue probes use in {@code exchange NAME}. */
    String name();

    /** The bytes sent: a hello, version or capability query, never a login or a write. */
    byte[] request();

    Framing framing();

    /**
     * The answer as {@code key=value} lines (values cleaned and capped); empty when it cannot be decoded,
     * and then banner entries read it raw.
     */
    java.util.Optional<String> decode(byte[] answer);
}
