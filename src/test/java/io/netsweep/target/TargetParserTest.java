package io.netsweep.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetParserTest {

    @ParameterizedTest(name = "{0} is {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1                | SingleAddress | 10.0.0.1",
        "  192.168.1.254         | SingleAddress | 192.168.1.254",
        "0.0.0.0                 | SingleAddress | 0.0.0.0",
        "255.255.255.255         | SingleAddress | 255.255.255.255",
        "::1                     | SingleAddress | 0:0:0:0:0:0:0:1",
        "[fd00::1]               | SingleAddress | fd00:0:0:0:0:0:0:1",
        "2001:db8::ff00:42:8329  | SingleAddress | 2001:db8:0:0:0:ff00:42:8329",
        "2001:DB8:0:0:0:0:0:1    | SingleAddress | 2001:db8:0:0:0:0:0:1",
        "::ffff:10.0.0.1         | SingleAddress | 0:0:0:0:0:ffff:a00:1",
        "fe80::1:2:3:4:5         | SingleAddress | fe80:0:0:1:2:3:4:5",
        "10.0.0.0/24             | Cidr          | 10.0.0.0/24",
        "10.0.0.77/24            | Cidr          | 10.0.0.0/24",
        "10.1.2.3/0              | Cidr          | 0.0.0.0/0",
        "10.1.2.3/32             | Cidr          | 10.1.2.3/32",
        "fd00::/120              | Cidr          | fd00:0:0:0:0:0:0:0/120",
        "fd00::1234/126          | Cidr          | fd00:0:0:0:0:0:0:1234/126",
        "fd00::5/128             | Cidr          | fd00:0:0:0:0:0:0:5/128",
        "10.0.0.1-10.0.0.50      | AddressRange  | 10.0.0.1-10.0.0.50",
        "10.0.0.1-50             | AddressRange  | 10.0.0.1-10.0.0.50",
        "10.0.0.7-7              | SingleAddress | 10.0.0.7",
        "10.0.0.255-10.0.1.3     | AddressRange  | 10.0.0.255-10.0.1.3",
        "fd00::1-fd00::20        | AddressRange  | fd00:0:0:0:0:0:0:1-fd00:0:0:0:0:0:0:20",
        "example.com             | Hostname      | example.com",
        "db-1.lan.               | Hostname      | db-1.lan",
        "localhost               | Hostname      | localhost",
        "10-0-0-1.example        | Hostname      | 10-0-0-1.example",
        "1host.a-b.c             | Hostname      | 1host.a-b.c",
        "10.1.*.1                | OctetPattern  | 10.1.*.1",
        "192.168.1-3.1-10        | OctetPattern  | 192.168.1-3.1-10",
        "10.0.0.1,5,7            | OctetPattern  | 10.0.0.1,5,7",
        "10.0.0.7,5,1-3,2        | OctetPattern  | 10.0.0.1-3,5,7",
        "192.168.1,3.1           | OctetPattern  | 192.168.1,3.1",
        "0-255.0-255.13.37       | OctetPattern  | *.*.13.37",
        "172.16.-4.1             | OctetPattern  | 172.16.0-4.1",
        "10.-.20.1               | OctetPattern  | 10.*.20.1",
        "5,10.0.0.1              | OctetPattern  | 5,10.0.0.1",
        "10.0.0.*                | AddressRange  | 10.0.0.0-10.0.0.255",
        "10.0.0.1,2,3            | AddressRange  | 10.0.0.1-10.0.0.3",
        "10.0.0.250-             | AddressRange  | 10.0.0.250-10.0.0.255",
        "10.0.0.-5               | AddressRange  | 10.0.0.0-10.0.0.5",
        "10.0.0.5,5              | SingleAddress | 10.0.0.5",
    })
    void parsesValidTokens(String token, String kind, String canonical) {
        TargetSpec spec = TargetParser.parse(token);
        assertThat(spec.getClass().getSimpleName()).isEqualTo(kind);
        assertThat(spec).hasToString(canonical);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/33           | invalid target \"10.0.0.0/33\": prefix length must be 0-32",
        "10.0.0.0/-1           | invalid target \"10.0.0.0/-1\": prefix length must be 0-32",
        "10.0.0.0/             | invalid target \"10.0.0.0/\": prefix length must be 0-32",
        "fd00::/129            | invalid target \"fd00::/129\": prefix length must be 0-128",
        "300.1.1.1             | invalid target \"300.1.1.1\": octet 300 is above 255",
        "10.0.0                | invalid target \"10.0.0\": an IPv4 address has four dot-separated octets",
        "1.2.3.4.5             | invalid target \"1.2.3.4.5\": an IPv4 address has four dot-separated octets",
        "10.0.0.01             | invalid target \"10.0.0.01\": octet \"01\" has a leading zero",
        "10..0.1               | invalid target \"10..0.1\": octet \"\" is not a number 0-255",
        "10.0.0.9-10.0.0.1     | invalid target \"10.0.0.9-10.0.0.1\": range end is before its start",
        "10.0.0.9-3            | invalid target \"10.0.0.9-3\": range end is before its start",
        "10.0.0.1-256          | invalid target \"10.0.0.1-256\": octet 256 is above 255",
        "10.0.0.1-3-5          | invalid target \"10.0.0.1-3-5\": octet \"3-5\" is not a number 0-255",
        "10.0.0.1,             | invalid target \"10.0.0.1,\": octet \"\" is not a number 0-255",
        "10.0.0.1,,2           | invalid target \"10.0.0.1,,2\": octet \"\" is not a number 0-255",
        "10.0.0.1,300          | invalid target \"10.0.0.1,300\": octet 300 is above 255",
        "10.0.0.1-300          | invalid target \"10.0.0.1-300\": octet 300 is above 255",
        "10.0.*.01             | invalid target \"10.0.*.01\": octet \"01\" has a leading zero",
        "10.1.**.1             | invalid target \"10.1.**.1\": octet \"**\" is not a number 0-255",
        "10.0.0.1,10.0.0.2     | invalid target \"10.0.0.1,10.0.0.2\": an IPv4 address has four dot-separated octets",
        "10.0.*.0/24           | invalid target \"10.0.*.0/24\": the part before \"/\" must be an IP address",
        "fd00::1,5             | invalid target \"fd00::1,5\": IPv6 group \"1,5\" is not 1-4 hex digits",
        "fd00::*               | invalid target \"fd00::*\": IPv6 group \"*\" is not 1-4 hex digits",
        "1-3                   | invalid target \"1-3\": an IPv4 address has four dot-separated octets",
        "host.10               | invalid target \"host.10\": the last label of a hostname cannot be all digits",
        "0x7f.0.0.1            | invalid target \"0x7f.0.0.1\": the last label of a hostname cannot be all digits",
        "10.0.0.1-fd00::1      | invalid target \"10.0.0.1-fd00::1\": range start and end are of different address families",
        "fd00::1-20            | invalid target \"fd00::1-20\": range end must be a full IPv6 address",
        "fd00::20-fd00::1      | invalid target \"fd00::20-fd00::1\": range end is before its start",
        "1::2::3               | invalid target \"1::2::3\": \"::\" may appear only once",
        "1:2:3:4:5:6:7         | invalid target \"1:2:3:4:5:6:7\": an IPv6 address has eight 16-bit groups",
        "1:2:3:4:5:6:7:8:9     | invalid target \"1:2:3:4:5:6:7:8:9\": an IPv6 address has eight 16-bit groups",
        "1:2:3:4::5:6:7:8      | invalid target \"1:2:3:4::5:6:7:8\": an IPv6 address has eight 16-bit groups",
        "fd00::12345           | invalid target \"fd00::12345\": IPv6 group \"12345\" is not 1-4 hex digits",
        "fd00::g               | invalid target \"fd00::g\": IPv6 group \"g\" is not 1-4 hex digits",
        "fe80::1%eth0          | invalid target \"fe80::1%eth0\": IPv6 zone IDs (%...) are not supported",
        "host.example/24       | invalid target \"host.example/24\": the part before \"/\" must be an IP address",
        "bad_name.lan          | invalid target \"bad_name.lan\": character '_' is not allowed in a hostname",
        "-leading.example      | invalid target \"-leading.example\": hostname label \"-leading\" starts or ends with '-'",
        "trailing-.example     | invalid target \"trailing-.example\": hostname label \"trailing-\" starts or ends with '-'",
        "a..b                  | invalid target \"a..b\": hostname has an empty label",
        "héllo.example         | invalid target \"héllo.example\": character U+00E9 is not allowed in a hostname",
    })
    void rejectsBadTokensNamingThem(String token, String message) {
        assertThatThrownBy(() -> TargetParser.parse(token))
                .isInstanceOf(TargetException.class)
                .isInstanceOf(RuntimeException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void rejectsEmptyTokens(String token) {
        assertThatThrownBy(() -> TargetParser.parse(token)).hasMessage("invalid target \"\": empty target");
    }

    @Test
    void rejectsOverlongLabelsAndNames() {
        String label64 = "a".repeat(64);
        assertThatThrownBy(() -> TargetParser.parse(label64 + ".example"))
                .hasMessageContaining("hostname label longer than 63 characters");
        String name254 = ("a".repeat(62) + ".").repeat(4) + "ab"; // 252 + 2 = 254 characters
        assertThatThrownBy(() -> TargetParser.parse(name254))
                .hasMessageContaining("hostname longer than 253 characters");
        assertThat(TargetParser.parse(("a".repeat(62) + ".").repeat(4) + "a")).isInstanceOf(TargetSpec.Hostname.class);
    }

    @Test
    void controlCharactersInMessagesAreMasked() {
        assertThatThrownBy(() -> TargetParser.parse("evil\u001b[31m.example"))
                .hasMessageStartingWith("invalid target \"evil?[31m.example\"");
    }

    @Test
    void octetListOfEveryValueFitsButLongerTokensAreRefused() {
        StringBuilder all = new StringBuilder("10.0.0.0");
        for (int v = 1; v < 256; v++) {
            all.append(',').append(v);
        }
        assertThat(TargetParser.parse(all.toString())).hasToString("10.0.0.0-10.0.0.255");
        assertThatThrownBy(() -> TargetParser.parse("a".repeat(4097)))
                .hasMessage("invalid target \"" + "a".repeat(77) + "...\": longer than 4096 characters");
    }

    @Test
    void controlCharactersInReasonsAreMaskedToo() {
        assertThatThrownBy(() -> TargetParser.parse("fd00::\u001b[2J"))
                .hasMessage("invalid target \"fd00::?[2J\": IPv6 group \"?[2J\" is not 1-4 hex digits");
    }

    @Test
    void ipv4MappedLiteralStaysIpv6SpecButIpv4LiteralIsInet4() {
        var mapped = (TargetSpec.SingleAddress) TargetParser.parse("::ffff:10.0.0.1");
        assertThat(mapped.address()).isInstanceOf(Inet6Address.class);
        var plain = (TargetSpec.SingleAddress) TargetParser.parse("10.0.0.1");
        assertThat(plain.address()).isInstanceOf(Inet4Address.class);
    }

    @Test
    void cidrRecordRejectsHostBits() {
        var net = ((TargetSpec.SingleAddress) TargetParser.parse("10.0.0.1")).address();
        assertThatThrownBy(() -> new TargetSpec.Cidr(net, 24)).hasMessageContaining("host bits set");
    }

    @Test
    void hostnameRecordChecksSyntaxItself() {
        assertThatThrownBy(() -> new TargetSpec.Hostname("two words")).hasMessageContaining("' ' is not allowed");
        assertThat(new TargetSpec.Hostname("Example.COM.").name()).isEqualTo("Example.COM");
    }
}
