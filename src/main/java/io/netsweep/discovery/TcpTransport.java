package io.netsweep.discovery;

import io.netsweep.timing.MonotonicClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * TCP "ping": a non-blocking connect to each of a few ports. An accept ({@code tcp-syn-ack}) and a
 * refusal ({@code tcp-rst}, {@link ConnectException}) both show the host is up; no route
 * ({@link NoRouteToHostException}, the kernel's ARP or ICMP verdict) shows it down. Failures are
 * told apart by exception type only. Needs no privilege.
 *
 * <p>Threading: the sender thread opens and connects channels (so resource failures are known at
 * once) and hands them over; one selector thread owns them from then on, and closes them (with
 * {@code SO_LINGER 0}, so no TIME_WAIT piles up) when answered, released or at close. {@link #drain}
 * does the selector thread's work once on the sender thread; both hold {@code owning} while they do.
 */
final class TcpTransport implements Transport {
    private static final long SELECT_MILLIS = 20;

    private record Pending(SocketChannel channel, InetAddress target, int sequence) {}

    private final List<Integer> ports;
    private final MonotonicClock clock;
    private final Selector selector;
    private final Queue<Pending> registrations = new ConcurrentLinkedQueue<>();
    private final Queue<InetAddress> releases = new ConcurrentLinkedQueue<>();
    /** Guards {@link #open}, the selector's selected keys and the channels' registration. */
    private final ReentrantLock owning = new ReentrantLock();
    private final Map<InetAddress, List<SelectionKey>> open = new HashMap<>();
    private volatile boolean stopped;
    private Thread receiver;

    TcpTransport(List<Integer> ports, MonotonicClock clock) {
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("TCP ping needs at least one port");
        }
        this.ports = List.copyOf(ports);
        this.clock = clock;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    @Override
    public DiscoveryMethod method() {
        return DiscoveryMethod.TCP_CONNECT;
    }

    @Override
    public int probesPerSend() {
        return ports.size();
    }

    @Override
    public void start(Sink sink) {
        receiver = Thread.ofPlatform().daemon().name("netsweep-tcp-ping").start(() -> loop(sink));
    }

    @Override
    public SendOutcome send(InetAddress target, int sequence) {
        List<SocketChannel> started = new ArrayList<>();
        for (int port : ports) {
            SocketChannel ch;
            try {
                ch = SocketChannel.open(target instanceof Inet6Address ? StandardProtocolFamily.INET6
                        : StandardProtocolFamily.INET);
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException e) {
                // No descriptor or buffer to spare: not the target's fault.
                started.forEach(TcpTransport::closeQuietly);
                return RETRY_LATER;
            }
            try {
                if (ch.connect(new InetSocketAddress(target, port))) {
                    closeQuietly(ch);
                    started.forEach(TcpTransport::closeQuietly);
                    return new SendOutcome.Immediate(Answer.SYN_ACK);
                }
                started.add(ch);
            } catch (IOException e) {
                closeQuietly(ch);
                started.forEach(TcpTransport::closeQuietly);
                return classify(e).<SendOutcome>map(SendOutcome.Immediate::new).orElse(RETRY_LATER);
            }
        }
        for (SocketChannel ch : started) {
            registrations.add(new Pending(ch, target, sequence));
        }
        selector.wakeup();
        return SENT;
    }

    /** What a failed connect says, by exception type; empty when the failure is local (retry later). */
    static Optional<Answer> classify(IOException e) {
        return switch (e) {
            case ConnectException c -> Optional.of(Answer.RESET);                    // ECONNREFUSED
            case NoRouteToHostException n -> Optional.of(Answer.HOST_UNREACHABLE);   // EHOSTUNREACH: ARP or ICMP
            case BindException b -> Optional.empty();                                // EADDRNOTAVAIL: no ports left
            case SocketException s -> Optional.of(Answer.NET_UNREACHABLE);           // ENETUNREACH and kin
            default -> Optional.empty();
        };
    }

    @Override
    public void release(InetAddress target) {
        releases.add(target);
        selector.wakeup();
    }

    @Override
    public void drain(Sink sink) {
        owning.lock();
        try {
            selector.wakeup(); // a select under way returns now, so selectNow need not wait for it
            settle(sink, true);
        } catch (IOException | ClosedSelectorException e) {
            // The selector failed or was closed: the receiver, if any, stops on the same failure.
        } finally {
            owning.unlock();
        }
    }

    private void loop(Sink sink) {
        try {
            while (!stopped) {
                selector.select(SELECT_MILLIS);
                owning.lock();
                try {
                    settle(sink, false);
                } finally {
                    owning.unlock();
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // The selector failed or was closed under us: nothing more will be answered.
        } finally {
            closeAll();
        }
    }

    /**
     * Registers the channels handed over, reports every connect that finished (after one more non-blocking
     * select if {@code selectNow}) and closes those of released targets. Holds {@code owning}.
     */
    private void settle(Sink sink, boolean selectNow) throws IOException {
        Pending p;
        while ((p = registrations.poll()) != null) {
            register(p);
        }
        if (selectNow) {
            selector.selectNow();
        }
        long now = clock.nanoTime();
        for (SelectionKey key : selector.selectedKeys()) {
            finish(key, sink, now);
        }
        selector.selectedKeys().clear();
        InetAddress t;
        while ((t = releases.poll()) != null) {
            List<SelectionKey> keys = open.remove(t);
            if (keys != null) {
                keys.forEach(k -> closeQuietly((SocketChannel) k.channel()));
            }
        }
    }

    private void closeAll() {
        owning.lock();
        try {
            open.values().forEach(keys -> keys.forEach(k -> closeQuietly((SocketChannel) k.channel())));
            open.clear();
            Pending p;
            while ((p = registrations.poll()) != null) {
                closeQuietly(p.channel());
            }
        } finally {
            owning.unlock();
        }
    }

    private void register(Pending p) {
        try {
            SelectionKey key = p.channel().register(selector, SelectionKey.OP_CONNECT, p);
            open.computeIfAbsent(p.target(), k -> new ArrayList<>(ports.size())).add(key);
        } catch (IOException e) {
            closeQuietly(p.channel());
        }
    }

    private void finish(SelectionKey key, Sink sink, long now) {
        Pending p = (Pending) key.attachment();
        Optional<Answer> answer;
        try {
            if (!p.channel().finishConnect()) {
                return;
            }
            answer = Optional.of(Answer.SYN_ACK);
        } catch (IOException e) {
            answer = classify(e);
        }
        closeQuietly(p.channel());
        List<SelectionKey> keys = open.get(p.target());
        if (keys != null) {
            keys.remove(key);
            if (keys.isEmpty()) {
                open.remove(p.target());
            }
        }
        answer.ifPresent(a -> sink.answer(p.target(), p.sequence(), a, now));
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // Closing an unconnected or reset channel has nothing useful to report.
        }
    }

    @Override
    public void close() {
        stopped = true;
        selector.wakeup();
        if (receiver != null) {
            try {
                receiver.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (receiver == null) {
            closeAll();
        }
        try {
            selector.close();
        } catch (IOException e) {
            // Closing frees the descriptor either way.
        }
    }
}
