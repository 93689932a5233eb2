package io.netsweep.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP DNS server on 127.0.0.1 that answers with whatever bytes its {@link Responder} crafts, after an
 * optional delay, or, while {@link #holdAnswers() held}, only when the test releases them. It counts queries
 * and the most queries it ever held unanswered at once.
 */
final class FakeDnsServer implements AutoCloseable {

    /** Replies to one query: zero, one or more datagrams. Called on the server's receive thread. */
    @FunctionalInterface
    interface Responder {
        List<byte[]> respond(Query query);
    }

    /** A received query: its bytes and its 0-based arrival number. */
    record Query(byte[] bytes, int sequence) {
        int id() {
            return ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
        }

        /** The question name in dotted form, as in {@code 5.0.0.10.in-addr.arpa.}. */
        String questionName() {
            return Wire.nameAt(bytes, Wire.HEADER_LENGTH);
        }
    }

    private final DatagramSocket socket;
    private final Responder responder;
    private final Duration delay;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
    private final Thread receiver;
    private final AtomicInteger queries = new AtomicInteger();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger maxOutstanding = new AtomicInteger();
    private final List<String> questionNames = new CopyOnWriteArrayList<>();
    private final List<SocketAddress> clients = new CopyOnWriteArrayList<>();
    // guarded by this: answers kept while held, sent on release
    private boolean holding;
    private final List<Runnable> held = new ArrayList<>();

    FakeDnsServer(Responder responder) throws SocketException {
        this(responder, Duration.ZERO);
    }

    FakeDnsServer(Responder responder, Duration delay) throws SocketException {
        this(responder, delay, 0);
    }

    /** On 127.0.0.1:{@code port} (0: any free port). */
    FakeDnsServer(Responder responder, Duration delay, int port) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(loopback(), port));
        this.responder = responder;
        this.delay = delay;
        this.receiver = Thread.ofPlatform().daemon().name("nsw-dns-fake-server").start(this::receiveLoop);
    }

    /**
     * Runs a server in a process of its own, for tests whose DNS server must live in a network namespace
     * (see {@link IsolatedNetns}): {@code silent PORT} never answers, {@code hostile PORT} answers every
     * question with a PTR whose name holds an escape sequence, a line break and a forged line. Writes the
     * name of each question it receives to stdout, one a line, as it receives it. Runs until its process is
     * ended.
     */
    static void main(String[] args) throws Exception {
        Responder responder = switch (args[0]) {
            case "silent" -> q -> List.of();
            case "hostile" -> q -> List.of(Wire.response(q, Wire.RCODE_NOERROR, Wire.ptr(HOSTILE_NAME)));
            default -> throw new IllegalArgumentException("mode: silent or hostile");
        };
        Responder logging = q -> {
            System.out.println(q.questionName()); // flushed at once: a killed server has written all it got
            return responder.respond(q);
        };
        var server = new FakeDnsServer(logging, Duration.ZERO, Integer.parseInt(args[1]));
        server.receiver.join();
    }

    /** {@code evil ESC[31mred CR LF Host 6.6.6.6} in one label, then {@code lab}. */
    static final byte[] HOSTILE_NAME = Wire.name(new byte[][] {
            "evil\u001b[31mred\r\nHost 6.6.6.6".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
            "lab".getBytes(java.nio.charset.StandardCharsets.US_ASCII)});

    InetSocketAddress address() {
        return new InetSocketAddress(loopback(), socket.getLocalPort());
    }

    int queries() {
        return queries.get();
    }

    int maxOutstanding() {
        return maxOutstanding.get();
    }

    /** Waits until {@code n} queries have arrived; false if they did not within {@code timeout} (a hang guard). */
    boolean awaitQueries(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (queries.get() < n) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(1); // polling a condition, with the deadline above
        }
        return true;
    }

    /** From now on answers wait until {@link #releaseAnswers()}. */
    synchronized void holdAnswers() {
        holding = true;
    }

    /** Sends every answer held so far, and answers later queries as they come. */
    void releaseAnswers() {
        List<Runnable> release;
        synchronized (this) {
            holding = false;
            release = List.copyOf(held);
            held.clear();
        }
        release.forEach(Runnable::run);
    }

    /** Sends {@code reply} to whoever sent query number {@code sequence}, now (a late answer the test chose). */
    void answer(int sequence, byte[] reply) throws IOException {
        socket.send(new DatagramPacket(reply, reply.length, clients.get(sequence)));
    }

    List<String> questionNames() {
        return List.copyOf(questionNames);
    }

    private void receiveLoop() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            var packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException closed) {
                return;
            }
            byte[] bytes = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
            var client = packet.getSocketAddress();
            clients.add(client); // before the count: a test that saw the query may answer it
            var query = new Query(bytes, queries.get());
            questionNames.add(query.questionName());
            maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            List<byte[]> replies = responder.respond(query);
            queries.incrementAndGet();
            Runnable send = () -> sender.schedule(() -> {
                outstanding.decrementAndGet();
                for (byte[] reply : replies) {
                    try {
                        socket.send(new DatagramPacket(reply, reply.length, client));
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
            synchronized (this) {
                if (holding) {
                    held.add(send);
                    continue;
                }
            }
            send.run();
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            receiver.join(2000); // before stopping the sender, which the receiver feeds
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.shutdownNow();
    }
}
