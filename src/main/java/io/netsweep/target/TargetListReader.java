package io.netsweep.target;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads a list of targets (a {@code -iL} or {@code --exclude-file} file, or standard input) in bounded
 * memory, whatever the file is: lines are read one at a time and refused beyond {@link #MAX_LINE}
 * characters, and the whole input beyond {@link #MAX_BYTES} bytes, so {@code /dev/zero} is an error after
 * 64 KiB rather than an exhausted heap. Special files (FIFOs, {@code /dev/stdin}) are read like any other,
 * up to their end. Targets are separated as {@link TargetTokens} does; {@code #} starts a comment to the
 * end of the line. Every failure is a {@link TargetException} naming the input (and the line, for a bad
 * target). Stateless.
 */
final class TargetListReader {
    /** Longest line, in characters: far above any real line of targets, far below a memory problem. */
    static final int MAX_LINE = 65_536;
    /** Largest input: about four million addresses, one a line, above the builder's limit on specs. */
    static final long MAX_BYTES = 64L << 20;

    private TargetListReader() {}

    /** Reads {@code file}; {@code what} names it in messages ({@code target file}). */
    static void read(Path file, String what, Consumer<String> token) {
        String shown = what + " " + TargetException.quote(file.toString());
        if (Files.isDirectory(file)) {
            throw new TargetException("cannot read " + shown + ": it is a directory");
        }
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
                throw tooLarge(shown);
            }
            try (InputStream in = Files.newInputStream(file)) {
                read(in, shown, token);
            }
        } catch (NoSuchFileException e) {
            throw new TargetException("cannot read " + shown + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new TargetException("cannot read " + shown + ": permission denied", e);
        } catch (IOException e) {
            throw new TargetException("cannot read " + shown + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** Reads {@code in} to its end without closing it; {@code shown} names it in messages. */
    static void read(InputStream in, String shown, Consumer<String> token) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var bounded = new BoundedInput(in);
        Lines lines = new Lines(new InputStreamReader(bounded, decoder));
        try {
            for (String line = lines.next(); line != null; line = lines.next()) {
                int hash = line.indexOf('#');
                for (String t : TargetTokens.split(hash >= 0 ? line.substring(0, hash) : line)) {
                    try {
                        token.accept(t);
                    } catch (TargetException e) {
                        throw new TargetException(e.getMessage() + " (" + shown + ", line " + lines.number + ")", e);
                    }
                }
            }
        } catch (LineTooLong e) {
            throw new TargetException("cannot read " + shown + ": line " + lines.number + " is longer than "
                    + MAX_LINE + " characters", e);
        } catch (TooLarge e) {
            throw tooLarge(shown);
        } catch (CharacterCodingException e) {
            throw new TargetException("cannot read " + shown + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new TargetException("cannot read " + shown + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static TargetException tooLarge(String shown) {
        return new TargetException("cannot read " + shown + ": larger than " + (MAX_BYTES >> 20) + " MiB");
    }

    private static final class LineTooLong extends IOException {
        LineTooLong() {
            super("line too long");
        }
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("input too large");
        }
    }

    /** Counts bytes and fails past {@link #MAX_BYTES}. */
    private static final class BoundedInput extends FilterInputStream {
        private long count;

        BoundedInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws TooLarge {
            count += n;
            if (count > MAX_BYTES) {
                throw new TooLarge();
            }
        }

        @Override
        public void close() {
            // the caller owns the stream (standard input stays open)
        }
    }

    /** Lines ended by LF (a CR before it is whitespace to the tokenizer), at most {@link #MAX_LINE} characters. */
    private static final class Lines {
        private final Reader in;
        private final char[] buffer = new char[8192];
        private final StringBuilder line = new StringBuilder();
        private int position;
        private int limit;
        private boolean ended; // never read past the end again: a terminal would wait for more
        int number;

        Lines(Reader in) {
            this.in = in;
        }

        String next() throws IOException {
            line.setLength(0);
            while (true) {
                if (position == limit) {
                    limit = ended ? -1 : in.read(buffer);
                    position = 0;
                    if (limit < 0) {
                        limit = 0;
                        ended = true;
                        if (line.isEmpty()) {
                            return null;
                        }
                        number++;
                        return line.toString();
                    }
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                if (line.length() + (position - start) > MAX_LINE) {
                    number++;
                    throw new LineTooLong();
                }
                line.append(buffer, start, position - start);
                if (position < limit) {
                    position++; // the LF
                    number++;
                    return line.toString();
                }
            }
        }
    }
}
