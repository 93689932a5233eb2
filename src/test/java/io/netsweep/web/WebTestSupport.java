package io.netsweep.web;

import io.netsweep.scan.Scanner;
import io.netsweep.target.TargetSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** What the web tests share: the scan engine they run against, the request factory, raw HTTP. */
final class WebTestSupport {
    private WebTestSupport() {}

    /**
     * THE place the web tests get their scan engine. It is the server's collaborator, not the thing
     * under test; after the merge it can become the real engine scanning loopback listeners.
     */
    static Scanner scanner(Duration perHost, Function<InetAddress, Optional<String>> names) {
        return new ScriptedScanner(perHost, names);
    }

    static Scanner scanner(Duration perHost) {
        return scanner(perHost, ScriptedScanner.labNames());
    }

    static ScanRequestFactory requests() {
        return new RangeRequestFactory();
    }

    /** A target set of these addresses (literals). */
    static TargetSet targets(List<String> addresses) {
        return TargetSet.of(addresses.toArray(String[]::new));
    }

    static WebConfig config(int maxFinishedScans) {
        return new WebConfig(InetAddress.getLoopbackAddress(), 0, WebConfig.newToken(), maxFinishedScans,
                WebConfig.DEFAULT_BATCH_INTERVAL);
    }

    /** A response read off a raw socket: status code, header block and body, as sent. */
    record RawResponse(int status, String head, String body) {}

    /**
     * Sends {@code request} byte for byte (HttpClient will not send a forged Host header) to the
     * server on loopback and reads the whole response; the request should say {@code Connection: close}.
     */
    static RawResponse raw(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            in.transferTo(buf);
            String text = buf.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            int status = Integer.parseInt(head.substring(9, 12));
            return new RawResponse(status, head, body);
        }
    }
}
