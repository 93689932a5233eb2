package io.netsweep.service;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real UDP socket on a loopback address and port that answers every datagram it receives with the datagrams
 * {@code answer} makes of it (none: silence), and keeps what it received. Closing it ends its thread.
 */
final class UdpResponder implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetAddress address;
    private final int port;
    private final Thread thread;
    private final List<byte[]> received = new CopyOnWriteArrayList<>();

    UdpResponder(InetAddress address, int port, Function<byte[], List<byte[]>> answer) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(address, port));
        this.address = address;
        this.port = socket.getLocalPort();
        thread = Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[65_535];
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    socket.receive(p);
                    byte[] request = java.util.Arrays.copyOf(p.getData(), p.getLength());
                    received.add(request);
                    for (byte[] a : answer.apply(request)) {
                        socket.send(new DatagramPacket(a, a.length, p.getSocketAddress()));
                    }
                }
            } catch (IOException closed) {
                // closed by the test
            }
        });
    }

    InetAddress address() {
        return address;
    }

    int port() {
        return port;
    }

    List<byte[]> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join();
    }
}
