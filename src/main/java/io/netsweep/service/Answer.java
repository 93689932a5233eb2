package io.netsweep.service;

import java.util.Arrays;
import java.util.Objects;

/**
 * The bytes one probe got back, and why reading stopped.
 *
 * @param bytes what arrived
 * @param end   why reading stopped
 */
record Answer(byte[] bytes, End end) {
    /** Why reading an answer stopped. */
    enum End {
        /** The answer was complete by its own framing. */
        COMPLETE,
        /** Data had come and the peer paused. */
        PAUSED,
        /** The peer closed the connection. */
        CLOSED,
        /** The peer reset the connection. */
        RESET,
        /** The wait for this answer, or the port's deadline, ran out. */
        TIMEOUT,
        /** The port's byte budget was spent. */
        BUDGET
    }

    Answer {
        bytes = bytes.clone();
        Objects.requireNonNull(end, "end");
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    int length() {
        return bytes.length;
    }

    boolean empty() {
        return bytes.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Answer a && Arrays.equals(a.bytes, bytes) && a.end == end;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + end.hashCode();
    }

    @Override
    public String toString() {
        return "Answer[" + bytes.length + " bytes, " + end + "]";
    }
}
