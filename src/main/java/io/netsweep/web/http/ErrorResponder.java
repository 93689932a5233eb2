package io.netsweep.web.http;

/**
 * Writes the answers the server gives by itself, before or instead of the {@link Handler}: malformed
 * requests (400), limits (408, 413, 414, 431), unsupported framing (501), versions (505), a full
 * server (503) and handlers that failed to answer (500). The application decides what they look
 * like, so that they carry its headers and body format like any other answer. Must be thread-safe.
 */
@FunctionalInterface
public interface ErrorResponder {
    /**
     * Fills in the answer for {@code status}: headers on {@code headers}, the body returned.
     *
     * @param message one line for a person, naming what was wrong; never request data echoed back
     */
    byte[] respond(int status, String message, ResponseHeaders headers);
}
