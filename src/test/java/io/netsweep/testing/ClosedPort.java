package io.netsweep.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;

/**
 * A TCP port that stays closed for as long as this object is open: a bound socket that never listens holds it, so a
 * connect to it is refused, and neither another program's {@code bind} nor the kernel's choice of an ephemeral port
 * can take it meanwhile, as either can take a port that was merely free a moment before. {@link #listen} opens a
 * listener on the same port while it is still held (both sockets set {@code SO_REUSEPORT}), for a test in which a
 * port opens between two scans. Not thread-safe.
 */
public final class ClosedPort implements AutoCloseable {
    private final Socket holder;
    private final InetAddress address;

    private ClosedPort(Socket holder, InetAddress address) {
        this.holder = holder;
        this.address = address;
    }

    /** A port on {@code address} chosen by the kernel, held closed. */
    public static ClosedPort on(InetAddress address) throws IOException {
        Socket s = new Socket();
        try {
            s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            s.bind(new InetSocketAddress(address, 0));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return new ClosedPort(s, address);
    }

    /** A port on 127.0.0.1 held closed. */
    public static ClosedPort onLoopback() throws IOException {
        return on(InetAddress.getLoopbackAddress());
    }

    public int port() {
        return holder.getLocalPort();
    }

    /** A listener on this port, the port still held: closing the listener makes it closed again. */
    public ServerSocket listen() throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            s.bind(new InetSocketAddress(address, port()), 50);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    @Override
    public void close() throws IOException {
        holder.close();
    }
}
