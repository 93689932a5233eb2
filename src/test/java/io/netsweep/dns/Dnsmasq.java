package io.netsweep.dns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/**
 * A real dnsmasq serving only the records it is given, on 127.0.0.1 at a free port, with no upstream
 * servers, no /etc/hosts and no configuration file. Stopped by {@link #close} (its own PID only).
 */
final class Dnsmasq implements AutoCloseable {
    private final Process process;
    private final InetSocketAddress address;
    private final Path log;

    private Dnsmasq(Process process, InetSocketAddress address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /**
     * Starts dnsmasq with {@code records} (options such as {@code --ptr-record=...}) and waits until it
     * answers {@code probeName}/{@code probeType}.
     */
    static Dnsmasq start(List<String> records, String probeName, int probeType) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freeUdpPort();
            Path log = Files.createTempFile("nsw-dns-dnsmasq-", ".log");
            List<String> command = new ArrayList<>(List.of(
                    "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--log-facility=-",
                    "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces", "--user=root",
                    "--local=/lab.test/", "--local=/in-addr.arpa/", "--local=/ip6.arpa/"));
            command.addAll(records);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            var server = new Dnsmasq(process, new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), log);
            boolean ready = false;
            String output = "";
            try {
                ready = server.awaitReady(probeName, probeType, Duration.ofSeconds(10));
            } finally {
                if (!ready) {
                    output = Files.readString(log);
                    server.close(); // never leave a dnsmasq behind, whatever went wrong
                }
            }
            if (ready) {
                return server;
            }
            last = new IOException("dnsmasq did not start: " + output);
        }
        throw last;
    }

    InetSocketAddress address() {
        return address;
    }

    private boolean awaitReady(String probeName, int probeType, Duration limit) throws InterruptedException, IOException {
        long end = System.nanoTime() + limit.toNanos();
        var resolver = new SimpleResolver(address);
        resolver.setTimeout(Duration.ofMillis(200));
        var query = Message.newQuery(Record.newRecord(Name.fromString(probeName), probeType, DClass.IN));
        while (System.nanoTime() < end && process.isAlive()) {
            try {
                Message response = resolver.send(query);
                if (!response.getSection(org.xbill.DNS.Section.ANSWER).isEmpty()) {
                    return true;
                }
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    private static int freeUdpPort() throws IOException {
        try (var socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0))) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy(); // SIGTERM to this process's PID only
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
