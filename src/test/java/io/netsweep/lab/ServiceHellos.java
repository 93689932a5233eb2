package io.netsweep.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Run inside the service lab's scanner namespace by {@code ServiceLabTest}: connects to each daemon,
 * sends its protocol's harmless hello (the same kind {@code lab/svprobe.py} sends; never credentials)
 * and checks that the answer is that protocol's. Arguments: {@code id:port:address:hello:version}
 * per service. Prints one line per service: {@code RESULT id:port OK|FAIL sawVersion detail}.
 */
final class ServiceHellos {
    private static final int TIMEOUT_MS = 10_000;

    /** What one hello established. */
    record Reply(boolean ok, String detail, byte[] received) {
    }

    private ServiceHellos() {
    }

    public static void main(String[] args) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> lines = new ArrayList<>();
            for (String arg : args) {
                lines.add(pool.submit(() -> check(arg)));
            }
            for (Future<String> line : lines) {
                System.out.println(line.get());
            }
        }
    }

    private static String check(String arg) {
        String[] f = arg.split(":", 5);
        String key = f[0] + ":" + f[1];
        Reply r;
        try {
            r = hello(f[3], f[2], Integer.parseInt(f[1]));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            r = new Reply(false, e.getClass().getSimpleName() + ": " + e.getMessage(), new byte[0]);
        }
        boolean saw = new String(r.received(), StandardCharsets.ISO_8859_1).contains(f[4]);
        return "RESULT " + key + " " + (r.ok() ? "OK" : "FAIL") + " " + saw + " " + printable(r.detail());
    }

    static Reply hello(String hello, String address, int port) throws IOException, GeneralSecurityException {
        return switch (hello) {
            case "ssh" -> expect(address, port, false, null, b -> text(b).startsWith("SSH-2.0-"), lineEnd());
            case "http", "http-proxy" -> http(address, port, false, "/");
            case "https" -> http(address, port, true, "/");
            case "smtp" -> expect(address, port, false, "EHLO scanner.lab.test\r\n",
                    b -> text(b).startsWith("220 ") && text(b).contains("\r\n250"), b -> text(b).matches("(?s).*\r\n250 [^\r]*\r\n"));
            case "imap", "imaps" -> expect(address, port, hello.equals("imaps"), "a1 CAPABILITY\r\n",
                    b -> text(b).startsWith("* OK") && text(b).contains("a1 OK"), b -> text(b).contains("a1 "));
            case "pop3", "pop3s" -> expect(address, port, hello.equals("pop3s"), "CAPA\r\n",
                    b -> text(b).startsWith("+OK") && text(b).endsWith("\r\n.\r\n"), b -> text(b).endsWith("\r\n.\r\n"));
            case "ftp" -> expect(address, port, false, "FEAT\r\n",
                    b -> text(b).startsWith("220") && text(b).matches("(?s).*\r\n211[ -].*"), b -> text(b).matches("(?s).*\r\n211 [^\r]*\r\n"));
            case "pgsql" -> expect(address, port, false, bytes("0000000804d2162f"),
                    b -> b.length == 1 && (b[0] == 'N' || b[0] == 'S'), b -> b.length >= 1);
            case "mysql" -> expect(address, port, false, null,
                    b -> b.length > 5 && b[4] == 10 && text(b).contains("mysql_native_password"), lengthPrefixed(3, true, 4));
            case "redis" -> expect(address, port, false, "PING\r\n", b -> text(b).equals("+PONG\r\n"), lineEnd());
            case "memcached" -> expect(address, port, false, "version\r\n", b -> text(b).startsWith("VERSION "), lineEnd());
            case "mqtt" -> expect(address, port, false, bytes("101a00044d5154540402003c000e6e657473776565702d70726f6265"),
                    b -> b.length == 4 && b[0] == 0x20 && b[1] == 2 && b[3] == 0, b -> b.length >= 4);
            // searchRequest for the root DSE: base "", scope base, filter (objectClass=*), all attributes.
            case "ldap" -> expect(address, port, false, bytes("3025020101632004000a01000a0100020100020100010100"
                            + "870b6f626a656374436c6173733000"),
                    b -> ldapSearchDone(b) == 0, b -> ldapSearchDone(b) >= 0);
            case "smb" -> expect(address, port, false, smb2Negotiate(),
                    b -> b.length > 16 && text(b).startsWith("SMB", 5) && b[4] == (byte) 0xfe && b[16] == 0,
                    lengthPrefixed(4, false, 4));
            case "amqp" -> expect(address, port, false, "AMQP\0\0\u0009\u0001",
                    b -> b.length > 11 && b[0] == 1 && b[7] == 0 && b[8] == 10 && b[9] == 0 && b[10] == 10,
                    b -> b.length > 0 && b[b.length - 1] == (byte) 0xce);
            case "epmd" -> expect(address, port, false, "\0\u0001n", b -> text(b).startsWith("name ", 4), null);
            case "erlang-dist" -> erlangDistribution(address, port);
            case "dns-tcp" -> expect(address, port, false, dnsQuery(),
                    b -> b.length > 4 && b[2] == 0x4e && b[3] == 0x53 && (b[4] & 0x80) != 0, lengthPrefixed(2, false, 2));
            case "mcp" -> mcp(address, port);
            default -> new Reply(false, "no hello for " + hello, new byte[0]);
        };
    }

    /**
     * Walks the LDAP messages in {@code b}: the result code of the searchResDone (application 5), or -1
     * while it has not arrived (or the bytes are not LDAP).
     */
    static int ldapSearchDone(byte[] b) {
        int i = 0;
        while (i + 2 <= b.length && b[i] == 0x30) {
            int[] len = berLength(b, i + 1);
            if (len == null || len[1] + len[0] > b.length) {
                return -1;
            }
            int c = len[1];
            int[] idLen = berLength(b, c + 1);              // messageID INTEGER
            if (b[c] != 0x02 || idLen == null) {
                return -1;
            }
            int op = idLen[1] + idLen[0];
            if (op < b.length && (b[op] & 0xff) == 0x65) {
                int[] opLen = berLength(b, op + 1);
                int r = opLen == null ? -1 : opLen[1];
                return r >= 0 && r + 2 < b.length && b[r] == 0x0a ? b[r + 2] & 0xff : -1;
            }
            i = len[1] + len[0];
        }
        return -1;
    }

    /** {length, offset of the content} of the BER length at {@code at}, or null when cut short. */
    private static int[] berLength(byte[] b, int at) {
        if (at >= b.length) {
            return null;
        }
        int first = b[at] & 0xff;
        if (first < 0x80) {
            return new int[] {first, at + 1};
        }
        int n = first & 0x7f;
        if (n > 3 || at + n >= b.length) {
            return null;
        }
        int len = 0;
        for (int k = 1; k <= n; k++) {
            len = (len << 8) | (b[at + k] & 0xff);
        }
        return new int[] {len, at + 1 + n};
    }

    /** The DNS question {@code version.bind CH TXT} over TCP, with its length prefix. */
    private static byte[] dnsQuery() {
        ByteBuffer q = ByteBuffer.allocate(64);
        q.putShort((short) 0x4e53).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0);
        for (String label : "version.bind".split("\\.")) {
            q.put((byte) label.length()).put(label.getBytes(StandardCharsets.US_ASCII));
        }
        q.put((byte) 0).putShort((short) 16).putShort((short) 3);
        byte[] body = new byte[q.position()];
        q.flip().get(body);
        return ByteBuffer.allocate(body.length + 2).putShort((short) body.length).put(body).array();
    }

    private static byte[] smb2Negotiate() {
        ByteBuffer m = ByteBuffer.allocate(4 + 64 + 36 + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        m.order(java.nio.ByteOrder.BIG_ENDIAN).putInt(64 + 36 + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        m.put((byte) 0xfe).put("SMB".getBytes(StandardCharsets.US_ASCII)).putShort((short) 64);
        m.put(new byte[64 - 6]);
        m.putShort((short) 36).putShort((short) 4).putShort((short) 1).putShort((short) 0).putInt(0);
        m.put("netsweep-probe-1".getBytes(StandardCharsets.US_ASCII)).putLong(0);
        m.putShort((short) 0x0202).putShort((short) 0x0210).putShort((short) 0x0300).putShort((short) 0x0302);
        return m.array();
    }

    /** Erlang distribution: send_name (version 6); the node answers {@code sok} and its own name. */
    private static Reply erlangDistribution(String address, int port) throws IOException, GeneralSecurityException {
        byte[] name = "probe@netsweep-lab".getBytes(StandardCharsets.US_ASCII);
        long flags = 0x4 | 0x10 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x20000 | 0x40000 | 0x1000000;
        ByteBuffer body = ByteBuffer.allocate(1 + 8 + 4 + 2 + name.length);
        body.put((byte) 'N').putLong(flags).putInt(1).putShort((short) name.length).put(name);
        byte[] msg = ByteBuffer.allocate(2 + body.capacity()).putShort((short) body.capacity()).put(body.array()).array();
        return expect(address, port, false, msg,
                b -> b.length > 5 && text(b).startsWith("sok", 2) && text(b).contains("@"), b -> text(b).contains("@"));
    }

    private static Reply http(String address, int port, boolean tls, String path)
            throws IOException, GeneralSecurityException {
        String req = "GET " + path + " HTTP/1.0\r\nHost: " + address + "\r\nUser-Agent: netsweep-lab-probe\r\n\r\n";
        return expect(address, port, tls, req, b -> text(b).matches("(?s)HTTP/1\\.[01] \\d{3} .*"), null);
    }

    private static Reply mcp(String address, int port) throws IOException, GeneralSecurityException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"netsweep-lab-probe\",\"version\":\"1\"}}}";
        String req = "POST /mcp HTTP/1.0\r\nHost: " + address + ":" + port + "\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        return expect(address, port, false, req,
                b -> text(b).startsWith("HTTP/1.") && text(b).contains("\"serverInfo\"") && text(b).contains("\"jsonrpc\":\"2.0\""),
                b -> text(b).contains("\"serverInfo\"") && text(b).stripTrailing().endsWith("}"));
    }

    private static Reply expect(String address, int port, boolean tls, Object send, Predicate<byte[]> ok,
                                Predicate<byte[]> done) throws IOException, GeneralSecurityException {
        try (Socket s = connect(address, port, tls)) {
            if (send != null) {
                OutputStream out = s.getOutputStream();
                out.write(send instanceof String str ? str.getBytes(StandardCharsets.ISO_8859_1) : (byte[]) send);
                out.flush();
            }
            byte[] got = read(s.getInputStream(), done);
            String first = text(got).lines().findFirst().orElse("(nothing)");
            return new Reply(ok.test(got), first.length() > 100 ? first.substring(0, 100) : first, got);
        }
    }

    private static Socket connect(String address, int port, boolean tls) throws IOException, GeneralSecurityException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
        s.setSoTimeout(TIMEOUT_MS);
        if (!tls) {
            return s;
        }
        // The lab's certificate is self-signed: this client accepts any, as a scanner does.
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new TrustAll()}, null);
        SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(s, address, port, true);
        ssl.startHandshake();
        return ssl;
    }

    /** Reads until {@code done} says the answer is complete, the peer closes, or a read times out. */
    private static byte[] read(InputStream in, Predicate<byte[]> done) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            while (buf.size() < 65536) {
                int n = in.read(chunk);
                if (n < 0) {
                    break;
                }
                buf.write(chunk, 0, n);
                if (done != null && done.test(buf.toByteArray())) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // What arrived before the timeout is the answer.
        }
        return buf.toByteArray();
    }

    private static Predicate<byte[]> lineEnd() {
        return b -> text(b).contains("\n");
    }

    /** A frame whose first {@code size} bytes (from {@code offset}) give the length of the rest. */
    private static Predicate<byte[]> lengthPrefixed(int size, boolean littleEndian, int header) {
        return b -> {
            if (b.length < header) {
                return false;
            }
            long len = 0;
            int start = header - size;
            for (int i = 0; i < size; i++) {
                int v = b[start + (littleEndian ? size - 1 - i : i)] & 0xff;
                len = (len << 8) | v;
            }
            return b.length >= header + len;
        };
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(c >= 32 && c < 127 ? (char) c : '.'));
        return b.toString();
    }

    /** Accepts every certificate: the lab's is self-signed, and only the handshake is under test. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
