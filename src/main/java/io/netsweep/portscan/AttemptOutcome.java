package io.netsweep.portscan;

/** Where a connect attempt stands: connected, still waiting for an answer, or failed (and what that means). */
sealed interface AttemptOutcome permits AttemptOutcome.Connected, AttemptOutcome.Pending, ConnectFailure {

    /** The handshake completed. */
    AttemptOutcome CONNECTED = new Connected();
    /** No answer yet. */
    AttemptOutcome PENDING = new Pending();

    /** The handshake completed. */
    record Connected() implements AttemptOutcome {
    }

    /** No answer yet. */
    record Pending() implements AttemptOutcome {
    }
}
