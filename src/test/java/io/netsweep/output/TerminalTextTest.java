package io.netsweep.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminalTextTest {
    private static final String ESC = "\u001b";

    @Test
    void plainTextIsUnchanged() {
        String text = "build-01.lab.example Müller Straße 日本 🚀 (Acme, Inc.)";
        assertThat(TerminalText.sanitize(text)).isEqualTo(text);
    }

    @Test
    void removesColourAndCursorSequences() {
        assertThat(TerminalText.sanitize(ESC + "[31mred" + ESC + "[0m")).isEqualTo("red");
        assertThat(TerminalText.sanitize("a" + ESC + "[2J" + ESC + "[1;1H" + ESC + "[?25lb")).isEqualTo("ab");
    }

    @Test
    void removesTitleAndHyperlinkStringsEndedByBelOrSt() {
        assertThat(TerminalText.sanitize("x" + ESC + "]0;pwned\u0007y")).isEqualTo("xy");
        assertThat(TerminalText.sanitize("x" + ESC + "]8;;http://evil.example" + ESC + "\\link" + ESC + "]8;;" + ESC + "\\"))
                .isEqualTo("xlink");
        assertThat(TerminalText.sanitize("x" + ESC + "Pq#0;2;0;0;0" + ESC + "\\y")).isEqualTo("xy");
    }

    @Test
    void removesSingleCharacterC1Introducers() {
        assertThat(TerminalText.sanitize("\u009b31mX\u009d0;t\u0007Y")).isEqualTo("XY");
    }

    @Test
    void removesShortEscapesAndUnterminatedOnes() {
        assertThat(TerminalText.sanitize("a" + ESC + "cb" + ESC + "(Bc")).isEqualTo("abc");
        assertThat(TerminalText.sanitize("tail" + ESC + "[")).isEqualTo("tail");
        assertThat(TerminalText.sanitize("tail" + ESC)).isEqualTo("tail");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a\\nb|a\\\\nb",
        "a\\rb|a\\\\rb",
        "a\\tb|a\\\\tb",
    })
    void makesLineBreaksVisible(String javaEscaped, String expectedEscaped) {
        String in = javaEscaped.translateEscapes();
        String expected = expectedEscaped.translateEscapes();
        assertThat(TerminalText.sanitize(in)).isEqualTo(expected);
    }

    @Test
    void makesOtherControlsAndLayoutCharactersVisible() {
        assertThat(TerminalText.sanitize("bell\u0007del\u007fnul\u0000")).isEqualTo("bell\\x07del\\x7fnul\\x00");
        assertThat(TerminalText.sanitize("abc\u202edef\u2028g\u061c")).isEqualTo("abc\\u202edef\\u2028g\\u061c");
    }

    @Test
    void replacesUnpairedSurrogatesAndKeepsPairs() {
        assertThat(TerminalText.sanitize("a\ud800b\udc00c😀")).isEqualTo("a\uFFFDb\uFFFDc😀");
    }

    @Test
    void anyInputComesOutPrintable() {
        Random random = new Random(42);
        for (int n = 0; n < 5000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                int pick = random.nextInt(6);
                sb.append(switch (pick) {
                    case 0 -> (char) random.nextInt(0x20);
                    case 1 -> (char) (0x7F + random.nextInt(0x21));
                    case 2 -> ESC;
                    case 3 -> (char) (0xD800 + random.nextInt(0x800));
                    case 4 -> (char) (0x2000 + random.nextInt(0x70));
                    default -> (char) (0x20 + random.nextInt(0x5F));
                });
            }
            String out = TerminalText.sanitize(sb.toString());
            for (int i = 0; i < out.length(); i++) {
                char c = out.charAt(i);
                assertThat(c < 0x20 || (c >= 0x7F && c <= 0x9F)).as("control U+%04X in %s", (int) c, out).isFalse();
                assertThat((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029)
                        .as("layout character U+%04X", (int) c).isFalse();
                if (Character.isHighSurrogate(c)) {
                    assertThat(i + 1 < out.length() && Character.isLowSurrogate(out.charAt(i + 1))).isTrue();
                    i++;
                } else {
                    assertThat(Character.isLowSurrogate(c)).isFalse();
                }
            }
        }
    }
}
