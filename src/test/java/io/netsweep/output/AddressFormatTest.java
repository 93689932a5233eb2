package io.netsweep.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressFormatTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "10.0.0.5, 10.0.0.5",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",   // RFC 5952 4.1 leading zeros, 4.2.1 longest run
        "2001:DB8:0:0:0:0:2:1, 2001:db8::2:1",                    // 4.3 lower case
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",             // 4.2.2 a single zero group stays
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",                      // 4.2.3 the longest run
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",                // 4.2.3 the first of equal runs
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "fe80:0:0:0:0:0:0:1, fe80::1",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
        "0:0:1:0:0:0:1:0, 0:0:1::1:0",
    })
    void formatsAsRfc5952Canonical(String literal, String expected) {
        assertThat(AddressFormat.format(InetAddress.ofLiteral(literal))).isEqualTo(expected);
    }

    @Test
    void ipv4MappedAddressUsesMixedNotation() throws Exception {
        byte[] mapped = HexFormat.of().parseHex("00000000000000000000ffffc0000201");
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(v6).isInstanceOf(Inet6Address.class);
        assertThat(AddressFormat.format(v6)).isEqualTo("::ffff:192.0.2.1");
    }

    @Test
    void neverShowsHostNameOrScope() throws Exception {
        InetAddress named = InetAddress.getByAddress("attacker.example", new byte[] {10, 0, 0, 5});
        InetAddress scoped = Inet6Address.getByAddress("evil", HexFormat.of().parseHex("fe800000000000000000000000000001"), 7);
        assertThat(named.toString()).contains("attacker.example");
        assertThat(scoped.getHostAddress()).contains("%");

        assertThat(AddressFormat.format(named)).isEqualTo("10.0.0.5");
        assertThat(AddressFormat.format(scoped)).isEqualTo("fe80::1");
    }

    @Test
    void familyNamesAddressTypeAsNmapDoes() {
        assertThat(AddressFormat.family(InetAddress.ofLiteral("192.0.2.1"))).isEqualTo("ipv4");
        assertThat(AddressFormat.family(InetAddress.ofLiteral("2001:db8::1"))).isEqualTo("ipv6");
    }

    /** Python's ipaddress module implements RFC 5952 independently: both must agree on every address. */
    @Test
    void agreesWithPythonIpaddressOnRandomAddresses() throws Exception {
        Random random = new Random(5952);
        List<String> full = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        for (int n = 0; n < 3000; n++) {
            byte[] b = new byte[16];
            for (int g = 0; g < 8; g++) {
                // mostly zero groups, so that runs of every length and position occur
                int v = random.nextInt(3) == 0 ? random.nextInt(0x10000) : random.nextInt(4) == 0 ? 1 : 0;
                b[2 * g] = (byte) (v >> 8);
                b[2 * g + 1] = (byte) v;
            }
            InetAddress a = InetAddress.getByAddress(b);
            if (!(a instanceof Inet6Address)) {
                continue; // the JDK turns ::ffff:a.b.c.d into an IPv4 address
            }
            full.add(HexFormat.of().formatHex(b));
            ours.add(AddressFormat.format(a));
        }
        ExternalTool.Result r = ExternalTool.python("""
                import ipaddress, sys
                for line in sys.stdin:
                    print(ipaddress.IPv6Address(bytes.fromhex(line.strip())).compressed)
                """, String.join("\n", full) + "\n");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().lines().toList()).hasSize(ours.size()).isEqualTo(ours);
    }
}
