package io.netsweep.target;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One target as the user wrote it: an address, a CIDR block, an address range, an IPv4 octet pattern or a
 * hostname.
 * {@link TargetParser} makes them from text; {@link TargetSetBuilder} turns them into addresses.
 * {@code toString()} gives the canonical text form. Records: immutable and thread-safe.
 */
public sealed interface TargetSpec {

    /** One IPv4 or IPv6 address. */
    record SingleAddress(InetAddress address) implements TargetSpec {
        public SingleAddress {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String toString() {
            return address.getHostAddress();
        }
    }

    /**
     * A CIDR block; {@code network} has its host bits cleared ({@code 10.0.0.5/24} is {@code 10.0.0.0/24}).
     * For IPv4 prefixes /0 to /30 the builder skips the network and broadcast addresses unless told
     * otherwise; /31 (RFC 3021) and /32 keep every address. IPv6 blocks keep every address (IPv6 has no
     * broadcast; the subnet-router anycast address is an address like any other and is not skipped).
     */
    record Cidr(InetAddress network, int prefixLength) implements TargetSpec {
        public Cidr {
            Objects.requireNonNull(network, "network");
            int bits = Addresses.bits(network);
            if (prefixLength < 0 || prefixLength > bits) {
                throw new IllegalArgumentException("prefix length must be 0-" + bits);
            }
            BigInteger value = Addresses.toNumber(network);
            if (!Addresses.mask(value, prefixLength, bits).equals(value)) {
                throw new IllegalArgumentException("network " + network.getHostAddress() + " has host bits set");
            }
        }

        public boolean isIpv4() {
            return network instanceof Inet4Address;
        }

        @Override
        public String toString() {
            return network.getHostAddress() + "/" + prefixLength;
        }
    }

    /** Every address from {@code first} to {@code last}, inclusive, both of one family. */
    record AddressRange(InetAddress first, InetAddress last) implements TargetSpec {
        public AddressRange {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
            if (Addresses.bits(first) != Addresses.bits(last)) {
                throw new IllegalArgumentException("range start and end are of different address families");
            }
            if (Addresses.toNumber(last).compareTo(Addresses.toNumber(first)) < 0) {
                throw new IllegalArgumentException("range end is before its start");
            }
        }

        @Override
        public String toString() {
            return first.getHostAddress() + "-" + last.getHostAddress();
        }
    }

    /**
     * An nmap-style IPv4 octet pattern: every address whose four octets are in the four sets, as in
     * {@code 10.1.*.1}, {@code 192.168.1-3.1-10} or {@code 10.0.0.1,5,7}. Every address of the product is
     * kept, network and broadcast addresses included (as nmap does). The parser gives this form only to
     * patterns that are not a single address or a range in the last octet; {@code toString()} joins the
     * octets' canonical texts with dots.
     */
    record OctetPattern(List<OctetSet> octets) implements TargetSpec {
        public OctetPattern {
            octets = List.copyOf(octets);
            if (octets.size() != 4) {
                throw new IllegalArgumentException("an IPv4 pattern has four octets");
            }
        }

        /** Number of addresses: the product of the octet sets' sizes (at most 2^32). */
        public long size() {
            long n = 1;
            for (OctetSet o : octets) {
                n *= o.size();
            }
            return n;
        }

        @Override
        public String toString() {
            return octets.stream().map(OctetSet::toString).collect(Collectors.joining("."));
        }
    }

    /**
     * A DNS name in RFC 1123 syntax (checked here; a trailing dot is dropped), resolved once when
     * the set is built.
     */
    record Hostname(String name) implements TargetSpec {
        public Hostname {
            name = HostnameSyntax.check(Objects.requireNonNull(name, "name"));
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
