package io.netsweep.target;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A set of IPv4 addresses as a reduced octet tree: four levels, one per octet. An inner node lists its
 * non-empty children as runs of consecutive octet values that lead to the same child; a leaf is the
 * 256-bit set of last octets. Equal subtrees are one object ({@link OctetTreeBuilder} interns them), so
 * an octet pattern, a product of four sets, takes one node per level: {@code *.*.*.1} is 16.7 million
 * addresses and as many separate intervals, yet four nodes. A CIDR block or a range takes a few nodes per
 * level. Size, index access (four binary searches), membership and iteration work on the tree itself;
 * nothing is expanded.
 *
 * <p>Immutable and thread-safe; each iterator belongs to one thread.
 */
final class OctetTree implements AddressSpace {

    /** A subtree: the addresses below it, counted once when it is made. */
    abstract static sealed class Node permits Leaf, Inner {
        final long count;

        Node(long count) {
            this.count = count;
        }
    }

    /** The last octet: value {@code v} is bit {@code v % 64} of {@code words[v / 64]}; never empty. */
    static final class Leaf extends Node {
        final long[] words;

        Leaf(long[] words) {
            super(Long.bitCount(words[0]) + Long.bitCount(words[1]) + Long.bitCount(words[2]) + Long.bitCount(words[3]));
            this.words = words;
        }

        boolean contains(int value) {
            return (words[value >>> 6] & (1L << value)) != 0;
        }

        /** The smallest value at or above {@code from}, or -1. */
        int next(int from) {
            for (int w = from >>> 6; w < 4; w++) {
                long bits = w == from >>> 6 ? words[w] & (-1L << from) : words[w];
                if (bits != 0) {
                    return w * 64 + Long.numberOfTrailingZeros(bits);
                }
            }
            return -1;
        }

        /** The value of rank {@code k} (0-based) among this leaf's values. */
        int select(long k) {
            long left = k;
            for (int w = 0; w < 4; w++) {
                int inWord = Long.bitCount(words[w]);
                if (left < inWord) {
                    long bits = words[w];
                    for (long skip = left; skip > 0; skip--) {
                        bits &= bits - 1; // drop the lowest value
                    }
                    return w * 64 + Long.numberOfTrailingZeros(bits);
                }
                left -= inWord;
            }
            throw new IndexOutOfBoundsException("rank " + k + " in a leaf of " + count);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Leaf l && Arrays.equals(words, l.words);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(words);
        }
    }

    /**
     * Octets 1 to 3: run {@code r} covers values {@code from[r]..to[r]}, each leading to {@code child[r]};
     * runs ascend, do not overlap, and adjacent runs lead to different children. {@code before[r]} counts the
     * addresses of the earlier runs.
     */
    static final class Inner extends Node {
        final int[] from;
        final int[] to;
        final Node[] child;
        final long[] before;

        Inner(int[] from, int[] to, Node[] child) {
            super(total(from, to, child));
            this.from = from;
            this.to = to;
            this.child = child;
            this.before = new long[from.length];
            long sum = 0;
            for (int r = 0; r < from.length; r++) {
                before[r] = sum;
                sum += (long) (to[r] - from[r] + 1) * child[r].count;
            }
        }

        private static long total(int[] from, int[] to, Node[] child) {
            long sum = 0;
            for (int r = 0; r < from.length; r++) {
                sum += (long) (to[r] - from[r] + 1) * child[r].count;
            }
            return sum;
        }

        int runs() {
            return from.length;
        }

        /** The run holding {@code octet}, or -1. */
        int runOf(int octet) {
            int low = 0;
            int high = from.length - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                if (to[mid] < octet) {
                    low = mid + 1;
                } else if (from[mid] > octet) {
                    high = mid - 1;
                } else {
                    return mid;
                }
            }
            return -1;
        }

        /** The run holding the address of rank {@code index} below this node. */
        int runAt(long index) {
            int r = Arrays.binarySearch(before, index); // strictly ascending: no run is empty
            return r >= 0 ? r : -r - 2;
        }

