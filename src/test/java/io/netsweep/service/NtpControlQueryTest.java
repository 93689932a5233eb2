package io.netsweep.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The NTP control exchange reads only an answer to its own request (mode 6, response bit, READVAR, its sequence,
 * no error, a count that fits) and takes quoted values whole, commas and all.
 */
class NtpControlQueryTest {
    private final NtpControlQuery query = new NtpControlQuery();

    private static byte[] answer(int flags, int sequence, String text, int count) {
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] b = new byte[12 + data.length];
        b[0] = 0x16;
        b[1] = (byte) flags;
        b[2] = (byte) (sequence >>> 8);
        b[3] = (byte) sequence;
        b[10] = (byte) (count >>> 8);
        b[11] = (byte) count;
        System.arraycopy(data, 0, b, 12, data.length);
        return b;
    }

    private static byte[] answer(int flags, int sequence, String text) {
        return answer(flags, sequence, text, text.length());
    }

    @Test
    void theRequestIsAReadvarOfTheSystemVariables() {
        byte[] r = query.request(InetAddress.getLoopbackAddress());
        assertThat(r).hasSize(12).startsWith(0x16, 0x02, 0x6e, 0x73);
    }

    @Test
    void quotedValuesKeepTheirCommasAndOnlyTheKnownVariablesAreLines() {
        String text = "version=\"ntpd 4.2.8p15@1.3728-o Wed Feb 16 17:13:02 UTC 2022 (1)\", processor=\"x86_64\",\r\n"
                + "system=\"Linux/6.1.0, with a comma\", leap=0, stratum=3, precision=-23, bogus, =x\r\n\u0000";
        assertThat(query.decode(answer(0x82, 0x6e73, text))).hasValue(
                "ntp.control.version=ntpd 4.2.8p15@1.3728-o Wed Feb 16 17:13:02 UTC 2022 (1)\n"
                        + "ntp.control.system=Linux/6.1.0, with a comma\n"
                        + "ntp.control.processor=x86_64\n"
                        + "ntp.control.stratum=3\n");
    }

    @Test
    void anythingButAnErrorFreeResponseToThisRequestIsNoAnswer() {
        String text = "version=\"ntpd ntpsec-1.2.2\"";
        assertThat(query.decode(answer(0x82, 0x6e73, text))).isPresent();
        assertThat(query.decode(answer(0x02, 0x6e73, text))).as("not a response").isEmpty();
        assertThat(query.decode(answer(0xc2, 0x6e73, text))).as("error bit").isEmpty();
        assertThat(query.decode(answer(0x81, 0x6e73, text))).as("another opcode").isEmpty();
        assertThat(query.decode(answer(0x82, 0x0001, text))).as("another sequence").isEmpty();
        assertThat(query.decode(answer(0x82, 0x6e73, text, text.length() + 1))).as("count past the end").isEmpty();
        assertThat(query.decode(new byte[] {0x24, 0x0a})).as("too short").isEmpty();
        byte[] mode4 = answer(0x82, 0x6e73, text);
        mode4[0] = 0x24;
        assertThat(query.decode(mode4)).as("mode 4").isEmpty();
        assertThat(query.decode(answer(0x82, 0x6e73, "version=\"unterminated"))).hasValue(
                "ntp.control.version=unterminated\n");
    }
}
