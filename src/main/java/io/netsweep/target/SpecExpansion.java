package io.netsweep.target;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns specs into address spans per family, resolving hostnames (each name once). IPv6 spans that
 * overlap the IPv4-mapped block {@code ::ffff:0:0/96} have that part filed as IPv4. Single use,
 * build-time only, not thread-safe.
 */
final class SpecExpansion {
    private static final BigInteger MAPPED_FIRST = BigInteger.valueOf(0xffffL).shiftLeft(32);
    private static final BigInteger MAPPED_LAST = MAPPED_FIRST.add(BigInteger.ONE.shiftLeft(32)).subtract(BigInteger.ONE);

    /**
     * Sorted, merged spans of each family, the IPv4 octet patterns (kept as patterns: one may stand for
     * millions of separate intervals), and the hostname given for resolved addresses.
     */
    record Expanded(List<Span> v4, List<TargetSpec.OctetPattern> patterns, List<Span> v6, Map<InetAddress, String> names) {}

    private final HostResolver resolver;
    private final boolean networkAndBroadcast;
    private final List<Span> v4 = new ArrayList<>();
    private final List<Span> v6 = new ArrayList<>();
    private final List<TargetSpec.OctetPattern> patterns = new ArrayList<>();
    private final Map<InetAddress, String> names = new HashMap<>();
    private final Map<String, List<InetAddress>> resolved = new LinkedHashMap<>();

    SpecExpansion(HostResolver resolver, boolean networkAndBroadcast) {
        this.resolver = resolver;
        this.networkAndBroadcast = networkAndBroadcast;
    }

    void addAll(List<TargetSpec> specs, boolean recordNames, boolean allAddresses) {
        for (TargetSpec spec : specs) {
            switch (spec) {
                case TargetSpec.SingleAddress s -> address(s.address());
                case TargetSpec.AddressRange r -> span(Addresses.toNumber(r.first()), Addresses.toNumber(r.last()), r.first());
                case TargetSpec.Cidr c -> cidr(c);
                case TargetSpec.OctetPattern p -> patterns.add(p);
                case TargetSpec.Hostname h -> {
                    List<InetAddress> addresses = resolve(h.name());
                    for (InetAddress a : allAddresses ? addresses : addresses.subList(0, 1)) {
                        address(a);
                        if (recordNames) {
                            names.putIfAbsent(a, h.name());
                        }
                    }
                }
            }
        }
    }

    Expanded result() {
        return new Expanded(Span.union(v4), List.copyOf(patterns), Span.union(v6), Map.copyOf(names));
    }

    private void cidr(TargetSpec.Cidr c) {
        int bits = Addresses.bits(c.network());
        BigInteger first = Addresses.toNumber(c.network());
        BigInteger last = Addresses.blockEnd(first, c.prefixLength(), bits);
        if (c.isIpv4() && c.prefixLength() <= 30 && !networkAndBroadcast) {
            first = first.add(BigInteger.ONE);
            last = last.subtract(BigInteger.ONE);
        }
        span(first, last, c.network());
    }

    private void address(InetAddress a) {
        BigInteger n = Addresses.toNumber(a);
        span(n, n, a);
    }

    private void span(BigInteger first, BigInteger last, InetAddress family) {
        Span s = new Span(first, last);
        if (family instanceof Inet4Address) {
            v4.add(s);
            return;
        }
        s.intersect(MAPPED_FIRST, MAPPED_LAST).ifPresentOrElse(mapped -> {
            v4.add(new Span(mapped.first().subtract(MAPPED_FIRST), mapped.last().subtract(MAPPED_FIRST)));
            s.intersect(BigInteger.ZERO, MAPPED_FIRST.subtract(BigInteger.ONE)).ifPresent(v6::add);
            s.intersect(MAPPED_LAST.add(BigInteger.ONE), last).ifPresent(v6::add);
        }, () -> v6.add(s));
    }

    private List<InetAddress> resolve(String name) {
        List<InetAddress> addresses = resolved.computeIfAbsent(name, resolver::resolve);
        if (addresses == null || addresses.isEmpty()) {
            throw new TargetException("cannot resolve target " + TargetException.quote(name) + ": no addresses");
        }
        List<InetAddress> normalized = new ArrayList<>(addresses.size());
        for (InetAddress a : addresses) {
            normalized.add(plain(a));
        }
        return normalized;
    }

    /** Drops scope and host name, and turns IPv4-mapped IPv6 into IPv4, so equal addresses compare equal. */
    private static InetAddress plain(InetAddress a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("resolver returned an address of " + a.getAddress().length + " bytes", e);
        }
    }
}
