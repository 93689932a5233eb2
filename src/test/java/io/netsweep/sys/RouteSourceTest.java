package io.netsweep.sys;

import static org.assertj.core.api.Assertions.assertThat;

import io.netsweep.testing.Prerequisites;
import java.net.InetAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link LinuxSocket#routeSource} against the kernel's routing table, through a real UDP socket. */
class RouteSourceTest {

    @BeforeEach
    void nativeLayerAvailable() {
        Prerequisites.require(Platform.supported(), "the native layer needs Linux on x86-64 or AArch64");
    }

    private static byte[] raw(String literal) {
        return InetAddress.ofLiteral(literal).getAddress();
    }

    @Test
    void loopbackDestinationsGetTheLoopbackSourceOneAfterAnother() {
        try (LinuxSocket s = LinuxSocket.openUdp(false)) {
            byte[] source = new byte[4];
            assertThat(s.routeSource(raw("127.0.0.1"), 0, source)).isEqualTo(Errno.NONE);
            assertThat(source).isEqualTo(raw("127.0.0.1"));
            source = new byte[4];
            // connected already: asking again re-routes to the new destination
            assertThat(s.routeSource(raw("127.45.6.7"), 0, source)).isEqualTo(Errno.NONE);
            assertThat(source).isEqualTo(raw("127.0.0.1"));
        }
    }

    @Test
    void anIpv6SocketAsksForIpv6Sources() {
        LinuxSocket s;
        try {
            s = LinuxSocket.openUdp(true);
        } catch (NativeException e) {
            Prerequisites.require(false, "no IPv6 here: " + e.getMessage());
            return;
        }
        try (s) {
            byte[] source = new byte[16];
            assertThat(s.routeSource(raw("::1"), 0, source)).isEqualTo(Errno.NONE);
            assertThat(source).isEqualTo(raw("::1"));
        }
    }

    @Test
    void aRefusedLookupIsItsErrno() {
        try (LinuxSocket s = LinuxSocket.openUdp(false)) {
            byte[] source = new byte[4];
            // The limited broadcast address: with a route (a default one), the kernel refuses it to a socket without
            // SO_BROADCAST; in a namespace with loopback alone, there is no route to it at all.
            assertThat(s.routeSource(raw("255.255.255.255"), 0, source)).isIn(Errno.EACCES, Errno.ENETUNREACH);
            assertThat(source).isEqualTo(new byte[4]);
        }
    }
}
