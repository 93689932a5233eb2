package io.netsweep.portscan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SynCookieTest {

    @Test
    void sipHashMatchesTheReferenceVectors() {
        // The SipHash-2-4 paper's test vectors: key 00..0f, messages 00 01 .. (n-1) for n = 0, 7, 8, 15.
        long k0 = 0x0706050403020100L;
        long k1 = 0x0f0e0d0c0b0a0908L;
        assertThat(SynCookie.sipHash24(k0, k1, message(0))).isEqualTo(0x726fdb47dd0e0e31L);
        assertThat(SynCookie.sipHash24(k0, k1, message(7))).isEqualTo(0xab0200f58b01d137L);
        assertThat(SynCookie.sipHash24(k0, k1, message(8))).isEqualTo(0x93f5f5799a932462L);
        assertThat(SynCookie.sipHash24(k0, k1, message(15))).isEqualTo(0xa129ca6149be45e5L);
    }

    @Test
    void theCookieDependsOnAddressPortSourcePortAndSecret() {
        byte[] a = {10, 0, 0, 1};
        byte[] b = {10, 0, 0, 2};
        SynCookie c = new SynCookie(1, 2);
        assertThat(c.of(a, 80, 40000)).isEqualTo(new SynCookie(1, 2).of(a, 80, 40000));
        assertThat(c.of(a, 80, 40000)).isNotEqualTo(c.of(b, 80, 40000));
        assertThat(c.of(a, 80, 40000)).isNotEqualTo(c.of(a, 81, 40000));
        assertThat(c.of(a, 80, 40000)).isNotEqualTo(c.of(a, 80, 40001));
        assertThat(c.of(a, 80, 40000)).isNotEqualTo(new SynCookie(1, 3).of(a, 80, 40000));
        assertThat(c.of(HexFormat.of().parseHex("fd000000000000000000000000000001"), 80, 40000))
                .isNotEqualTo(c.of(HexFormat.of().parseHex("fd000000000000000000000000000002"), 80, 40000));
    }

    @Test
    void theCookieIsSipHashOfAddressPortAndSourcePortFoldedTo32Bits() {
        long k0 = 0x0123456789abcdefL;
        long k1 = 0x7edcba9876543210L;
        SynCookie c = new SynCookie(k0, k1);
        byte[] v4 = {(byte) 192, (byte) 168, 7, (byte) 250};
        byte[] v6 = HexFormat.of().parseHex("fd12345678900000000000000000ab01");
        for (int[] ports : new int[][] {{80, 40000}, {65535, 1}, {1, 65535}, {443, 33333}}) {
            assertThat(c.of(v4, ports[0], ports[1])).isEqualTo(folded(SynCookie.sipHash24(k0, k1,
                    concat(v4, ports[0], ports[1]))));
            assertThat(c.of(v6, ports[0], ports[1])).isEqualTo(folded(SynCookie.sipHash24(k0, k1,
                    concat(v6, ports[0], ports[1]))));
        }
    }

    private static int folded(long h) {
        return (int) (h ^ (h >>> 32));
    }

    private static byte[] concat(byte[] address, int port, int sourcePort) {
        byte[] m = new byte[address.length + 4];
        System.arraycopy(address, 0, m, 0, address.length);
        m[address.length] = (byte) (port >>> 8);
        m[address.length + 1] = (byte) port;
        m[address.length + 2] = (byte) (sourcePort >>> 8);
        m[address.length + 3] = (byte) sourcePort;
        return m;
    }

    private static byte[] message(int n) {
        byte[] m = new byte[n];
        for (int i = 0; i < n; i++) {
            m[i] = (byte) i;
        }
        return m;
    }
}
