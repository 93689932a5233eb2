package io.netsweep.datafile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The catalogues' one block reader: blocks, lines, continuations, comments, and problems with where they stand. */
class BlockFileTest {
    private static final BlockFile.Format FORMAT = new BlockFile.Format(Set.of("probe", "match"),
            Pattern.compile("[a-z0-9][a-z0-9.+-]*"), "'probe NAME' or 'match ID'", "a probe or match");

    private static BlockFile.Result read(String text) {
        return BlockFile.read("test.txt", text, FORMAT);
    }

    @Test
    void blocksKeepTheirLinesInOrderWithWhereEachStands() {
        BlockFile.Result r = read("""
                # a comment before anything
                probe banner
                  kind   banner
                  ports  21,22

                match ssh
                  probe   banner
                    # an indented comment
                  pattern ^SSH-(?<v>\\S+)
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.blocks()).extracting(BlockFile.Block::keyword, BlockFile.Block::name, BlockFile.Block::where,
                BlockFile.Block::lineNumber).containsExactly(
                org.assertj.core.groups.Tuple.tuple("probe", "banner", "test.txt:2", 2),
                org.assertj.core.groups.Tuple.tuple("match", "ssh", "test.txt:6", 6));
        assertThat(r.blocks().getLast().lines()).containsExactly(
                new BlockFile.Line("probe", "banner", "test.txt:7"),
                new BlockFile.Line("pattern", "^SSH-(?<v>\\S+)", "test.txt:9"));
    }

    @Test
    void aPlusLineContinuesTheValueBeforeItWithOneSpace() {
        BlockFile.Result r = read("probe x\n  send \"GET / HTTP/1.0\\r\\n\"\n  +    \"\\r\\n\"\n  kind send\n");
        assertThat(r.problems()).isEmpty();
        assertThat(r.blocks().getFirst().lines()).containsExactly(
                new BlockFile.Line("send", "\"GET / HTTP/1.0\\r\\n\" \"\\r\\n\"", "test.txt:2"),
                new BlockFile.Line("kind", "send", "test.txt:4"));
    }

    @Test
    void aKeyWithoutValueHasAnEmptyOneAndCarriageReturnsAndTrailingSpaceAreDropped() {
        BlockFile.Result r = read("probe x\r\n  note   \r\n  kind\tsend  \r\n");
        assertThat(r.blocks().getFirst().lines()).containsExactly(
                new BlockFile.Line("note", "", "test.txt:2"), new BlockFile.Line("kind", "send", "test.txt:3"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gopher x\\n  kind send | test.txt:1: expected 'probe NAME' or 'match ID', got: gopher x",
            "probe Upper\\n  kind send | test.txt:1: expected 'probe NAME' or 'match ID', got: probe Upper",
            "probe\\n  kind send | test.txt:1: expected 'probe NAME' or 'match ID', got: probe",
            "\\n  kind send | test.txt:2: indented line outside a probe or match block",
            "probe x\\n  + more | test.txt:2: '+' continues nothing"})
    void eachProblemNamesItsFileAndLine(String text, String problem) {
        BlockFile.Result r = read(text.replace("\\n", "\n"));
        assertThat(r.problems()).contains(problem);
    }

    @Test
    void aBadHeadLeavesItsWholeBlockOutAndTheNextBlockIn() {
        BlockFile.Result r = read("probe x\n  kind a\nprobe BAD\n  kind b\n  kind c\nmatch y\n  probe x\n");
        assertThat(r.blocks()).extracting(BlockFile.Block::name).containsExactly("x", "y");
        assertThat(r.problems()).containsExactly(
                "test.txt:3: expected 'probe NAME' or 'match ID', got: probe BAD",
                "test.txt:4: indented line outside a probe or match block",
                "test.txt:5: indented line outside a probe or match block");
    }

    @Test
    void emptyTextAndOnlyCommentsHaveNoBlocksAndNoProblems() {
        assertThat(read("")).isEqualTo(new BlockFile.Result(List.of(), List.of()));
        assertThat(read("# nothing\n\n   \n#\n")).isEqualTo(new BlockFile.Result(List.of(), List.of()));
    }
}
