package io.netsweep.service;

/**
 * Tells from the bytes received so far whether an answer is complete, so reading can stop at once instead
 * of waiting for the peer to pause. Stateless implementations.
 */
@FunctionalInterface
interface Framing {
    /** Whether an answer is complete, is known to be incomplete, or cannot be told (then a pause ends it). */
    enum State { COMPLETE, INCOMPLETE, UNKNOWN }

    State check(byte[] buffer, int length);

    /** Nothing to go by: the answer ends when the peer pauses or closes. */
    Framing PAUSE = (buffer, length) -> State.UNKNOWN;

    /**
     * Ends at a line end, except after a continuation line of the FTP and SMTP kind ({@code 220-...}), where
     * a pause decides.
     */
    Framing LINE = (buffer, length) -> {
        if (length == 0 || buffer[length - 1] != '\n') {
            return State.UNKNOWN;
        }
        int start = length - 2;
        while (start >= 0 && buffer[start] != '\n') {
            start--;
        }
        start++;
        boolean continuation = length - start >= 4 && Character.isDigit(buffer[start])
                && Character.isDigit(buffer[start + 1]) && Character.isDigit(buffer[start + 2]) && buffer[start + 3] == '-';
        return continuation ? State.UNKNOWN : State.COMPLETE;
    };
}
