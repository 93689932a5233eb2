package io.netsweep.web.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A test's HTTP/1.1 client on one raw socket: sends exactly the bytes it is given (no client library
 * rewrites a malformed request) and reads answers one at a time, so tests see precisely what the
 * server put on the wire, and whether it kept the connection. Not thread-safe.
 */
public final class RawHttpClient implements AutoCloseable {
    /** One answer as received. Header names are lower-cased; {@code head} is the raw header block. */
    public record Response(int status, String head, List<String[]> headers, byte[] body, boolean chunked) {
        public Optional<String> header(String name) {
            return headers.stream().filter(h -> h[0].equals(name.toLowerCase(Locale.ROOT))).map(h -> h[1]).findFirst();
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttpClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public RawHttpClient send(String request) throws IOException {
        return send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttpClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads one whole answer (an interim 1xx answer counts as one). */
    public Response read(boolean toHead) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before an answer");
        }
        if (!statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        StringBuilder head = new StringBuilder(statusLine);
        List<String[]> headers = new ArrayList<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            head.append("\r\n").append(l);
            int colon = l.indexOf(':');
            headers.add(new String[] {l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip()});
        }
        Response bare = new Response(status, head.toString(), headers, new byte[0], false);
        if (status < 200 || toHead || status == 204) {
            return bare;
        }
        Optional<String> length = bare.header("content-length");
        boolean chunked = bare.header("transfer-encoding").filter("chunked"::equalsIgnoreCase).isPresent();
        byte[] body;
        if (chunked) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(), 16); size > 0; size = Integer.parseInt(line(), 16)) {
                buf.write(in.readNBytes(size));
                line();
            }
            line();
            body = buf.toByteArray();
        } else if (length.isPresent()) {
            body = in.readNBytes(Integer.parseInt(length.get()));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, head.toString(), headers, body, chunked);
    }

    public Response read() throws IOException {
        return read(false);
    }

    /** Whether the server has closed its side: a read sees the end of the stream (or a reset) within the timeout. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    /** Sends FIN: the server sees the end of the request stream. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    public void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                buf.write(b);
            }
        }
        return b < 0 && buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
