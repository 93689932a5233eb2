package io.netsweep.web.http;

import java.io.IOException;

/**
 * A request body that the server refuses while it is being read: malformed chunked framing (400)
 * or more bytes than {@link HttpLimits#maxBody()} (413). Unlike other {@link IOException}s from a
 * request body, which mean the client went away, this one deserves an answer: {@link #status()}
 * and the message. The connection is closed after that answer.
 */
public final class BadRequestBodyException extends IOException {
    private final int status;

    BadRequestBodyException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
