package io.netsweep.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Room for the packets one system call reads ({@link LinuxSocket#receive(ReceiveBatch)}, {@code recvmmsg}), with
 * the address each came from, in one native segment reused from call to call: a queue of answers is drained with a
 * call per batch instead of one per packet, and reading allocates nothing.
 *
 * <p>Not thread-safe: owned by the receiving thread. {@link #close()} frees its memory.
 */
public final class ReceiveBatch implements AutoCloseable {
    private final int capacity;
    private final int packetCapacity;
    private final Arena arena;
    /** {@code struct mmsghdr[capacity]}, handed to the kernel. */
    final MemorySegment messages;
    private final MemorySegment[] headers;
    private final MemorySegment[] addresses;
    private final MemorySegment packets;
    private int size;
    private boolean closed;

    /**
     * Room for {@code capacity} packets of up to {@code packetCapacity} bytes each (longer ones are truncated).
     *
     * @throws IllegalArgumentException if either is not positive
     */
    public ReceiveBatch(int capacity, int packetCapacity) {
        if (capacity <= 0 || packetCapacity <= 0) {
            throw new IllegalArgumentException("capacity " + capacity + ", packet capacity " + packetCapacity);
        }
        this.capacity = capacity;
        this.packetCapacity = packetCapacity;
        arena = Arena.ofShared();
        messages = arena.allocate(SysSocket.MMSGHDR, capacity);
        packets = arena.allocate((long) capacity * packetCapacity, 8);
        MemorySegment names = arena.allocate(SysSocket.SOCKADDR_STORAGE, capacity);
        MemorySegment iov = arena.allocate(SysSocket.IOVEC, capacity);
        headers = new MemorySegment[capacity];
        addresses = new MemorySegment[capacity];
        long header = SysSocket.MMSGHDR.byteSize();
        long name = SysSocket.SOCKADDR_STORAGE.byteSize();
        for (int i = 0; i < capacity; i++) {
            headers[i] = messages.asSlice(i * header, header);
            addresses[i] = names.asSlice(i * name, name);
            MemorySegment iovec = iov.asSlice(i * SysSocket.IOVEC.byteSize(), SysSocket.IOVEC);
            SysSocket.iov_base(iovec, packets.asSlice((long) i * packetCapacity, packetCapacity));
            SysSocket.iov_len(iovec, packetCapacity);
            SysSocket.msg_iov(headers[i], iovec, 1);
            SysSocket.msg_control(headers[i], MemorySegment.NULL, 0);
            SysSocket.msg_name(headers[i], addresses[i], (int) name);
            SysSocket.msg_flags(headers[i], 0);
        }
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
        int length = Math.min(SysSocket.msg_len(headers[index]), Math.min(packetCapacity, RawPacket.CAPACITY));
        MemorySegment.copy(packets, JAVA_BYTE, (long) index * packetCapacity, into.data, 0, length);
        into.length = length;
        into.sourceLength = SockAddr.readRaw(addresses[index], into.source);
    }

    /** Makes the slots the last call filled ready again (the kernel rewrote their address lengths and flags). */
    void prepare() {
        int name = (int) SysSocket.SOCKADDR_STORAGE.byteSize();
        for (int i = 0; i < size; i++) {
            SysSocket.msg_name(headers[i], addresses[i], name);
            SysSocket.msg_flags(headers[i], 0);
        }
        size = 0;
    }

    void received(int n) {
        size = n;
    }

    /** Frees the native memory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        arena.close();
    }
}
