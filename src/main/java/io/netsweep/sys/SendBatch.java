package io.netsweep.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Packets to send with one system call ({@link LinuxSocket#send(SendBatch)}, {@code sendmmsg}): each with its own
 * destination, built in one native segment that is reused from batch to batch, so that adding a packet allocates
 * nothing and a batch of packets costs one crossing into the kernel instead of one each.
 *
 * <p>The batch keeps the order packets were added in; {@link #sent()} is how many of them, from the first, have
 * been handed to the kernel (or skipped after a failure) since the last {@link #clear()}.
 *
 * <p>Not thread-safe: owned by the sending thread. {@link #close()} frees its memory.
 */
public final class SendBatch implements AutoCloseable {
    private final int capacity;
    private final int packetCapacity;
    private final Arena arena;
    /** {@code struct mmsghdr[capacity]}, handed to the kernel. */
    final MemorySegment messages;
    private final MemorySegment[] headers;
    private final MemorySegment[] addresses;
    private final MemorySegment[] iovecs;
    private final MemorySegment packets;
    private int size;
    private int sent;
    private boolean closed;

    /**
     * Room for {@code capacity} packets of at most {@code packetCapacity} bytes each.
     *
     * @throws IllegalArgumentException if either is not positive
     */
    public SendBatch(int capacity, int packetCapacity) {
        if (capacity <= 0 || packetCapacity <= 0) {
            throw new IllegalArgumentException("capacity " + capacity + ", packet capacity " + packetCapacity);
        }
        this.capacity = capacity;
        this.packetCapacity = packetCapacity;
        arena = Arena.ofShared();
        messages = arena.allocate(SysSocket.MMSGHDR, capacity);
        packets = arena.allocate((long) capacity * packetCapacity, 8);
        MemorySegment names = arena.allocate((long) capacity * SockAddr.IN6_SIZE, 8);
        MemorySegment iov = arena.allocate(SysSocket.IOVEC, capacity);
        headers = new MemorySegment[capacity];
        addresses = new MemorySegment[capacity];
        iovecs = new MemorySegment[capacity];
        long header = SysSocket.MMSGHDR.byteSize();
        for (int i = 0; i < capacity; i++) {
            headers[i] = messages.asSlice(i * header, header);
            addresses[i] = names.asSlice((long) i * SockAddr.IN6_SIZE, SockAddr.IN6_SIZE);
            iovecs[i] = iov.asSlice(i * SysSocket.IOVEC.byteSize(), SysSocket.IOVEC);
            SysSocket.iov_base(iovecs[i], packets.asSlice((long) i * packetCapacity, packetCapacity));
            SysSocket.msg_iov(headers[i], iovecs[i], 1);
            SysSocket.msg_control(headers[i], MemorySegment.NULL, 0);
            SysSocket.msg_flags(headers[i], 0);
        }
    }

    /**
     * Adds {@code length} bytes of {@code packet} to be sent to {@code raw} (4 bytes: IPv4; 16: IPv6 with
     * {@code scopeId}), port 0; returns its index in the batch.
     *
     * @throws IllegalStateException    if the batch is full
     * @throws IllegalArgumentException if the packet is longer than the batch's packet capacity
     */
    public int add(byte[] packet, int length, byte[] raw, int scopeId) {
        if (size == capacity) {
            throw new IllegalStateException("the batch is full");
        }
        if (length > packetCapacity) {
            throw new IllegalArgumentException(length + " bytes: more than " + packetCapacity);
        }
        int i = size;
        MemorySegment.copy(packet, 0, packets, JAVA_BYTE, (long) i * packetCapacity, length);
        SysSocket.iov_len(iovecs[i], length);
        SysSocket.msg_name(headers[i], addresses[i], SockAddr.write(addresses[i], raw, scopeId, 0));
        size++;
        return i;
    }

    /** Packets added since the last {@link #clear()}. */
    public int size() {
        return size;
    }

    /** Whether another packet fits. */
    public boolean isFull() {
        return size == capacity;
    }

    /** How many packets fit. */
    public int capacity() {
        return capacity;
    }

    /** Packets from the first on that were sent or skipped; the next {@link LinuxSocket#send} starts here. */
    public int sent() {
        return sent;
    }

    /** Passes over the packet at {@link #sent()} (one that failed), so the next send starts after it. */
    public void skip() {
        if (sent < size) {
            sent++;
        }
    }

    /** Empties the batch for the next packets. */
    public void clear() {
        size = 0;
        sent = 0;
    }

    /** Records that the kernel took {@code n} more packets. */
    void advance(int n) {
        sent += n;
    }

    /** The {@code mmsghdr} of the packet at {@code index}. */
    MemorySegment header(int index) {
        return headers[index];
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
