package io.netsweep.web.http;

/** A request the server answers by itself with {@link #status()} and closes the connection after. */
final class RequestRejected extends Exception {
    private final int status;

    RequestRejected(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
