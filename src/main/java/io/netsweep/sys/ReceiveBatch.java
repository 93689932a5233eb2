package io.netsweep.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;

/**
 * Room for the packets one system call reads ({@link LinuxSocket#receive(ReceiveBatch)}, {@code recvmmsg}), with
 * the address each came from, in one native segment reused from call to call: a queue of answers is drained with a
 * call per batch instead of one per packet, and reading allocates nothing.
 *
 * <p>Not thread-safe: owned by the receiving thread. {@link #close()} frees its memory.
 */
public final class ReceiveBatch implements AutoCloseable {
    private static final int ADDRESS_SIZE = (int) SysSocket.SOCKADDR_STORAGE.byteSize();

    private final int capacity;
    private final int packetCapacity;
    /** The messages, each with an address slot for any source ({@code struct sockaddr_storage}). */
    private final MessageArray messages;
    private int size;

    /**
     * Room for {@code capacity} packets of up to {@code packetCapacity} bytes each (longer ones are truncated).
     *
     * @throws IllegalArgumentException if either is not positive
     */
    public ReceiveBatch(int capacity, int packetCapacity) {
        messages = new MessageArray(capacity, packetCapacity, ADDRESS_SIZE);
        this.capacity = capacity;
        this.packetCapacity = packetCapacity;
    }

    /** How many packets one call may read. */
    public int capacity() {
        return capacity;
    }

    /** Packets the last receive read. */
    public int size() {
        return size;
    }

    /**
     * Copies packet {@code index} (below {@link #size()}) of the last receive into {@code into}: its bytes (up to
     * {@link RawPacket#CAPACITY}), length and source address.
     */
    public void copy(int index, RawPacket into) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index + " of " + size);
        }
        int length = Math.min(SysSocket.msg_len(messages.header(index)),
                Math.min(packetCapacity, RawPacket.CAPACITY));
        MemorySegment.copy(messages.packets, JAVA_BYTE, (long) index * packetCapacity, into.data, 0, length);
        into.length = length;
        into.sourceLength = SockAddr.readRaw(messages.address(index), into.source);
    }

    /** Makes the slots the last call filled ready again (the kernel rewrote their address lengths and flags). */
    void prepare() {
        for (int i = 0; i < size; i++) {
            MemorySegment header = messages.header(i);
            SysSocket.msg_name(header, messages.address(i), ADDRESS_SIZE);
            SysSocket.msg_flags(header, 0);
        }
        size = 0;
    }

    /** The {@code mmsghdr} array handed to the kernel. */
    MemorySegment messages() {
        return messages.messages;
    }

    void received(int n) {
        size = n;
    }

    /** Frees the native memory. Idempotent. */
    @Override
    public void close() {
        messages.close();
    }
}
