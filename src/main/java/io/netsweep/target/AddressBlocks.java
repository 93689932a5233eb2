package io.netsweep.target;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Sorted, disjoint blocks of consecutive addresses of one family, in constant memory per block.
 * Each block start is a 128-bit number in two longs (IPv4 uses only the low 32 bits); block lengths
 * and their running totals are longs, which the 2^48 limit on a target set guarantees. Lookup by
 * index and membership are binary searches. Immutable and thread-safe.
 */
final class AddressBlocks implements AddressSpace {
    private static final BigInteger LOW_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final int bytes;      // 4 or 16
    private final long[] startHi;
    private final long[] startLo;
    private final long[] length;
    private final long[] before;  // addresses in all earlier blocks
    private final long size;

    AddressBlocks(int bytes, List<Span> spans) {
        this.bytes = bytes;
        int n = spans.size();
        startHi = new long[n];
        startLo = new long[n];
        length = new long[n];
        before = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            Span s = spans.get(i);
            startHi[i] = s.first().shiftRight(64).longValue();
            startLo[i] = s.first().and(LOW_MASK).longValue();
            length[i] = s.count().longValueExact();
            before[i] = total;
            total = Math.addExact(total, length[i]);
        }
        size = total;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InetAddress get(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0-" + (size - 1));
        }
        int i = Arrays.binarySearch(before, index);
        int block = i >= 0 ? i : -i - 2;
        return at(block, index - before[block]);
    }

    @Override
    public boolean contains(long hi, long lo) {
        int low = 0;
        int high = startHi.length - 1;
        int block = -1;
        while (low <= high) { // last block whose start <= value
            int mid = (low + high) >>> 1;
            if (compare(startHi[mid], startLo[mid], hi, lo) <= 0) {
                block = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (block < 0) {
            return false;
        }
        long diffLo = lo - startLo[block];
        long diffHi = hi - startHi[block] - (Long.compareUnsigned(lo, startLo[block]) < 0 ? 1 : 0);
        return diffHi == 0 && Long.compareUnsigned(diffLo, length[block]) < 0;
    }

    @Override
    public Iterator<InetAddress> iterator() {
        return new Iterator<>() {
            private int block;
            private long offset;

            @Override
            public boolean hasNext() {
                return block < length.length;
            }

            @Override
            public InetAddress next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                InetAddress a = at(block, offset);
                if (++offset == length[block]) {
                    block++;
                    offset = 0;
                }
                return a;
            }
        };
    }

    /** Adds the spans of the addresses at indexes {@code from} (inclusive) to {@code to} (exclusive). */
    void spans(long from, long to, List<Span> out) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("indexes " + from + "-" + to + " outside 0-" + size);
        }
        long index = from;
        while (index < to) {
            int i = Arrays.binarySearch(before, index);
            int block = i >= 0 ? i : -i - 2;
            while (length[block] == 0) {
                block++;
            }
            long offset = index - before[block];
            long take = Math.min(length[block] - offset, to - index);
            BigInteger first = number(startHi[block], startLo[block]).add(BigInteger.valueOf(offset));
            out.add(new Span(first, first.add(BigInteger.valueOf(take - 1))));
            index += take;
        }
    }

    /** Each block as (start hi, start lo, length), in order: the set's canonical form. */
    void forEachBlock(BlockVisitor visitor) {
        for (int i = 0; i < length.length; i++) {
            visitor.visit(startHi[i], startLo[i], length[i]);
        }
    }

    /** Receives a block of {@link #forEachBlock}. */
    @FunctionalInterface
    interface BlockVisitor {
        void visit(long startHi, long startLo, long length);
    }

    private static BigInteger number(long hi, long lo) {
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    }

    private InetAddress at(int block, long offset) {
        long lo = startLo[block] + offset;
        long hi = startHi[block] + (Long.compareUnsigned(lo, startLo[block]) < 0 ? 1 : 0);
        byte[] raw = new byte[bytes];
        for (int k = 0; k < bytes; k++) {
            int shift = 8 * (bytes - 1 - k);
            raw[k] = (byte) (shift >= 64 ? hi >>> (shift - 64) : lo >>> shift);
        }
        try {
            // IPv4-mapped IPv6 addresses never reach here: the builder files them as IPv4.
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of " + bytes + " bytes", e);
        }
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }
}
