package io.netsweep.dns;

import static io.netsweep.dns.ReverseLookupOutcomeTest.address;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which addresses and names stay on this machine, at the edges of each range. */
class LocalZonesTest {

    @ParameterizedTest(name = "{0} local only: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        127.0.0.1           | true
        127.0.0.0           | true
        127.255.255.255     | true
        126.255.255.255     | false
        128.0.0.0           | false
        169.254.0.0         | true
        169.254.255.255     | true
        169.253.255.255     | false
        169.255.0.0         | false
        0.0.0.0             | true
        0.255.255.255       | true
        1.0.0.0             | false
        255.255.255.255     | true
        255.255.255.254     | false
        10.0.0.1            | false
        172.16.0.1          | false
        192.168.1.1         | false
        100.64.0.1          | false
        192.0.2.1           | false
        ::1                 | true
        ::                  | true
        ::2                 | false
        fe80::1             | true
        febf:ffff::1        | true
        fec0::1             | false
        fe7f::1             | false
        fd00::1             | false
        2001:db8::1         | false
        ::ffff:127.0.0.1    | true
        ::ffff:169.254.1.1  | true
        ::ffff:10.0.0.1     | false
        """)
    void localOnlyAddressesAreLoopbackLinkLocalAndThisNetwork(String literal, boolean localOnly) {
        assertThat(LocalZones.isLocalOnly(address(literal))).isEqualTo(localOnly);
    }

    @ParameterizedTest(name = "{0} is named {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        127.0.0.1         | localhost
        ::1               | localhost
        ::ffff:127.0.0.1  | localhost
        127.0.0.2         | -
        127.0.1.1         | -
        169.254.1.1       | -
        10.0.0.1          | -
        """)
    void onlyTheLoopbackAddressesHaveABuiltInName(String literal, String name) {
        assertThat(LocalZones.builtInName(address(literal)).orElse(null)).isEqualTo(name);
    }

    @ParameterizedTest(name = "{0} is localhost: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        localhost           | true
        LocalHost           | true
        localhost.          | true
        db.localhost        | true
        a.b.LOCALHOST.      | true
        localhost.lab.test  | false
        mylocalhost         | false
        xlocalhost.         | false
        local               | false
        """)
    void localhostAndTheNamesUnderItAreLocal(String name, boolean local) {
        assertThat(LocalZones.isLocalhostName(name)).isEqualTo(local);
    }
}
