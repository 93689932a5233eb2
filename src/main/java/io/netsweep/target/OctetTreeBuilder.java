package io.netsweep.target;

import io.netsweep.target.OctetTree.Inner;
import io.netsweep.target.OctetTree.Leaf;
import io.netsweep.target.OctetTree.Node;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the nodes of {@link OctetTree}s for one target-set build: from sorted intervals, from octet
 * patterns, and by union and difference. Every node is interned, so equal subtrees are one object, and the
 * set operations are memoized on pairs of nodes, so their cost follows the number of distinct subtrees,
 * not of addresses ({@code *.*.*.*} minus {@code *.*.*.1} visits four pairs). A null node is the empty set.
 * Single use, build-time only, not thread-safe.
 */
final class OctetTreeBuilder {
    private final Map<Node, Node> interned = new HashMap<>();
    private final Map<Pair, Node> unions = new HashMap<>();
    private final Map<Pair, Node> differences = new HashMap<>();
    private final Node[] full = new Node[4];

    /** Two nodes, compared by identity: interned nodes are equal only when identical. */
    private record Pair(Node a, Node b) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && p.a == a && p.b == b;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(a) + System.identityHashCode(b);
        }
    }

    OctetTree tree(Node root) {
        return new OctetTree(root);
    }

    /** The addresses of {@code spans}: IPv4 numbers, sorted, disjoint (as {@link Span#union} returns). */
    Node fromSpans(List<Span> spans) {
        long[] first = new long[spans.size()];
        long[] last = new long[spans.size()];
        for (int i = 0; i < first.length; i++) {
            first[i] = spans.get(i).first().longValueExact();
            last[i] = spans.get(i).last().longValueExact();
        }
        return build(0, 0, first, last, 0, first.length);
    }

    /** Every address whose octets are in the four sets. */
    Node pattern(List<OctetSet> octets) {
        OctetSet lastOctet = octets.get(3);
        Node node = leaf(new long[] {lastOctet.word0(), lastOctet.word1(), lastOctet.word2(), lastOctet.word3()});
        for (int level = 2; level >= 0; level--) {
            OctetSet o = octets.get(level);
            Runs runs = new Runs();
            for (int v = o.next(0); v >= 0; ) {
                int end = v;
                while (end < 255 && o.contains(end + 1)) {
                    end++;
                }
                runs.add(v, end, node);
                v = end == 255 ? -1 : o.next(end + 1);
            }
            node = runs.node();
        }
        return node;
    }

    Node union(Node a, Node b) {
        if (a == null || a == b) {
            return b;
        }
        if (b == null) {
            return a;
        }
        Pair key = new Pair(a, b);
        Node done = unions.get(key);
        if (done == null) {
            done = a instanceof Leaf x ? leafOf(x, (Leaf) b, true) : combine((Inner) a, (Inner) b, true);
            unions.put(key, done);
        }
        return done;
    }

    /** {@code a} without the addresses of {@code b}. */
    Node minus(Node a, Node b) {
        if (a == null || a == b) {
            return null;
        }
        if (b == null) {
            return a;
        }
        Pair key = new Pair(a, b);
        if (differences.containsKey(key)) {
            return differences.get(key);
        }
        Node done = a instanceof Leaf x ? leafOf(x, (Leaf) b, false) : combine((Inner) a, (Inner) b, false);
        differences.put(key, done);
        return done;
    }

    private Node leafOf(Leaf x, Leaf y, boolean union) {
        long[] w = new long[4];
        for (int k = 0; k < 4; k++) {
            w[k] = union ? x.words[k] | y.words[k] : x.words[k] & ~y.words[k];
        }
        return leaf(w);
    }

    /** Sweeps the octet values once, over the runs of both nodes. */
    private Node combine(Inner a, Inner b, boolean union) {
        Runs out = new Runs();
        int i = 0;
        int j = 0;
        int pos = 0;
        while (pos <= 255) {
            while (i < a.runs() && a.to[i] < pos) {
                i++;
            }
            while (j < b.runs() && b.to[j] < pos) {
                j++;
            }
            if (i >= a.runs() && (j >= b.runs() || !union)) {
                break;
            }
            Node ca = null;
            Node cb = null;
            int end = 255;
            if (i < a.runs()) {
                if (a.from[i] <= pos) {
                    ca = a.child[i];
                    end = a.to[i];
                } else {
                    end = a.from[i] - 1;
                }
            }
            if (j < b.runs()) {
                if (b.from[j] <= pos) {
                    cb = b.child[j];
                    end = Math.min(end, b.to[j]);
                } else {
                    end = Math.min(end, b.from[j] - 1);
                }
            }
            Node c = union ? union(ca, cb) : minus(ca, cb);
            if (c != null) {
                out.add(pos, end, c);
            }
            pos = end + 1;
        }
        return out.node();
    }

    /**
     * The node at {@code level} (0: first octet, 3: leaf) for the addresses {@code base ..} of its space
     * that spans {@code lo..hi-1} cover (clipped to that space).
     */
    private Node build(int level, long base, long[] first, long[] last, int lo, int hi) {
        long end = base + (1L << (8 * (4 - level))) - 1;
        if (level == 3) {
            long[] w = new long[4];
            for (int i = lo; i < hi; i++) {
                int a = (int) (Math.max(first[i], base) - base);
                int b = (int) (Math.min(last[i], end) - base);
                for (int v = a; v <= b; v++) {
                    w[v >>> 6] |= 1L << v;
                }
            }
            return leaf(w);
        }
        long childSize = 1L << (8 * (3 - level));
        Runs runs = new Runs();
        long pos = base;
        int i = lo;
        while (i < hi && pos <= end) {
            long a = Math.max(first[i], pos);
            long b = Math.min(last[i], end);
            int c = (int) ((a - base) / childSize);
            long childBase = base + c * childSize;
            long childEnd = childBase + childSize - 1;
            if (a == childBase && b >= childEnd) { // whole children: one run to the shared full subtree
                int lastWhole = (int) ((b - base + 1) / childSize) - 1;
                runs.add(c, lastWhole, full(level + 1));
                pos = base + (lastWhole + 1) * childSize;
            } else {
                int j = i;
                while (j < hi && first[j] <= childEnd) {
                    j++;
                }
                runs.add(c, c, build(level + 1, childBase, first, last, i, j));
                pos = childEnd + 1;
            }
            while (i < hi && last[i] < pos) {
                i++;
            }
        }
        return runs.node();
    }

    /** Every address below a node of {@code level}. */
    private Node full(int level) {
        if (full[level] == null) {
            if (level == 3) {
                full[level] = leaf(new long[] {-1L, -1L, -1L, -1L});
            } else {
                Runs runs = new Runs();
                runs.add(0, 255, full(level + 1));
                full[level] = runs.node();
            }
        }
        return full[level];
    }

    private Node leaf(long[] words) {
        if ((words[0] | words[1] | words[2] | words[3]) == 0) {
            return null;
        }
        return intern(new Leaf(words));
    }

    private Node intern(Node n) {
        Node known = interned.putIfAbsent(n, n);
        return known != null ? known : n;
    }

    /** The runs of one inner node, added in ascending order; adjacent runs to one child merge. */
    private final class Runs {
        private int[] from = new int[4];
        private int[] to = new int[4];
        private Node[] child = new Node[4];
        private int n;

        void add(int first, int last, Node c) {
            if (n > 0 && child[n - 1] == c && to[n - 1] + 1 == first) {
                to[n - 1] = last;
                return;
            }
            if (n == from.length) {
                from = Arrays.copyOf(from, 2 * n);
                to = Arrays.copyOf(to, 2 * n);
                child = Arrays.copyOf(child, 2 * n);
            }
            from[n] = first;
            to[n] = last;
            child[n] = c;
            n++;
        }

        Node node() {
            return n == 0 ? null : intern(new Inner(Arrays.copyOf(from, n), Arrays.copyOf(to, n), Arrays.copyOf(child, n)));
        }
    }
}
