package io.netsweep.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExportTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            plain.lab                     | `"plain.lab"`
            =HYPERLINK("http://x")        | `"'=HYPERLINK(""http://x"")"`
            +1+1                          | `"'+1+1"`
            -2                            | `"'-2"`
            @SUM(A1)                      | `"'@SUM(A1)"`
            `  =1`                        | `"'  =1"`
            ＝1                            | `"'＝1"`
            `a,b`                         | `"a,b"`
            """)
    void cellsAreQuotedAndFormulasNeutralized(String value, String expected) {
        assertThat(Export.cell(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `\t=1`      | `"'=1"`
            `\r=1`      | `"'=1"`
            `\u0001=1`  | `"'=1"`
            `a\nb`      | `"ab"`
            """)
    void controlCharactersAreDroppedBeforeTheFormulaCheck(String value, String expected) {
        assertThat(Export.cell(value.translateEscapes())).isEqualTo(expected);
    }
}
