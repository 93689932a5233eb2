package io.netsweep.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The native side of a batch of datagrams for {@code sendmmsg} and {@code recvmmsg}: {@code struct mmsghdr[capacity]}
 * whose every message points to one {@code iovec} over its own packet slot of {@code packetCapacity} bytes and to its
 * own address slot, all allocated once in one arena. The slices of each message are made here too, so that filling
 * or reading a message later allocates nothing.
 *
 * <p>Every message starts ready to receive: its {@code iovec} spans its whole packet slot, its name its whole address
 * slot, with no control data and no flags. A sender sets each message's lengths and address as it fills it.
 *
 * <p>Not thread-safe: owned by the batch that made it. {@link #close()} frees its memory.
 */
final class MessageArray implements AutoCloseable {
    private final Arena arena;
    /** {@code struct mmsghdr[capacity]}, handed to the kernel. */
    final MemorySegment messages;
    /** The packet slots, one after another: message {@code i}'s starts at {@code i * packetCapacity}. */
    final MemorySegment packets;
    private final MemorySegment[] headers;
    private final MemorySegment[] addresses;
    private final MemorySegment[] iovecs;
    private boolean closed;

    /**
     * {@code capacity} messages, each with a packet slot of {@code packetCapacity} bytes and an address slot of
     * {@code addressSize} bytes.
     *
     * @throws IllegalArgumentException if {@code capacity} or {@code packetCapacity} is not positive
     */
    MessageArray(int capacity, int packetCapacity, int addressSize) {
        if (capacity <= 0 || packetCapacity <= 0) {
            throw new IllegalArgumentException("capacity " + capacity + ", packet capacity " + packetCapacity);
        }
        arena = Arena.ofShared();
        messages = arena.allocate(SysSocket.MMSGHDR, capacity);
        packets = arena.allocate((long) capacity * packetCapacity, 8);
        MemorySegment names = arena.allocate((long) capacity * addressSize, 8);
        MemorySegment iov = arena.allocate(SysSocket.IOVEC, capacity);
        headers = new MemorySegment[capacity];
        addresses = new MemorySegment[capacity];
        iovecs = new MemorySegment[capacity];
        long header = SysSocket.MMSGHDR.byteSize();
        for (int i = 0; i < capacity; i++) {
            headers[i] = messages.asSlice(i * header, header);
            addresses[i] = names.asSlice((long) i * addressSize, addressSize);
            iovecs[i] = iov.asSlice(i * SysSocket.IOVEC.byteSize(), SysSocket.IOVEC);
            SysSocket.iov_base(iovecs[i], packets.asSlice((long) i * packetCapacity, packetCapacity));
            SysSocket.iov_len(iovecs[i], packetCapacity);
            SysSocket.msg_iov(headers[i], iovecs[i], 1);
            SysSocket.msg_control(headers[i], MemorySegment.NULL, 0);
            SysSocket.msg_name(headers[i], addresses[i], addressSize);
            SysSocket.msg_flags(headers[i], 0);
        }
    }

    /** The {@code mmsghdr} of message {@code index}. */
    MemorySegment header(int index) {
        return headers[index];
    }

    /** The address slot of message {@code index}, its {@code msg_name}. */
    MemorySegment address(int index) {
        return addresses[index];
    }

    /** The {@code iovec} of message {@code index}, over its packet slot. */
    MemorySegment iovec(int index) {
        return iovecs[index];
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
