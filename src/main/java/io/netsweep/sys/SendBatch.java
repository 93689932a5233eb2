package io.netsweep.sys;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

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
    /** The messages, each with an address slot for an IPv4 or IPv6 destination. */
    private final MessageArray messages;
    private int size;
    private int sent;

    /**
     * Room for {@code capacity} packets of at most {@code packetCapacity} bytes each.
     *
     * @throws IllegalArgumentException if either is not positive
     */
    public SendBatch(int capacity, int packetCapacity) {
        messages = new MessageArray(capacity, packetCapacity, SockAddr.IN6_SIZE);
        this.capacity = capacity;
        this.packetCapacity = packetCapacity;
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
        MemorySegment.copy(packet, 0, messages.packets, JAVA_BYTE, (long) i * packetCapacity, length);
        SysSocket.iov_len(messages.iovec(i), length);
        MemorySegment address = messages.address(i);
        SysSocket.msg_name(messages.header(i), address, SockAddr.write(address, raw, scopeId, 0));
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
        return messages.header(index);
    }

    /** Frees the native memory. Idempotent. */
    @Override
    public void close() {
        messages.close();
    }
}
