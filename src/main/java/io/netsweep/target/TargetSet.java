package io.netsweep.target;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A finite set of IPv4 and IPv6 addresses to scan, after exclusions and without duplicates.
 *
 * <p>Never materialized: it is a short list of blocks of consecutive addresses, so an /8 costs as
 * little memory as a /24; IPv4 octet patterns ({@code *.*.*.1}: millions of separate addresses) are kept
 * as a shared octet tree of a few nodes instead. The size is known up front and any address can be reached by index in
 * O(log blocks), so the engine can walk the set in a spread-out order (see {@link Permutation}).
 * Index order is ascending, all IPv4 addresses before all IPv6 ones. IPv4-mapped IPv6 addresses
 * ({@code ::ffff:a.b.c.d}) are the IPv4 addresses they map, as in {@code java.net}.
 *
 * <p>Build one with {@link #builder(HostResolver)}, or {@link #of(String...)} for literals.
 * Immutable and safe to share between threads; each iterator belongs to one thread.
 */
public final class TargetSet implements Iterable<InetAddress> {
    /** Sets larger than this need {@link TargetSetBuilder#allowLarge(boolean)} ({@code --allow-large}). */
    public static final long LARGE = 1L << 24;
    /** No set may be larger than this: it could not be scanned in any useful time. */
    public static final long MAX = 1L << 48;

    private final AddressSpace v4;
    private final AddressSpace v6;
    private final Map<InetAddress, String> names;

    TargetSet(AddressSpace v4, AddressSpace v6, Map<InetAddress, String> names) {
        this.v4 = v4;
        this.v6 = v6;
        this.names = Map.copyOf(names);
    }

    /** A builder whose hostname targets are looked up with {@code resolver}. */
    public static TargetSetBuilder builder(HostResolver resolver) {
        return new TargetSetBuilder(resolver);
    }

    /** The set of the given address, CIDR and range tokens; hostnames are refused. */
    public static TargetSet of(String... tokens) {
        TargetSetBuilder b = builder(HostResolver.none());
        for (String t : tokens) {
            b.add(t);
        }
        return b.build();
    }

    /**
     * Number of distinct addresses, at most {@link #MAX}: at least 1 for a set built from targets, and 0 only for
     * a shard's part of a set smaller than the number of shards ({@link ShardSplit#addresses}).
     */
    public long size() {
        return v4.size() + v6.size();
    }

    /** The address at {@code index} in ascending order (IPv4 before IPv6), {@code 0 <= index < size()}. */
    public InetAddress get(long index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0-" + (size() - 1));
        }
        return index < v4.size() ? v4.get(index) : v6.get(index - v4.size());
    }

    public boolean contains(InetAddress address) {
        byte[] raw = address.getAddress();
        if (address instanceof Inet4Address) {
            return v4.contains(0, ByteBuffer.wrap(raw).getInt() & 0xffffffffL);
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        long hi = b.getLong();
        long lo = b.getLong();
        if (hi == 0 && (lo >>> 32) == 0xffffL) { // ::ffff:a.b.c.d
            return v4.contains(0, lo & 0xffffffffL);
        }
        return v6.contains(hi, lo);
    }

    /** The index of {@code address} in this set's order, or -1 when it is not in the set: a binary search. */
    public long indexOf(InetAddress address) {
        long low = 0;
        long high = size() - 1;
        while (low <= high) {
            long mid = (low + high) >>> 1;
            int c = AddressOrder.compare(get(mid), address);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /**
     * The subset at the given index ranges ({@code [from, to)} each, ascending and disjoint), with the same given
     * names. A range costs a block or two for a set of address blocks, one block per address for an octet pattern.
     */
    TargetSet indexRanges(List<long[]> ranges) {
        List<Span> four = new ArrayList<>();
        List<Span> six = new ArrayList<>();
        long n4 = v4.size();
        for (long[] r : ranges) {
            if (r[0] < n4) {
                spans(v4, r[0], Math.min(r[1], n4), four);
            }
            if (r[1] > n4) {
                spans(v6, Math.max(r[0], n4) - n4, r[1] - n4, six);
            }
        }
        return new TargetSet(new AddressBlocks(4, Span.union(four)), new AddressBlocks(16, Span.union(six)), names);
    }

    private static void spans(AddressSpace space, long from, long to, List<Span> out) {
        if (space instanceof AddressBlocks blocks) {
            blocks.spans(from, to, out);
            return;
        }
        for (long i = from; i < to; i++) {
            BigInteger n = new BigInteger(1, space.get(i).getAddress());
            out.add(new Span(n, n));
        }
    }

    /**
     * A SHA-256 of the addresses in the set (not of how they were written): two sets of the same addresses have
     * the same digest. Lowercase hex. Octet patterns are walked address by address, blocks of addresses read as they are.
     */
    public String digest() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        ByteBuffer run = ByteBuffer.allocate(25);
        AddressBlocks.BlockVisitor write = (hi, lo, length) -> {
            sha.update(run.clear().putLong(hi).putLong(lo).putLong(length).flip());
        };
        for (AddressSpace space : List.of(v4, v6)) {
            sha.update(run.clear().put((byte) (space == v4 ? 4 : 6)).flip());
            if (space instanceof AddressBlocks blocks) {
                blocks.forEachBlock(write);
            } else {
                walkRuns(space, write);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Consecutive addresses of an IPv4 space as blocks, as {@link AddressBlocks} keeps them. */
    private static void walkRuns(AddressSpace space, AddressBlocks.BlockVisitor out) {
        long start = -1;
        long length = 0;
        for (InetAddress a : (Iterable<InetAddress>) space::iterator) {
            long n = ByteBuffer.wrap(a.getAddress()).getInt() & 0xffffffffL;
            if (length > 0 && n == start + length) {
                length++;
                continue;
            }
            if (length > 0) {
                out.visit(0, start, length);
            }
            start = n;
            length = 1;
        }
        if (length > 0) {
            out.visit(0, start, length);
        }
    }

    /** The hostname the user gave for {@code address}, when it was a hostname target that resolved to it. */
    public Optional<String> givenName(InetAddress address) {
        return Optional.ofNullable(names.get(address));
    }

    /** Lazily walks the set in index order; constant memory. */
    @Override
    public Iterator<InetAddress> iterator() {
        Iterator<InetAddress> first = v4.iterator();
        Iterator<InetAddress> second = v6.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return first.hasNext() || second.hasNext();
            }

            @Override
            public InetAddress next() {
                if (first.hasNext()) {
                    return first.next();
                }
                if (second.hasNext()) {
                    return second.next();
                }
                throw new NoSuchElementException();
            }
        };
    }

    @Override
    public String toString() {
        return "TargetSet[" + size() + " addresses]";
    }
}
