package io.netsweep.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DnsNamesTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "host5.lab.test.            | host5.lab.test",
        "Mixed-Case_Host.Example    | Mixed-Case_Host.Example",
        "evil\\027[31m.lab.test     | evil??31m.lab.test",
        "bell\\007.test             | bell?.test",
        "nul\\000.test              | nul?.test",
        "c1\\155.test               | c1?.test",
        "del\\127.test              | del?.test",
        "dot\\.inside.test          | dot?inside.test",
        "slash\\\\027.test          | slash?027.test",
        "quote\\\".test             | quote?.test",
        "high\\195\\188.test        | high??.test",
        "over\\999.test             | over?.test",
        "short\\12.test             | short12.test",
        "trailing\\                 | trailing?",
        "sp ace.test                | sp?ace.test",
        "ü.test                     | ?.test",
        "\"a\u202eb.test\"          | a?b.test",
        "<img src=x>.test           | ?img?src?x?.test",
    })
    void sanitizeDecodesEscapesThenReplacesEveryUnsafeCharacter(String raw, String expected) {
        assertThat(DnsNames.sanitize(raw.strip())).contains(expected);
    }

    @Test
    void rawControlCharactersAreReplacedNotKept() {
        assertThat(DnsNames.sanitize("a\u001b[2Jb\r\n\u0085\u009b.test")).contains("a??2Jb????.test");
    }

    @Test
    void overlongNameIsCutTo253Characters() {
        String raw = "a".repeat(300) + ".test";
        assertThat(DnsNames.sanitize(raw)).contains("a".repeat(DnsNames.MAX_LENGTH));
    }

    @Test
    void cutDoesNotLeaveATrailingDot() {
        String raw = "a".repeat(252) + ".bcd";
        assertThat(DnsNames.sanitize(raw)).contains("a".repeat(252));
    }

    @Test
    void escapesCountAsOneCharacterTowardsTheLimit() {
        String raw = "\\000".repeat(253);
        assertThat(DnsNames.sanitize(raw)).contains("?".repeat(253));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..."})
    void nothingButDotsIsNoName(String raw) {
        assertThat(DnsNames.sanitize(raw)).isEqualTo(Optional.empty());
    }

    @Test
    void printableReplacesControlsAndCuts() {
        assertThat(DnsNames.printable("ab\u001bc", 10)).isEqualTo("ab?c");
        assertThat(DnsNames.printable("abcdef", 3)).isEqualTo("abc...");
    }
}
