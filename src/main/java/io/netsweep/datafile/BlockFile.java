package io.netsweep.datafile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one reader of netsweep's data catalogues (the service catalogue, the AI/ML product catalogue, the
 * advisories): text in blocks, each opened by an unindented {@code KEYWORD NAME} line and followed by indented
 * {@code key value} lines. A value runs to the end of its line, stripped; a line whose key is {@code +}
 * continues the value before it (joined with one space); blank lines and lines starting with {@code #} are
 * comments. What the keys mean is the caller's: this reader only cuts the text into blocks and lines, each
 * with where it stands ({@code FILE:LINE}).
 *
 * <p>Problems are data, in one style, {@code FILE:LINE: what}: a head line that is not one of the format's
 * keywords with a well-formed name (its block is left out, and its indented lines with it), an indented line
 * outside any block, a {@code +} that continues nothing. Nothing throws for what a file says. Stateless.
 */
public final class BlockFile {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private BlockFile() {}

    /**
     * What blocks a catalogue's files open.
     *
     * @param keywords the words that open a block ({@code probe}, {@code match})
     * @param name     what a block's name must match
     * @param expected the head line's form for a problem's text, such as {@code 'product ID' (lower-case
     *                 letters, digits, . + -)}
     * @param noun     what a block is called in a problem's text, with its article ({@code a product},
     *                 {@code an advisory})
     */
    public record Format(Set<String> keywords, Pattern name, String expected, String noun) {
        public Format {
            keywords = Set.copyOf(keywords);
            if (keywords.isEmpty()) {
                throw new IllegalArgumentException("a format needs at least one keyword");
            }
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(noun, "noun");
        }
    }

    /** One {@code key value} line of a block (continuations joined); {@code where} is {@code FILE:LINE}. */
    public record Line(String key, String value, String where) {}

    /**
     * One block: its keyword and name, where its head line stands ({@code FILE:LINE}, and the line number
     * alone), and its lines in order.
     */
    public record Block(String keyword, String name, String where, int lineNumber, List<Line> lines) {
        public Block {
            lines = List.copyOf(lines);
        }
    }

    /** The blocks of one file, in order, and the problems found reading it. */
    public record Result(List<Block> blocks, List<String> problems) {
        public Result {
            blocks = List.copyOf(blocks);
            problems = List.copyOf(problems);
        }
    }

    /** Reads {@code text}, the file called {@code file} in problems, as {@code format} says. */
    public static Result read(String file, String text, Format format) {
        List<Block> blocks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String keyword = null;
        String name = null;
        String headWhere = null;
        int headLine = 0;
        List<Line> lines = null;
        String[] all = text.split("\r?\n", -1);
        for (int i = 0; i < all.length; i++) {
            String raw = all[i].stripTrailing();
            String trimmed = raw.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1);
            String[] kv = WHITESPACE.split(trimmed, 2);
            String key = kv[0];
            String value = kv.length > 1 ? kv[1].strip() : "";
            if (!Character.isWhitespace(raw.charAt(0))) {
                if (lines != null) {
                    blocks.add(new Block(keyword, name, headWhere, headLine, lines));
                }
                if (format.keywords().contains(key) && format.name().matcher(value).matches()) {
                    keyword = key;
                    name = value;
                    headWhere = where;
                    headLine = i + 1;
                    lines = new ArrayList<>();
                } else {
                    problems.add(where + ": expected " + format.expected() + ", got: " + trimmed);
                    lines = null;
                }
            } else if (lines == null) {
                problems.add(where + ": indented line outside " + format.noun() + " block");
            } else if (key.equals("+")) {
                if (lines.isEmpty()) {
                    problems.add(where + ": '+' continues nothing");
                } else {
                    Line last = lines.removeLast();
                    lines.add(new Line(last.key(), last.value() + " " + value, last.where()));
                }
            } else {
                lines.add(new Line(key, value, where));
            }
        }
        if (lines != null) {
            blocks.add(new Block(keyword, name, headWhere, headLine, lines));
        }
        return new Result(blocks, problems);
    }
}
