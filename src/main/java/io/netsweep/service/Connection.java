package io.netsweep.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One TCP connection (plain, or TLS once upgraded) to the port being probed. Every read first sets the
 * socket timeout to what is left of the answer's wait and the port's deadline, so a peer that trickles
 * bytes cannot hold a probe past either; every byte read is taken from the port's byte budget.
 * Confined to the thread detecting the port.
 */
final class Connection implements AutoCloseable {
    private static final int CHUNK = 4096;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final PortBudget budget;
    private final OpenSockets registry;
    private boolean ended;

    private Connection(Socket socket, PortBudget budget, OpenSockets registry) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.budget = budget;
        this.registry = registry;
    }

    /**
     * Connects within the port's deadline.
     *
     * @throws IOException if the connection fails, the deadline passes or the detector closed
     */
    static Connection open(InetSocketAddress target, PortBudget budget, OpenSockets registry) throws IOException {
        Socket socket = new Socket();
        if (!registry.add(socket)) {
            throw new SocketException("detector closed");
        }
        try {
            socket.setTcpNoDelay(true);
            socket.connect(target, millis(budget.nanosLeft()));
            return new Connection(socket, budget, registry);
        } catch (IOException | RuntimeException e) {
            registry.remove(socket);
            OpenSockets.quietly(socket);
            throw e;
        }
    }

    /** A connection over {@code upgraded} (a TLS socket layered on this one's), sharing its budget. */
    Connection upgrade(Socket upgraded) throws IOException {
        if (!registry.add(upgraded)) {
            throw new SocketException("detector closed");
        }
        return new Connection(upgraded, budget, registry);
    }

    Socket socket() {
        return socket;
    }

    /** Whether the peer has not closed or reset it yet. */
    boolean usable() {
        return !ended && !socket.isClosed();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads an answer: until {@code framing} says it is complete, the peer closes, the port's byte budget is
     * spent, {@code wait} or the port's deadline passes, or, once data came and the framing cannot tell,
     * the peer pauses for {@code pause}.
     */
    Answer read(Framing framing, Duration wait, Duration pause) {
        ByteArrayOutputStream got = new ByteArrayOutputStream(512);
        byte[] chunk = new byte[CHUNK];
        long waitEnd = budget.now() + budget.nanosLeft(wait);
        long lastData = 0;
        Framing.State state = Framing.State.UNKNOWN;
        while (true) {
            if (budget.bytesLeft() <= 0) {
                return new Answer(got.toByteArray(), Answer.End.BUDGET);
            }
            long now = budget.now();
            boolean pauseEnds = got.size() > 0 && state == Framing.State.UNKNOWN
                    && lastData + pause.toNanos() - waitEnd < 0;
            long until = pauseEnds ? lastData + pause.toNanos() : waitEnd;
            if (until - now <= 0) {
                return new Answer(got.toByteArray(), pauseEnds ? Answer.End.PAUSED : Answer.End.TIMEOUT);
            }
            int n;
            try {
                socket.setSoTimeout(millis(until - now));
                n = in.read(chunk, 0, Math.min(chunk.length, budget.bytesLeft()));
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                ended = true;
                return new Answer(got.toByteArray(), Answer.End.RESET);
            }
            if (n < 0) {
                ended = true;
                return new Answer(got.toByteArray(), Answer.End.CLOSED);
            }
            got.write(chunk, 0, n);
            budget.spent(n);
            lastData = budget.now();
            byte[] sofar = got.toByteArray();
            state = framing.check(sofar, sofar.length);
            if (state == Framing.State.COMPLETE) {
                return new Answer(sofar, Answer.End.COMPLETE);
            }
        }
    }

    /** Milliseconds for a socket timeout: at least 1 (0 would mean forever). */
    static int millis(long nanos) throws SocketTimeoutException {
        if (nanos <= 0) {
            throw new SocketTimeoutException("port deadline passed");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000));
    }

    @Override
    public void close() {
        registry.remove(socket);
        OpenSockets.quietly(socket);
    }
}
