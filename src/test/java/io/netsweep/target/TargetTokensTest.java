package io.netsweep.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lists of targets as typed in the web form, an --exclude list or a target file line. */
class TargetTokensTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1,5,7                         | 10.0.0.1,5,7",
        "10.0.0.1,10.0.0.2                    | 10.0.0.1;10.0.0.2",
        "10.0.0.1,5,10.0.0.9                  | 10.0.0.1,5;10.0.0.9",
        "192.168.1,3.1                        | 192.168.1,3.1",
        "192.168.1,3.1-10,20 10.1.*.1         | 192.168.1,3.1-10,20;10.1.*.1",
        "5,10.0.0.1                           | 5,10.0.0.1",
        "10.0.0.1-50,host.lan,fd00::1         | 10.0.0.1-50;host.lan;fd00::1",
        "fd00::1,5                            | fd00::1;5",
        "host.lan,5                           | host.lan;5",
        "10.0.0.0/24,5                        | 10.0.0.0/24;5",
        "'192.168.1.0/24, 10.0.0.1-50, 10.1.*.1, host.lan' | 192.168.1.0/24;10.0.0.1-50;10.1.*.1;host.lan",
        "'  10.0.0.1,, 10.0.0.2 ,'            | 10.0.0.1;10.0.0.2",
        "'10.0.0.1, 5'                        | 10.0.0.1;5",
    })
    void splitsAtBlanksAndCommasButKeepsOctetLists(String text, String tokens) {
        assertThat(TargetTokens.split(text)).containsExactlyElementsOf(List.of(tokens.split(";")));
    }

    @ParameterizedTest(name = "line ends and tabs: {0}")
    @CsvSource({"0", "1"})
    void lineEndsAndTabsSeparateToo(int variant) {
        String text = variant == 0 ? "10.0.0.1\n10.0.0.2,3\r\n\tweb.lan" : "10.0.0.1\t10.0.0.2,3\n\nweb.lan\n";
        assertThat(TargetTokens.split(text)).containsExactly("10.0.0.1", "10.0.0.2,3", "web.lan");
    }
}
