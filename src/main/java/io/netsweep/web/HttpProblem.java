package io.netsweep.web;

/**
 * A request the server turns down: an HTTP status and one line for a person, sent as
 * {@code {"error": "..."}}. Never carries a stack trace to the client.
 */
final class HttpProblem extends Exception {
    private final int status;

    HttpProblem(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
