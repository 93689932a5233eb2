package io.netsweep.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netsweep.testing.Prerequisites;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LinuxSocket#send(SendBatch)} ({@code sendmmsg}) and {@link LinuxSocket#receive(ReceiveBatch)}
 * ({@code recvmmsg}) on real raw TCP sockets over loopback: TCP segments to a port reserved by a bound socket, read
 * back by a second raw socket that keeps only segments to that port.
 */
class BatchSocketTest {
    private static final byte[] LOOPBACK = InetAddress.getLoopbackAddress().getAddress();
    private static final byte[] LIMITED_BROADCAST = {(byte) 255, (byte) 255, (byte) 255, (byte) 255};

    private final List<AutoCloseable> opened = new ArrayList<>();
    private LinuxSocket sender;
    private LinuxSocket receiver;
    private int port;
    private int sourcePort;

    @BeforeEach
    void rawSockets() throws Exception {
        Prerequisites.require(Platform.supported(), "the native layer needs Linux on x86-64 or AArch64");
        Prerequisites.require(Prerequisites.root(), "raw sockets need CAP_NET_RAW");
        port = reservePort();
        sourcePort = reservePort(); // the kernel's resets to the segments go there, not to the port read
        sender = open(LinuxSocket.openRawTcp(false));
        receiver = open(LinuxSocket.openRawTcp(false));
        assertThat(receiver.filterTcpDestinationPort(port)).isEqualTo(Errno.NONE);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    @Test
    void aBatchLeavesWithOneCallInOrderAndIsReadBackWithOne() {
        SendBatch batch = open(new SendBatch(8, 20));
        for (int seq = 0; seq < 5; seq++) {
            assertThat(batch.add(segment(seq), 20, LOOPBACK, 0)).isEqualTo(seq);
        }
        assertThat(sender.send(batch)).isEqualTo(Errno.NONE);
        assertThat(batch.sent()).isEqualTo(5);

        assertThat(readSequenceNumbers()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aRefusedPacketStopsTheBatchAtItsPlaceAndTheRestLeavesAfterASkip() {
        SendBatch batch = open(new SendBatch(4, 20));
        batch.add(segment(10), 20, LOOPBACK, 0);
        batch.add(segment(11), 20, LIMITED_BROADCAST, 0); // no SO_BROADCAST, or no route in a bare namespace
        batch.add(segment(12), 20, LOOPBACK, 0);

        assertThat(sender.send(batch)).isIn(Errno.EACCES, Errno.ENETUNREACH);
        assertThat(batch.sent()).as("the refused packet's index").isEqualTo(1);
        batch.skip();
        assertThat(sender.send(batch)).isEqualTo(Errno.NONE);
        assertThat(batch.sent()).isEqualTo(3);

        assertThat(readSequenceNumbers()).containsExactly(10, 12);
    }

    @Test
    void aClearedBatchIsReusedForTheNextPackets() {
        SendBatch batch = open(new SendBatch(2, 20));
        batch.add(segment(1), 20, LOOPBACK, 0);
        batch.add(segment(2), 20, LOOPBACK, 0);
        assertThat(batch.isFull()).isTrue();
        assertThat(sender.send(batch)).isEqualTo(Errno.NONE);
        batch.clear();
        batch.add(segment(3), 20, LOOPBACK, 0);
        assertThat(sender.send(batch)).isEqualTo(Errno.NONE);

        assertThat(readSequenceNumbers()).containsExactly(1, 2, 3);
    }

    @Test
    void aBatchTakesNoMoreThanItsRoom() {
        SendBatch batch = open(new SendBatch(1, 20));
        assertThatThrownBy(() -> batch.add(new byte[21], 21, LOOPBACK, 0)).isInstanceOf(IllegalArgumentException.class);
        batch.add(segment(0), 20, LOOPBACK, 0);
        assertThatThrownBy(() -> batch.add(segment(1), 20, LOOPBACK, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void moreWaitingThanOneCallTakesAreReadInSeveralAndAnEmptyQueueIsEagain() {
        SendBatch batch = open(new SendBatch(16, 20));
        for (int seq = 0; seq < 16; seq++) {
            batch.add(segment(seq), 20, LOOPBACK, 0);
        }
        assertThat(sender.send(batch)).isEqualTo(Errno.NONE);
        ReceiveBatch in = open(new ReceiveBatch(6, 128));
        List<Integer> sizes = new ArrayList<>();
        Errno e;
        while ((e = receiver.receive(in)) == Errno.NONE) {
            sizes.add(in.size());
        }
        assertThat(e).isEqualTo(Errno.EAGAIN);
        assertThat(sizes).containsExactly(6, 6, 4);
    }

    /** The sequence numbers of the segments waiting for the receiver, read a batch at a time. */
    private List<Integer> readSequenceNumbers() {
        ReceiveBatch in = open(new ReceiveBatch(4, 128));
        RawPacket packet = new RawPacket();
        List<Integer> seqs = new ArrayList<>();
        while (receiver.receive(in) == Errno.NONE) {
            for (int i = 0; i < in.size(); i++) {
                in.copy(i, packet);
                assertThat(packet.sourceLength()).isEqualTo(4);
                assertThat(java.util.Arrays.copyOf(packet.source(), 4)).isEqualTo(LOOPBACK);
                byte[] b = packet.data();
                int tcp = (b[0] & 0x0F) * 4; // a raw IPv4 socket reads the IP header too
                assertThat(packet.length()).isEqualTo(tcp + 20);
                assertThat(((b[tcp + 2] & 0xFF) << 8) | (b[tcp + 3] & 0xFF)).isEqualTo(port);
                seqs.add(((b[tcp + 4] & 0xFF) << 24) | ((b[tcp + 5] & 0xFF) << 16) | ((b[tcp + 6] & 0xFF) << 8)
                        | (b[tcp + 7] & 0xFF));
            }
        }
        return seqs;
    }

    /** A bare TCP header (ACK, checksum left zero: loopback does not check it) with sequence number {@code seq}. */
    private byte[] segment(int seq) {
        byte[] s = new byte[20];
        s[0] = (byte) (sourcePort >>> 8);
        s[1] = (byte) sourcePort;
        s[2] = (byte) (port >>> 8);
        s[3] = (byte) port;
        s[4] = (byte) (seq >>> 24);
        s[5] = (byte) (seq >>> 16);
        s[6] = (byte) (seq >>> 8);
        s[7] = (byte) seq;
        s[12] = 5 << 4;
        s[13] = 0x10;
        s[15] = (byte) 0xFF;
        return s;
    }

    private int reservePort() throws Exception {
        SocketChannel c = open(SocketChannel.open());
        c.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return ((InetSocketAddress) c.getLocalAddress()).getPort();
    }

    private <T extends AutoCloseable> T open(T c) {
        opened.add(c);
        return c;
    }
}