        // Children are interned, so comparing them by identity is comparing the subtrees.
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Inner n) || n.from.length != from.length || !Arrays.equals(from, n.from)
                    || !Arrays.equals(to, n.to)) {
                return false;
            }
            for (int r = 0; r < child.length; r++) {
                if (child[r] != n.child[r]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = Arrays.hashCode(from) * 31 + Arrays.hashCode(to);
            for (Node c : child) {
                h = h * 31 + System.identityHashCode(c);
            }
            return h;
        }
    }

    private final Inner root; // null: the empty set

    OctetTree(Node root) {
        this.root = (Inner) root;
    }

    @Override
    public long size() {
        return root == null ? 0 : root.count;
    }

    @Override
    public InetAddress get(long index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0-" + (size() - 1));
        }
        long rest = index;
        int value = 0;
        Node node = root;
        while (node instanceof Inner n) {
            int r = n.runAt(rest);
            long inRun = rest - n.before[r];
            long perChild = n.child[r].count;
            value = value << 8 | (n.from[r] + (int) (inRun / perChild));
            rest = inRun % perChild;
            node = n.child[r];
        }
        return address(value << 8 | ((Leaf) node).select(rest));
    }

    @Override
    public boolean contains(long hi, long lo) {
        if (hi != 0 || root == null || (lo >>> 32) != 0) {
            return false;
        }
        Node node = root;
        for (int shift = 24; shift > 0; shift -= 8) {
            Inner n = (Inner) node;
            int r = n.runOf((int) (lo >>> shift) & 0xff);
            if (r < 0) {
                return false;
            }
            node = n.child[r];
        }
        return ((Leaf) node).contains((int) lo & 0xff);
    }

    @Override
    public Iterator<InetAddress> iterator() {
        return new Walk();
    }

    /** Depth-first, in ascending order: the path to the current leaf and the current last octet. */
    private final class Walk implements Iterator<InetAddress> {
        private final Inner[] nodes = new Inner[3];
        private final int[] run = new int[3];
        private final int[] octet = new int[3];
        private Leaf leaf;
        private int last = -1; // -1: nothing left

        Walk() {
            if (root != null) {
                descend(0, root);
            }
        }

        /** Positions the path from {@code level} down at the first address under {@code node}. */
        private void descend(int level, Node node) {
            Node n = node;
            for (int l = level; l < 3; l++) {
                Inner in = (Inner) n;
                nodes[l] = in;
                run[l] = 0;
                octet[l] = in.from[0];
                n = in.child[0];
            }
            leaf = (Leaf) n;
            last = leaf.next(0);
        }

        @Override
        public boolean hasNext() {
            return last >= 0;
        }

        @Override
        public InetAddress next() {
            if (last < 0) {
                throw new NoSuchElementException();
            }
            InetAddress a = address(octet[0] << 24 | octet[1] << 16 | octet[2] << 8 | last);
            last = last == 255 ? -1 : leaf.next(last + 1);
            if (last < 0) {
                advance();
            }
            return a;
        }

        /** Moves to the first address of the next leaf, or ends the walk. */
        private void advance() {
            for (int l = 2; l >= 0; l--) {
                Inner in = nodes[l];
                if (octet[l] < in.to[run[l]]) {
                    octet[l]++;
                } else if (run[l] + 1 < in.runs()) {
                    run[l]++;
                    octet[l] = in.from[run[l]];
                } else {
                    continue; // this node is done: move on one level up
                }
                Node child = in.child[run[l]];
                if (l == 2) {
                    leaf = (Leaf) child;
                    last = leaf.next(0);
                } else {
                    descend(l + 1, child);
                }
                return;
            }
            last = -1;
        }
    }

    private static InetAddress address(int value) {
        try {
            return (Inet4Address) InetAddress.getByAddress(
                    new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are an IPv4 address", e);
        }
    }
}
