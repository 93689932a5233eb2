package io.netsweep.target;

import java.net.InetAddress;
import java.util.Iterator;

/**
 * The addresses of one family in a {@link TargetSet}, in ascending order: {@link AddressBlocks} (sorted
 * intervals) or, for IPv4 targets with octet patterns, {@link OctetTree}. Immutable and thread-safe; each
 * iterator belongs to one thread.
 */
sealed interface AddressSpace permits AddressBlocks, OctetTree {
    long size();

    /** The address at {@code index}, {@code 0 <= index < size()}. */
    InetAddress get(long index);

    /** Whether the address with these 128 bits (IPv4: hi 0, lo the 32-bit value) is in the set. */
    boolean contains(long hi, long lo);

    /** Walks the set in ascending order. */
    Iterator<InetAddress> iterator();
}
