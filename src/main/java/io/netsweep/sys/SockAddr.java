package io.netsweep.sys;

import static io.netsweep.sys.NetinetIn.SIN6_ADDR;
import static io.netsweep.sys.NetinetIn.SIN_ADDR;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The one codec of {@code struct sockaddr_in} / {@code sockaddr_in6}, through their layouts ({@link NetinetIn}).
 * Writing allocates nothing (the connect engine writes one per attempt) and leaves no byte of a reused segment
 * from before. Stateless.
 */
final class SockAddr {
    static final int IN_SIZE = (int) NetinetIn.SOCKADDR_IN.byteSize();
    static final int IN6_SIZE = (int) NetinetIn.SOCKADDR_IN6.byteSize();

    private SockAddr() {
    }

    /**
     * Writes {@code raw} (4 bytes: IPv4; 16: IPv6 with {@code scopeId}) and {@code port} into {@code sa}, which
     * holds at least a {@code sockaddr_in6}; returns the length to pass to the call.
     */
    static int write(MemorySegment sa, byte[] raw, int scopeId, int port) {
        if (raw.length == 4) {
            NetinetIn.sockaddr_in(sa, port, raw);
            return IN_SIZE;
        }
        NetinetIn.sockaddr_in6(sa, port, raw, scopeId);
        return IN6_SIZE;
    }

    /** Writes {@code address} and {@code port}; see {@link #write(MemorySegment, byte[], int, int)}. */
    static int write(MemorySegment sa, InetAddress address, int port) {
        return write(sa, address.getAddress(), address instanceof Inet6Address v6 ? v6.getScopeId() : 0, port);
    }

    /** The address in {@code sa}, as a call wrote it; empty for another family than IPv4 and IPv6. */
    static Optional<InetAddress> read(MemorySegment sa) {
        if (sa.byteSize() < IN_SIZE) {
            return Optional.empty();
        }
        short family = SysSocket.sa_family(sa);
        try {
            if (family == SysSocket.AF_INET) {
                byte[] raw = new byte[4];
                MemorySegment.copy(sa, JAVA_BYTE, SIN_ADDR, raw, 0, 4);
                return Optional.of(InetAddress.getByAddress(raw));
            }
            if (family == SysSocket.AF_INET6 && sa.byteSize() >= IN6_SIZE) {
                byte[] raw = new byte[16];
                MemorySegment.copy(sa, JAVA_BYTE, SIN6_ADDR, raw, 0, 16);
                // getByAddress maps ::ffff:a.b.c.d to an Inet4Address, which is what matching an answer needs.
                return Optional.of(InetAddress.getByAddress(raw));
            }
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4- or 16-byte address is always valid", e);
        }
        return Optional.empty();
    }

    /** The port in {@code sa} (IPv4 or IPv6, as a call wrote it); 0 for another family. */
    static int port(MemorySegment sa) {
        if (sa.byteSize() < IN_SIZE) {
            return 0;
        }
        short family = SysSocket.sa_family(sa);
        if (family == SysSocket.AF_INET) {
            return NetinetIn.sin_port(sa) & 0xFFFF;
        }
        if (family == SysSocket.AF_INET6 && sa.byteSize() >= IN6_SIZE) {
            return NetinetIn.sin6_port(sa) & 0xFFFF;
        }
        return 0;
    }

    /**
     * Copies the address bytes in {@code sa} into {@code into} (16 bytes at least); returns their number: 4 for
     * IPv4, 16 for IPv6, 0 for another family.
     */
    static int readRaw(MemorySegment sa, byte[] into) {
        short family = SysSocket.sa_family(sa);
        if (family == SysSocket.AF_INET) {
            MemorySegment.copy(sa, JAVA_BYTE, SIN_ADDR, into, 0, 4);
            return 4;
        }
        if (family == SysSocket.AF_INET6 && sa.byteSize() >= IN6_SIZE) {
            MemorySegment.copy(sa, JAVA_BYTE, SIN6_ADDR, into, 0, 16);
            return 16;
        }
        return 0;
    }

    /**
     * Whether two addresses that calls wrote ({@code length} bytes each) are the same end point: family, port and
     * address, and for IPv6 the scope (not the flow label, which only one end may have set).
     */
    static boolean sameEndPoint(MemorySegment a, MemorySegment b, int length) {
        short family = SysSocket.sa_family(a);
        if (family != SysSocket.sa_family(b)) {
            return false;
        }
        if (family == SysSocket.AF_INET) { // family, port, address
            return length == IN_SIZE && MemorySegment.mismatch(a, 0, SIN_ADDR + 4, b, 0, SIN_ADDR + 4) == -1;
        }
        return family == SysSocket.AF_INET6 && length == IN6_SIZE
                && NetinetIn.sin6_port(a) == NetinetIn.sin6_port(b)
                && MemorySegment.mismatch(a, SIN6_ADDR, IN6_SIZE, b, SIN6_ADDR, IN6_SIZE) == -1; // address, scope
    }

    /** Whether {@code address} is IPv4, so takes a {@code sockaddr_in}. */
    static boolean v4(InetAddress address) {
        return address instanceof Inet4Address;
    }
}
