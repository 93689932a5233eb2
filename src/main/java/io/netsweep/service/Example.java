package io.netsweep.service;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A recorded answer kept with a catalogue entry, so the catalogue tests itself: for an {@code example} the
 * entry must match it and produce the {@code expect}ed fields; a {@code counter} example must not match.
 *
 * @param answer  the answer's bytes, as the entry's first probe receives them
 * @param expect  expected fields by name ({@code service}, {@code product}, {@code version}, {@code info},
 *                {@code cpe}); the value {@code -} means the field must be absent
 * @param counter whether the entry must not match
 * @param line    where it was written in the catalogue
 */
record Example(byte[] answer, Map<String, String> expect, boolean counter, String line) {
    static final String ABSENT = "-";

    Example {
        answer = answer.clone();
        expect = Map.copyOf(expect);
        Objects.requireNonNull(line, "line");
    }

    @Override
    public byte[] answer() {
        return answer.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example e && Arrays.equals(e.answer, answer) && e.expect.equals(expect)
                && e.counter == counter && e.line.equals(line);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(answer), expect, counter, line);
    }

    @Override
    public String toString() {
        return (counter ? "counter example at " : "example at ") + line;
    }
}
