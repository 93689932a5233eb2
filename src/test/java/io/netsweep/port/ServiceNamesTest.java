package io.netsweep.port;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceNamesTest {
    private final ServiceNames names = ServiceNames.tcp();

    @ParameterizedTest(name = "{0}/tcp is {1}")
    @CsvSource({
        "22, ssh", "80, http", "443, https", "21, ftp", "25, smtp", "53, domain", "3306, mysql",
        "5432, postgresql", "6379, redis", "8080, http-alt", "11434, ollama",
    })
    void registeredPortsHaveTheirIanaName(int port, String name) {
        assertThat(names.nameOf(port)).isEqualTo(name);
        assertThat(names.lookup(port)).contains(name);
    }

    @ParameterizedTest(name = "{0}/tcp is unknown")
    @CsvSource({"0", "-1", "65536", "4", "49152", "6000"})
    void unnamedOrInvalidPortsAreUnknown(int port) {
        assertThat(names.nameOf(port)).isEqualTo(ServiceNames.UNKNOWN);
        assertThat(names.lookup(port)).isEmpty();
    }

    @Test
    void everyNameIsPrintableAscii() {
        for (int p = 1; p <= 65535; p++) {
            assertThat(names.nameOf(p)).matches("[\\x21-\\x7e]{1,63}");
        }
    }
}
