package io.netsweep.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BER elements as netsweep's requests write them and its readers read them back. */
class BerTest {

    @ParameterizedTest(name = "{0} octets")
    @ValueSource(ints = {0, 1, 127, 128, 255, 256, 4096, 65535})
    void everyLengthReadsBackAsWritten(int length) {
        byte[] value = new byte[length];
        Arrays.fill(value, (byte) 0x5a);
        byte[] element = Ber.encode(0x04, value);
        Ber read = Ber.at(element, 0, element.length).orElseThrow();
        assertThat(read.tag()).isEqualTo(0x04);
        assertThat(read.end() - read.start()).isEqualTo(length);
        assertThat(read.next()).isEqualTo(element.length);
    }

    @Test
    void lengthsTakeTheirShortestDefiniteForm() {
        assertThat(HexFormat.of().formatHex(Ber.encode(0x02, new byte[] {1}))).isEqualTo("020101");
        assertThat(Arrays.copyOf(Ber.encode(0x30, new byte[127]), 2)).containsExactly(0x30, 0x7f);
        assertThat(Arrays.copyOf(Ber.encode(0x30, new byte[128]), 3)).containsExactly(0x30, 0x81, 0x80);
        assertThat(Arrays.copyOf(Ber.encode(0x30, new byte[255]), 3)).containsExactly(0x30, 0x81, 0xff);
        assertThat(Arrays.copyOf(Ber.encode(0x30, new byte[256]), 4)).containsExactly(0x30, 0x82, 0x01, 0x00);
    }

    @Test
    void aValueTooLongForTwoLengthOctetsIsRefused() {
        assertThatThrownBy(() -> Ber.encode(0x04, new byte[65536])).isInstanceOf(IllegalArgumentException.class);
    }
}
