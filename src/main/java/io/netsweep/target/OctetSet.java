package io.netsweep.target;

import java.util.StringJoiner;

/**
 * A non-empty set of octet values 0-255: one octet of an nmap-style IPv4 pattern ({@code 1-3,5},
 * {@code *}). Value {@code v} is bit {@code v % 64} of word {@code v / 64}. {@link #toString()} is the
 * canonical text ({@code *} for all 256 values, else ascending values and ranges joined by commas), which
 * {@link #parse} reads back. Immutable value; thread-safe.
 */
public record OctetSet(long word0, long word1, long word2, long word3) {
    /** All 256 values: {@code *}. */
    public static final OctetSet ALL = new OctetSet(-1L, -1L, -1L, -1L);

    public OctetSet {
        if ((word0 | word1 | word2 | word3) == 0) {
            throw new IllegalArgumentException("an octet set has at least one value");
        }
    }

    /** The values {@code first} to {@code last}, inclusive. */
    public static OctetSet range(int first, int last) {
        if (first < 0 || last > 255 || last < first) {
            throw new IllegalArgumentException("octet range " + first + "-" + last + " is not within 0-255");
        }
        long[] w = new long[4];
        set(w, first, last);
        return new OctetSet(w[0], w[1], w[2], w[3]);
    }

    private static void set(long[] w, int first, int last) {
        for (int v = first; v <= last; v++) {
            w[v >>> 6] |= 1L << v;
        }
    }

    /**
     * One octet of a pattern: comma-separated items, each {@code N}, {@code N-M}, or (as nmap) {@code *},
     * {@code -} for 0-255, {@code -M} for 0-M and {@code N-} for N-255. Numbers are decimal 0-255 without a
     * leading zero. Errors are {@link IllegalArgumentException}s whose message is the reason only.
     */
    public static OctetSet parse(String text) {
        if (text.length() <= 3 && !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int v = IpLiterals.octet(text); // the usual case, a plain number
            return range(v, v);
        }
        long[] w = new long[4];
        for (String item : text.split(",", -1)) {
            int dash = item.indexOf('-');
            int first;
            int last;
            if (item.equals("*")) {
                first = 0;
                last = 255;
            } else if (dash < 0) {
                first = IpLiterals.octet(item);
                last = first;
            } else {
                first = dash == 0 ? 0 : IpLiterals.octet(item.substring(0, dash));
                last = dash == item.length() - 1 ? 255 : IpLiterals.octet(item.substring(dash + 1));
                if (last < first) {
                    throw new IllegalArgumentException("range end is before its start");
                }
            }
            set(w, first, last);
        }
        return new OctetSet(w[0], w[1], w[2], w[3]);
    }

    public boolean contains(int value) {
        return value >= 0 && value <= 255 && (word(value >>> 6) & (1L << value)) != 0;
    }

    /** Number of values, 1 to 256. */
    public int size() {
        return Long.bitCount(word0) + Long.bitCount(word1) + Long.bitCount(word2) + Long.bitCount(word3);
    }

    /** The smallest value. */
    public int first() {
        return next(0);
    }

    /** The smallest value at or above {@code from}, or -1. */
    int next(int from) {
        if (from > 255) {
            return -1;
        }
        int start = Math.max(from, 0);
        for (int w = start >>> 6; w < 4; w++) {
            long bits = w == start >>> 6 ? word(w) & (-1L << start) : word(w);
            if (bits != 0) {
                return w * 64 + Long.numberOfTrailingZeros(bits);
            }
        }
        return -1;
    }

    /** Whether the values are one run without gaps ({@code 7}, {@code 1-50}, {@code *}). */
    public boolean isRange() {
        int first = first();
        return size() == last() - first + 1;
    }

    long word(int i) {
        return switch (i) {
            case 0 -> word0;
            case 1 -> word1;
            case 2 -> word2;
            default -> word3;
        };
    }

    /** The largest value. */
    public int last() {
        for (int w = 3; w >= 0; w--) {
            if (word(w) != 0) {
                return w * 64 + 63 - Long.numberOfLeadingZeros(word(w));
            }
        }
        throw new IllegalStateException("empty octet set");
    }

    @Override
    public String toString() {
        if (equals(ALL)) {
            return "*";
        }
        StringJoiner out = new StringJoiner(",");
        for (int v = next(0); v >= 0; ) {
            int end = v;
            while (end < 255 && contains(end + 1)) {
                end++;
            }
            out.add(end == v ? Integer.toString(v) : v + "-" + end);
            v = end == 255 ? -1 : next(end + 1);
        }
        return out.toString();
    }
}
