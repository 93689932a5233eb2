package io.netsweep.portscan;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * {@link ConnectIo} through the JDK: one {@code SocketChannel} per attempt, one {@code Selector}. Portable, and
 * what the engine uses where {@link EpollConnectIo} is not available. A failure is classified by exception type
 * and, where that is ambiguous, by the errno of a repeated connect through libc ({@link FailureClassifier}).
 *
 * <p>A channel closed while registered keeps its fd until the selector's next select, which is what
 * {@link #releasing} counts.
 */
final class NioConnectIo implements ConnectIo {
    private final Selector selector;
    private final FailureClassifier classifier;
    private int closing;

    NioConnectIo(FailureClassifier classifier) throws IOException {
        this.selector = Selector.open();
        this.classifier = classifier;
    }

    @Override
    public AttemptOutcome start(Probe p) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(p.host.address instanceof Inet4Address
                    ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        } catch (IOException e) {
            return classifier.onOpen(e);
        } catch (UnsupportedOperationException e) { // no IPv6 on this machine: nothing can be learned
            return ConnectFailure.Decided.of(ProbeVerdict.LOCAL_ERROR);
        }
        try {
            ch.configureBlocking(false);
            p.channel = ch;
        } catch (IOException e) {
            closeQuietly(ch);
            return classifier.onOpen(e);
        }
        try {
            return ch.connect(new InetSocketAddress(p.host.address, p.port))
                    ? AttemptOutcome.CONNECTED : AttemptOutcome.PENDING;
        } catch (IOException e) { // the JDK has closed the channel
            return classifier.onConnect(e, p.host.address, p.port);
        }
    }

    @Override
    public AttemptOutcome finish(Probe p) {
        try {
            return p.channel.finishConnect() ? AttemptOutcome.CONNECTED : AttemptOutcome.PENDING;
        } catch (IOException e) { // the JDK has closed the channel
            return classifier.onFinish(e);
        }
    }

    @Override
    public AttemptOutcome finishAtDeadline(Probe p) {
        return finish(p); // finishConnect reads SO_ERROR, which includes the soft error
    }

    @Override
    public void watch(Probe p) throws IOException {
        p.channel.register(selector, SelectionKey.OP_CONNECT, p);
    }

    @Override
    public void end(Probe p) {
        SocketChannel ch = p.channel;
        if (ch == null) {
            return;
        }
        p.channel = null;
        boolean registered = ch.isRegistered();
        if (ch.isConnected()) {
            // Only a connected socket would linger in TIME_WAIT: SO_LINGER 0 makes its close a reset. Refused
            // and unanswered sockets never reach TIME_WAIT, so they are spared the system call.
            try {
                ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException e) {
                // Closed meanwhile, or the option refused: the close below still ends the connection.
            }
        }
        closeQuietly(ch);
        if (registered) {
            closing++;
        }
    }

    @Override
    public boolean isSelfConnect(Probe p) {
        try {
            if (p.channel.getLocalAddress() instanceof InetSocketAddress local
                    && p.channel.getRemoteAddress() instanceof InetSocketAddress remote) {
                return local.getPort() == remote.getPort() && local.getAddress().equals(remote.getAddress());
            }
            return false;
        } catch (IOException e) {
            return false; // closed meanwhile: not a self-connect we can prove
        }
    }

    @Override
    public void await(long timeoutMillis, Consumer<Probe> ready) throws IOException {
        closing = 0;
        Consumer<SelectionKey> onKey = key -> ready.accept((Probe) key.attachment());
        if (timeoutMillis == 0) {
            selector.selectNow(onKey);
        } else {
            selector.select(onKey, Math.max(0, timeoutMillis));
        }
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public int releasing() {
        return closing;
    }

    @Override
    public void close() {
        try {
            selector.close(); // deregisters every key, closing the fds of channels closed while registered
        } catch (IOException e) {
            // Nothing left to do with a selector that fails to close.
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // Closing a socket we own and abandon: nothing useful to do with a failure.
        }
    }
}
