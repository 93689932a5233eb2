package io.netsweep.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** A held port refuses connects, cannot be taken by another listener, and opens and closes again on request. */
class ClosedPortTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static void assertRefused(int port) {
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, port), 10_000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void aHeldPortIsClosedAndNoOtherListenerCanTakeIt() throws Exception {
        try (ClosedPort held = ClosedPort.onLoopback()) {
            assertRefused(held.port());
            // What a program that picked the same port would do (ServerSocket sets SO_REUSEADDR, not SO_REUSEPORT).
            assertThatThrownBy(() -> new ServerSocket(held.port(), 50, LOOPBACK).close())
                    .isInstanceOf(BindException.class);
            assertRefused(held.port());
        }
    }

    @Test
    void itOpensOnRequestAndIsClosedAgainAfter() throws Exception {
        try (ClosedPort held = ClosedPort.onLoopback()) {
            try (ServerSocket listener = held.listen(); Socket client = new Socket(LOOPBACK, held.port());
                    Socket accepted = listener.accept()) {
                assertThat(accepted.getPort()).isEqualTo(client.getLocalPort());
            }
            assertRefused(held.port());
        }
    }
}
