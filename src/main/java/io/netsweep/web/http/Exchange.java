package io.netsweep.web.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One request and its answer. The request is read-only: method, raw path and query (never decoded),
 * headers, body. The answer is sent once, either whole ({@link #send}) or streamed ({@link #stream}).
 *
 * <p>The server decides whether the connection stays open: it closes after the answer when the
 * client asked for that, spoke HTTP/1.0, or left part of its body unread when the answer began (an
 * answer to a request whose body was not read cannot be followed by another request on that
 * connection: the rest of the body would be taken for one). Such answers carry
 * {@code Connection: close}. Not thread-safe: it belongs to the connection's thread, except that
 * a stream may be written by whichever single thread the handler hands it to.
 */
public final class Exchange {
    private final RequestHead head;
    private final RequestBody body;
    private final OutputStream out;
    private final ResponseHeaders responseHeaders = new ResponseHeaders();
    private final boolean expectsContinue;
    private boolean started;
    private boolean closeAfter;
    private ResponseStream stream;

    Exchange(RequestHead head, RequestBody body, OutputStream out, boolean closeAfter) {
        this.head = head;
        this.body = body;
        this.out = out;
        this.closeAfter = closeAfter || head.http10()
                || head.all("Connection").stream().flatMap(v -> java.util.Arrays.stream(v.split(",")))
                        .anyMatch(option -> option.strip().equalsIgnoreCase("close"));
        this.expectsContinue = !head.http10() && head.first("Expect").filter("100-continue"::equalsIgnoreCase).isPresent();
        body.beforeFirstRead(this::sendContinue);
    }

    /** The method, exactly as sent ({@code GET}, {@code POST}, ...). */
    public String method() {
        return head.method();
    }

    /** The path of the request target, raw: percent escapes are left as they came. */
    public String path() {
        return head.path();
    }

    /** The raw query of the request target, without its {@code ?}. */
    public Optional<String> query() {
        return head.query();
    }

    /** The first value of a request header (names compared without case). */
    public Optional<String> header(String name) {
        return head.first(name);
    }

    /** Every value of a request header, in the order sent. */
    public List<String> headers(String name) {
        return head.all(name);
    }

    /**
     * The request body; empty when there is none. Reading it past a limit, or through malformed
     * framing, throws {@link BadRequestBodyException}.
     */
    public InputStream requestBody() {
        return body;
    }

    /** Headers of the answer; set them before {@link #send} or {@link #stream}. */
    public ResponseHeaders responseHeaders() {
        return responseHeaders;
    }

    /**
     * Sends the whole answer: status, headers, {@code Content-Length} and {@code body} (not the body
     * when the request was {@code HEAD}).
     *
     * @throws IllegalStateException when an answer was already begun
     */
    public void send(int status, byte[] body) throws IOException {
        begin(status, "Content-Length: " + body.length + "\r\n");
        if (!isHead()) {
            out.write(body);
        }
        out.flush();
    }

    /**
     * Begins an answer of unknown length and returns its body, to be closed when complete: chunked
     * over HTTP/1.1, ended by closing the connection over HTTP/1.0. Each {@code flush()} puts what
     * was written so far on the wire.
     *
     * @throws IllegalStateException when an answer was already begun
     */
    public OutputStream stream(int status) throws IOException {
        boolean chunked = !head.http10();
        if (!chunked) {
            closeAfter = true;
        }
        begin(status, chunked ? "Transfer-Encoding: chunked\r\n" : "");
        out.flush();
        stream = new ResponseStream(out, chunked, isHead());
        return stream;
    }

    boolean started() {
        return started;
    }

    /** Whether the connection must close once this answer is complete. */
    boolean closeAfter() {
        return closeAfter;
    }

    /** Completes a streamed answer its handler left open. */
    void finish() throws IOException {
        if (stream != null) {
            stream.close();
        }
    }

    /** Sends the server's own answer, when the handler sent none. */
    void sendError(int status, String message, ErrorResponder errors) throws IOException {
        responseHeaders.clear();
        closeAfter = closeAfter || status >= 500 || !body.complete();
        send(status, errors.respond(status, message, responseHeaders));
    }

    private boolean isHead() {
        return head.method().equals("HEAD");
    }

    private void begin(int status, String framing) throws IOException {
        if (started) {
            throw new IllegalStateException("the answer was already begun");
        }
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status " + status);
        }
        started = true;
        if (!body.complete()) {
            closeAfter = true;
        }
        out.write(head(status, responseHeaders, framing, closeAfter));
    }

    private void sendContinue() throws IOException {
        if (expectsContinue && !started) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    /** A response head: status line, the given headers, the framing line(s) and the connection's fate. */
    static byte[] head(int status, ResponseHeaders headers, String framing, boolean close) {
        StringBuilder sb = new StringBuilder(512).append("HTTP/1.1 ").append(status).append(' ')
                .append(reason(status)).append("\r\n");
        headers.writeTo(sb);
        sb.append(framing);
        if (close) {
            sb.append("Connection: close\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 421 -> "Misdirected Request";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }
}
