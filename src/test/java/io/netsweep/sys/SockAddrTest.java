package io.netsweep.sys;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.Prerequisites;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The sockaddr codec against the Linux ABI, byte by byte, and against what the kernel itself writes. */
class SockAddrTest {

    private static byte[] bytes(MemorySegment s, int length) {
        return s.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void anIpv4AddressIsLaidOutAsLinuxSockaddrIn() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(NetinetIn.SOCKADDR_IN6);
            sa.fill((byte) 0x5A); // a reused segment: nothing of it may remain
            int length = SockAddr.write(sa, InetAddress.ofLiteral("192.0.2.7"), 8080);

            ByteBuffer expected = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            expected.putShort((short) 2);                              // sin_family AF_INET, host order
            expected.order(ByteOrder.BIG_ENDIAN).putShort((short) 8080); // sin_port, network order
            expected.put(new byte[] {(byte) 192, 0, 2, 7});             // sin_addr
            assertThat(length).isEqualTo(16);
            assertThat(bytes(sa, 16)).isEqualTo(expected.array());      // sin_zero all zero
        }
    }

    @Test
    void anIpv6AddressIsLaidOutAsLinuxSockaddrIn6WithItsScope() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(NetinetIn.SOCKADDR_IN6);
            sa.fill((byte) 0x5A);
            Inet6Address address = Inet6Address.getByAddress(null, InetAddress.ofLiteral("fe80::1").getAddress(), 3);
            int length = SockAddr.write(sa, address, 443);

            ByteBuffer expected = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
            expected.putShort((short) 10);                                        // AF_INET6
            expected.order(ByteOrder.BIG_ENDIAN).putShort((short) 443).putInt(0); // port, flow label
            expected.put(address.getAddress());
            expected.order(ByteOrder.nativeOrder()).putInt(3);                     // sin6_scope_id
            assertThat(length).isEqualTo(28);
            assertThat(bytes(sa, 28)).isEqualTo(expected.array());
            assertThat(SockAddr.read(sa)).hasValueSatisfying(read ->
                    assertThat(read.getAddress()).isEqualTo(address.getAddress()));
        }
    }

    @Test
    void whatIsWrittenReadsBackAndOtherFamiliesReadAsNothing() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SysSocket.SOCKADDR_STORAGE);
            for (String a : new String[] {"127.0.0.1", "::1", "2001:db8::7"}) {
                SockAddr.write(sa, InetAddress.ofLiteral(a), 1);
                assertThat(SockAddr.read(sa)).hasValue(InetAddress.ofLiteral(a));
            }
            sa.set(ValueLayout.JAVA_SHORT, 0, (short) SysSocket.AF_PACKET);
            assertThat(SockAddr.read(sa)).isEmpty();
            assertThat(SockAddr.read(sa.asSlice(0, 8))).as("too short for any address").isEmpty();
        }
    }

    @Test
    void theKernelWritesTheSameEndPointsAndLengths() throws Exception {
        Prerequisites.require(Platform.supported(), "the native layer needs Linux on x86-64 or AArch64");
        try (Arena arena = Arena.ofConfined();
                ServerSocket server = new ServerSocket(0, 1, InetAddress.ofLiteral("127.0.0.1"))) {
            TcpConnector sockets = new TcpConnector(arena);
            int fd = sockets.open(false);
            try {
                byte[] loopback = InetAddress.ofLiteral("127.0.0.1").getAddress();
                assertThat(sockets.connect(fd, loopback, 0, server.getLocalPort()))
                        .isIn(Errno.NONE, Errno.EINPROGRESS);
                try (Socket accepted = server.accept()) {
                    assertThat(sockets.connect(fd, loopback, 0, server.getLocalPort())).isIn(Errno.NONE, Errno.EISCONN);
                    assertThat(sockets.connectedToItself(fd)).isFalse();
                    MemorySegment mine = arena.allocate(NetinetIn.SOCKADDR_IN6);
                    SockAddr.write(mine, InetAddress.ofLiteral("127.0.0.1"), accepted.getPort());
                    MemorySegment kernels = arena.allocate(SysSocket.SOCKADDR_STORAGE);
                    MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
                    length.set(ValueLayout.JAVA_INT, 0, (int) kernels.byteSize());
                    assertThat(SysSocket.getsockname(Downcalls.newCallState(arena), fd, kernels, length)).isZero();
                    assertThat(length.get(ValueLayout.JAVA_INT, 0)).isEqualTo(SockAddr.IN_SIZE);
                    assertThat(SockAddr.sameEndPoint(mine, kernels, SockAddr.IN_SIZE))
                            .as("our sockaddr_in of the peer's view of us equals the kernel's").isTrue();
                }
            } finally {
                sockets.close(fd);
            }
        }
    }
}
