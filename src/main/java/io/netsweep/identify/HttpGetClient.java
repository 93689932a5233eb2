package io.netsweep.identify;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends one HTTP/1.1 GET per connection over a plain socket or TLS, and reads a bounded answer.
 *
 * <p>Only GET is ever sent, with no body, no credentials and {@code Connection: close}. Redirects are
 * reported, never followed. Each request has one deadline covering connect, handshake, write and read.
 * Raw sockets rather than {@code java.net.http.HttpClient}: the byte budget, the per-read deadline and
 * TLS without host name checks are exact here, and {@code HttpClient} could only turn the last one off
 * for the whole JVM. Thread-safe; every call uses its own socket.
 */
final class HttpGetClient {
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._~/?=&%:+-]*");
    private static final int INTERIM_SLACK = 4 * ResponseReader.HEAD_LIMIT;
    private static final int FRAMING_SLACK = 8 * 1024;

    private final Duration timeout;
    private final int maxBody;
    private final String userAgent;
    private final Supplier<SSLSocketFactory> tlsFactory;
    private volatile SSLSocketFactory tls;

    /** {@code tlsFactory} is called once, on the first TLS probe: most ports never need it. */
    HttpGetClient(Duration timeout, int maxBody, String userAgent, Supplier<SSLSocketFactory> tlsFactory) {
        this.timeout = timeout;
        this.maxBody = maxBody;
        this.userAgent = userAgent;
        this.tlsFactory = tlsFactory;
    }

    Exchange get(InetSocketAddress target, boolean useTls, String path) {
        return get(target, useTls, path, System.nanoTime() + timeout.toNanos());
    }

    /** As {@link #get(InetSocketAddress, boolean, String)}, ending at {@code portDeadline} if that comes first. */
    Exchange get(InetSocketAddress target, boolean useTls, String path, long portDeadline) {
        if (!SAFE_PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("unsafe probe path: " + path);
        }
        long now = System.nanoTime();
        long deadline = portDeadline - now < timeout.toNanos() ? portDeadline : now + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(target, DeadlineReader.millisLeft(deadline));
            Socket channel = useTls ? handshake(socket, target, deadline) : socket;
            OutputStream out = channel.getOutputStream();
            out.write(request(target, path));
            out.flush();
            long rawLimit = (long) maxBody + INTERIM_SLACK + FRAMING_SLACK;
            return new ResponseReader(new DeadlineReader(channel, deadline, rawLimit), maxBody).read();
        } catch (ConnectException e) {
            return ProbeFailure.of(ProbeFailure.Kind.REFUSED);
        } catch (NoRouteToHostException e) {
            return ProbeFailure.of(ProbeFailure.Kind.UNREACHABLE);
        } catch (SocketTimeoutException e) {
            return ProbeFailure.of(ProbeFailure.Kind.TIMEOUT);
        } catch (SSLException e) {
            return ProbeFailure.of(useTls ? ProbeFailure.Kind.TLS_FAILED : ProbeFailure.Kind.IO_ERROR);
        } catch (IOException e) {
            return ProbeFailure.of(ProbeFailure.Kind.IO_ERROR);
        }
    }

    private Socket handshake(Socket socket, InetSocketAddress target, long deadline) throws IOException {
        SSLSocket ssl = (SSLSocket) tls().createSocket(socket, hostLiteral(target), target.getPort(), true);
        ssl.setUseClientMode(true);
        ssl.setSoTimeout(DeadlineReader.millisLeft(deadline));
        ssl.startHandshake();
        return ssl;
    }

    private SSLSocketFactory tls() {
        SSLSocketFactory factory = tls;
        if (factory == null) {
            synchronized (this) {
                factory = tls;
                if (factory == null) {
                    factory = tlsFactory.get();
                    tls = factory;
                }
            }
        }
        return factory;
    }

    private byte[] request(InetSocketAddress target, String path) {
        String host = target.getAddress() instanceof Inet6Address
                ? "[" + hostLiteral(target) + "]:" + target.getPort()
                : hostLiteral(target) + ":" + target.getPort();
        String head = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "User-Agent: " + userAgent + "\r\n"
                + "Accept: application/json, text/plain;q=0.9, */*;q=0.8\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n"
                + "\r\n";
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    /** The address as text, without an IPv6 zone (a Host header cannot carry one). */
    private static String hostLiteral(InetSocketAddress target) {
        String literal = target.getAddress().getHostAddress();
        int zone = literal.indexOf('%');
        return zone < 0 ? literal : literal.substring(0, zone);
    }
}
