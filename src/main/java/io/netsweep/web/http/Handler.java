package io.netsweep.web.http;

import java.io.IOException;

/**
 * Answers one request. Called on the connection's own virtual thread, one request at a time per
 * connection; implementations serving several connections must be thread-safe.
 */
@FunctionalInterface
public interface Handler {
    /**
     * Reads what it needs of the request and sends one response through {@link Exchange#send} or
     * {@link Exchange#stream}. A handler that returns without answering, or throws before answering,
     * gets the server's own 500 answer; one that throws after starting its answer has its connection closed.
     *
     * @throws IOException when the client went away; nothing more is sent on that connection
     */
    void handle(Exchange exchange) throws IOException;
}
