package io.netsweep.sys;

/**
 * A reusable receive buffer for {@link LinuxSocket#receive(RawPacket)}: the message, its length and the address
 * it came from, overwritten by each receive so that reading many packets a second allocates nothing.
 *
 * <p>Not thread-safe: owned by the receiving thread.
 */
public final class RawPacket {
    /** Bytes a packet may fill; longer ones are truncated (an answer to a probe is far shorter). */
    public static final int CAPACITY = 2048;

    final byte[] data = new byte[CAPACITY];
    final byte[] source = new byte[16];
    int length;
    int sourceLength;

    /** The buffer; the message is its first {@link #length()} bytes. */
    public byte[] data() {
        return data;
    }

    /** Bytes of the last message in {@link #data()}. */
    public int length() {
        return length;
    }

    /** The sender's address: its first {@link #sourceLength()} bytes (4 for IPv4, 16 for IPv6). */
    public byte[] source() {
        return source;
    }

    /** 4 or 16. */
    public int sourceLength() {
        return sourceLength;
    }
}
