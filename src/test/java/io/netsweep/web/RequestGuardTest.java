package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.NetworkInterface;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which Host and Origin values name the server, without any network traffic. */
class RequestGuardTest {
    private final RequestGuard loopback = new RequestGuard(WebConfig.newToken(), InetAddress.getLoopbackAddress(), 7777);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:7777", "localhost:7777", "LocalHost:7777", "[::1]:7777",
            "[0:0:0:0:0:0:0:1]:7777", " 127.0.0.1:7777 "})
    void ownNamesAreAccepted(String host) {
        assertThat(loopback.allowsHost(host)).isTrue();
        assertThat(loopback.allowsOrigin("http://" + host.strip())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:7778", "127.0.0.1:77770", "evil.example:7777",
            "localhost.evil.example:7777", "127.0.0.1.nip.io:7777", "::1:7777", "[::1]", "10.0.0.1:7777",
            ":7777", "[]:7777", "[evil]:7777", "0x7f000001:7777"})
    void otherNamesAreRefused(String host) {
        assertThat(loopback.allowsHost(host)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1:7777", "http://127.0.0.1:7777/", "http://127.0.0.1:7777/x", "null",
            "http://evil.example:7777", "file://", ""})
    void otherOriginsAreRefused(String origin) {
        assertThat(loopback.allowsOrigin(origin)).isFalse();
    }

    @Test
    void explicitBindAddressIsItsOwnName() {
        RequestGuard g = new RequestGuard(WebConfig.newToken(), InetAddress.ofLiteral("127.0.0.2"), 8000);
        assertThat(g.allowsHost("127.0.0.2:8000")).isTrue();
        assertThat(g.allowsHost("127.0.0.3:8000")).isFalse();
    }

    @Test
    void wildcardBindAcceptsEveryAddressOfThisMachine() throws Exception {
        RequestGuard g = new RequestGuard(WebConfig.newToken(), InetAddress.ofLiteral("0.0.0.0"), 8000);
        NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses).forEach(a ->
                assertThat(g.allowsHost(RequestGuard.literal(a) + ":8000")).as(a.toString()).isTrue());
        assertThat(g.allowsHost("192.0.2.77:8000")).isFalse();
        assertThat(g.allowsHost("some-name.lan:8000")).isFalse();
    }
}
