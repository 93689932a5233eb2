package io.netsweep.target;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An inclusive interval of address numbers within one family, and the set algebra on sorted lists of
 * them that the builder needs. Build-time only: BigInteger keeps huge IPv6 spans exact until the
 * size limits have been checked.
 */
record Span(BigInteger first, BigInteger last) {
    Span {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (last.compareTo(first) < 0) {
            throw new IllegalArgumentException("span end before start");
        }
    }

    BigInteger count() {
        return last.subtract(first).add(BigInteger.ONE);
    }

    /** Sorted, disjoint, non-adjacent spans covering exactly the union of {@code spans}. */
    static List<Span> union(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparing(Span::first));
        List<Span> out = new ArrayList<>();
        for (Span s : sorted) {
            Span prev = out.isEmpty() ? null : out.getLast();
            if (prev != null && s.first.compareTo(prev.last.add(BigInteger.ONE)) <= 0) {
                out.set(out.size() - 1, new Span(prev.first, prev.last.max(s.last)));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** {@code from} minus {@code remove}; both sorted and disjoint (as {@link #union} returns). */
    static List<Span> subtract(List<Span> from, List<Span> remove) {
        List<Span> out = new ArrayList<>();
        int j = 0;
        for (Span s : from) {
            BigInteger cursor = s.first;
            while (j < remove.size() && remove.get(j).last.compareTo(cursor) < 0) {
                j++;
            }
            int k = j;
            while (k < remove.size() && remove.get(k).first.compareTo(s.last) <= 0) {
                Span r = remove.get(k);
                if (r.first.compareTo(cursor) > 0) {
                    out.add(new Span(cursor, r.first.subtract(BigInteger.ONE)));
                }
                cursor = cursor.max(r.last.add(BigInteger.ONE));
                k++;
            }
            if (cursor.compareTo(s.last) <= 0) {
                out.add(new Span(cursor, s.last));
            }
        }
        return out;
    }

    static BigInteger total(List<Span> spans) {
        return spans.stream().map(Span::count).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** The part of this span inside {@code [lo, hi]}, if any. */
    Optional<Span> intersect(BigInteger lo, BigInteger hi) {
        BigInteger a = first.max(lo);
        BigInteger b = last.min(hi);
        return a.compareTo(b) <= 0 ? Optional.of(new Span(a, b)) : Optional.empty();
    }
}
