package io.netsweep.port;

import java.util.Arrays;
import java.util.BitSet;
import java.util.stream.IntStream;

/**
 * An immutable set of TCP/UDP port numbers (1-65535), iterated in ascending order.
 *
 * <p>Immutable and therefore safe to share between threads.
 */
public final class PortSet {
    public static final int MIN_PORT = 1;
    public static final int MAX_PORT = 65535;

    private static final PortSet EMPTY = new PortSet(new int[0]);

    private final int[] ports; // ascending, distinct
    private final BitSet members;

    private PortSet(int[] ascendingDistinct) {
        this.ports = ascendingDistinct;
        this.members = new BitSet(MAX_PORT + 1);
        for (int p : ascendingDistinct) {
            members.set(p);
        }
    }

    public static PortSet empty() {
        return EMPTY;
    }

    /** The ports given, in any order, duplicates allowed. */
    public static PortSet of(int... ports) {
        for (int p : ports) {
            checkPort(p);
        }
        return new PortSet(IntStream.of(ports).sorted().distinct().toArray());
    }

    /** Every port from {@code first} to {@code last}, inclusive. */
    public static PortSet range(int first, int last) {
        checkPort(first);
        checkPort(last);
        if (first > last) {
            throw new IllegalArgumentException("port range " + first + "-" + last + " is reversed");
        }
        return new PortSet(IntStream.rangeClosed(first, last).toArray());
    }

    public PortSet union(PortSet other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        BitSet all = (BitSet) members.clone();
        all.or(other.members);
        return new PortSet(all.stream().toArray());
    }

    public boolean contains(int port) {
        return port >= MIN_PORT && port <= MAX_PORT && members.get(port);
    }

    public int size() {
        return ports.length;
    }

    public boolean isEmpty() {
        return ports.length == 0;
    }

    /** The {@code index}-th smallest port. */
    public int get(int index) {
        return ports[index];
    }

    public IntStream stream() {
        return Arrays.stream(ports);
    }

    public int[] toArray() {
        return ports.clone();
    }

    /** Compact form as accepted by {@code -p}: {@code 22,80,8000-8100}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < ports.length) {
            int j = i;
            while (j + 1 < ports.length && ports[j + 1] == ports[j] + 1) {
                j++;
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(ports[i]);
            if (j > i) {
                sb.append('-').append(ports[j]);
            }
            i = j + 1;
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortSet other && Arrays.equals(ports, other.ports);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ports);
    }

    private static void checkPort(int p) {
        if (p < MIN_PORT || p > MAX_PORT) {
            throw new IllegalArgumentException("port " + p + " is outside 1-65535");
        }
    }
}
