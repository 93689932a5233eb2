package io.netsweep.identify;

import java.util.Objects;

/** A request that brought back no HTTP answer. */
record ProbeFailure(Kind kind) implements Exchange {
    ProbeFailure {
        Objects.requireNonNull(kind, "kind");
    }

    enum Kind {
        /** The deadline passed before a complete answer head arrived. */
        TIMEOUT,
        /** The connection was refused. */
        REFUSED,
        /** No route to the host. */
        UNREACHABLE,
        /** The peer closed or reset the connection without sending a byte. */
        CLOSED_SILENTLY,
        /** The peer answered with a TLS record: it speaks TLS, not plain HTTP. */
        TLS_RECORD,
        /** The peer sent something that is not HTTP (an SSH banner, binary data). */
        NOT_HTTP,
        /** The TLS handshake failed. */
        TLS_FAILED,
        /** Any other I/O error. */
        IO_ERROR;

        /** Plain HTTP got an answer typical of a TLS-only port. */
        boolean suggestsTls() {
            return this == TLS_RECORD || this == CLOSED_SILENTLY;
        }

        /** Nothing listens there any more: asking further is pointless. */
        boolean serviceGone() {
            return this == REFUSED || this == UNREACHABLE;
        }
    }

    static ProbeFailure of(Kind kind) {
        return new ProbeFailure(kind);
    }
}
