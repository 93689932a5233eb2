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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real dnsmasq serving only the records it is given, on 127.0.0.1 at a free port, with no upstream
 * servers, no /etc/hosts and no configuration file. It logs every question it receives, so a test can
 * tell what was asked of it ({@link #questionsBefore}). Stopped by {@link #close} (its own PID only).
 */
public final class Dnsmasq implements AutoCloseable {
    private static final Pattern QUESTION = Pattern.compile("query\\[(\\w+)\\] (\\S+) from ");
    private final Process process;
    private final InetSocketAddress address;
    private final Path log;
    private final AtomicInteger markers = new AtomicInteger();

    private Dnsmasq(Process process, InetSocketAddress address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /**
     * Starts dnsmasq with {@code records} (options such as {@code --ptr-record=...}) and waits until it
     * answers {@code probeName}/{@code probeType}.
     */
    public static Dnsmasq start(List<String> records, String probeName, int probeType) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freeUdpPort();
            Path log = Files.createTempFile("nsw-dns-dnsmasq-", ".log");
            Process process = new ProcessBuilder(command(port, records))
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

    /**
     * Starts dnsmasq with {@code records} on 127.0.0.1:53 inside {@code netns} and waits until it listens.
     * Its {@link #address()} is for processes of that namespace only: {@link #questionsBefore} cannot reach it.
     */
    static Dnsmasq startIn(IsolatedNetns netns, List<String> records) throws IOException, InterruptedException {
        Path log = Files.createTempFile("nsw-dns-dnsmasq-", ".log");
        Process process = new ProcessBuilder(netns.command(command(DnsServerSpec.DEFAULT_PORT, records)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        var server = new Dnsmasq(process, new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}),
                DnsServerSpec.DEFAULT_PORT), log);
        boolean ready = false;
        try {
            ready = netns.awaitUdpListener(DnsServerSpec.DEFAULT_PORT, process, Duration.ofSeconds(10));
            if (!ready) {
                throw new IOException("dnsmasq did not start in the namespace: " + Files.readString(log));
            }
            return server;
        } finally {
            if (!ready) {
                server.close();
            }
        }
    }

    private static List<String> command(int port, List<String> records) {
        List<String> command = new ArrayList<>(List.of(
                "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--log-facility=-",
                "--log-queries", "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces", "--user=root",
                "--local=/lab.test/", "--local=/in-addr.arpa/", "--local=/ip6.arpa/"));
        command.addAll(records);
        return command;
    }

    public InetSocketAddress address() {
        return address;
    }

    /**
     * Every question this server received before a marker question that this method asks itself, as
     * {@code TYPE NAME} ({@code PTR 1.0.0.127.in-addr.arpa}, no root dot), in order. Whatever a finished
     * lookup or process sent reached the server's socket before the marker, and dnsmasq logs questions in
     * the order it reads them: a question not listed was never sent.
     */
    List<String> questionsBefore() throws IOException, InterruptedException {
        String marker = "marker-" + markers.incrementAndGet() + ".lab.test";
        var resolver = new SimpleResolver(address);
        resolver.setTimeout(Duration.ofSeconds(2));
        resolver.send(Message.newQuery(Record.newRecord(Name.fromString(marker + "."), Type.A, DClass.IN)));
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            List<String> questions = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                Matcher m = QUESTION.matcher(line);
                if (!m.find()) {
                    continue;
                }
                String question = m.group(1) + " " + m.group(2);
                if (question.equals("A " + marker)) {
                    return questions;
                }
                questions.add(question);
            }
            Thread.sleep(20); // polling the log file for the marker, with a deadline
        }
        throw new IOException("dnsmasq never logged the marker question " + marker + ":\n" + Files.readString(log));
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
