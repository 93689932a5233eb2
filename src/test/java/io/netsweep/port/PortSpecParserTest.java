package io.netsweep.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PortSpecParserTest {

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource(delimiter = '|', value = {
        "22                    | 22",
        "22,80,8000-8100       | 22,80,8000-8100",
        "80,22,80,22           | 22,80",
        " 22 , 80 ,8000 - 8002 | 22,80,8000-8002",
        "-                     | 1-65535",
        "' - '                 | 1-65535",
        "1-65535               | 1-65535",
        "-1024                 | 1-1024",
        "60000-                | 60000-65535",
        "65535                 | 65535",
        "1                     | 1",
        "T:22,80               | 22,80",
        "t:22,T:443            | 22,443",
        "T: 22-25              | 22-25",
        "080                   | 80",
        "8000-8100,8050-8200   | 8000-8200",
        "100-100               | 100",
        "http,ssh,8000-8002    | 22,80,8000-8002",
        "T:https, HTTP         | 80,443",
        "http-alt              | 591,8008,8080",
        "ftp-data,ftp          | 20-21",
    })
    void parsesPortSpecs(String spec, String expected) {
        assertThat(PortSpecParser.parse(spec)).hasToString(expected);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "70000           | invalid port \"70000\": ports are 1-65535",
        "0               | invalid port \"0\": ports are 1-65535",
        "99999999999999  | invalid port \"99999999999999\": ports are 1-65535",
        "22,nosuchservice | invalid port \"nosuchservice\": not a port number or a TCP service name IANA registers (such as http or ssh)",
        "22,-5x          | invalid port \"-5x\": not a port number or a TCP service name IANA registers (such as http or ssh)",
        "22,-5%          | invalid port \"5%\" in \"-5%\": not a port number",
        "1-70000         | invalid port \"70000\" in \"1-70000\": ports are 1-65535",
        "100-20          | invalid port range \"100-20\": range end is before its start",
        "1-2-3           | invalid port range \"1-2-3\": more than one dash",
        "22,,80          | invalid port list \"22,,80\": empty entry",
        "'22,'           | invalid port list \"22,\": empty entry",
        "U:53            | invalid port \"U:53\": UDP ports (U:) are scanned with -sU",
        "S:53            | invalid port \"S:53\": SCTP (S:) is not supported; netsweep scans TCP ports only",
        "X:53            | invalid port \"X:53\": only TCP ports (T:) are supported",
        "2 2             | invalid port \"2 2\": not a port number",
        "+22             | invalid port \"+22\": not a port number",
        "٢٢              | invalid port \"٢٢\": not a port number",
    })
    void rejectsBadSpecsNamingTheEntry(String spec, String message) {
        assertThatThrownBy(() -> PortSpecParser.parse(spec))
                .isInstanceOf(PortSpecException.class)
                .isInstanceOf(RuntimeException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void emptySpecIsAnError(String spec) {
        assertThatThrownBy(() -> PortSpecParser.parse(spec)).isInstanceOf(PortSpecException.class).hasMessage("no ports given");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
        // spec               | unqualified TCP | unqualified UDP | T:    | U:
        "U:53,161,T:22        |                 |                 | 22    | 53,161",
        "80,U:53              | 80              | 80              |       | 53",
        "u:53, t:22-23 ,U:123 |                 |                 | 22-23 | 53,123",
        "domain,T:ssh         | 53              | 53              | 22    | ",
        "U:snmp,ntp           |                 |                 |       | 123,161",
    })
    void byProtocolPrefixesHoldUntilTheNextAndUnqualifiedPortsAreEveryProtocols(String spec, String anyTcp,
            String anyUdp, String tcp, String udp) {
        ProtocolPorts p = PortSpecParser.parseByProtocol(spec);
        assertThat(p.unqualifiedTcp()).isEqualTo(anyTcp == null ? PortSet.empty() : PortSpecParser.parse(anyTcp));
        assertThat(p.unqualifiedUdp()).isEqualTo(anyUdp == null ? PortSet.empty() : PortSpecParser.parse(anyUdp));
        assertThat(p.tcp()).isEqualTo(tcp == null ? PortSet.empty() : PortSpecParser.parse(tcp));
        assertThat(p.udp()).isEqualTo(udp == null ? PortSet.empty() : PortSpecParser.parse(udp));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "S:53          | invalid port \"S:53\": SCTP (S:) is not supported; netsweep scans TCP (T:) and UDP (U:) ports",
        "X:53          | invalid port \"X:53\": only TCP (T:) and UDP (U:) ports are supported",
        "U:            | invalid port list \"U:\": empty entry",
        "U:0           | invalid port \"0\": ports are 1-65535",
        "U:nosuchthing | invalid port \"nosuchthing\": not a port number or a UDP service name IANA registers",
        "nosuchthing   | invalid port \"nosuchthing\": not a port number or a service name IANA registers (such as http or domain)",
    })
    void byProtocolRejectsBadSpecsNamingTheEntry(String spec, String message) {
        assertThatThrownBy(() -> PortSpecParser.parseByProtocol(spec)).isInstanceOf(PortSpecException.class)
                .hasMessage(message);
    }
}
