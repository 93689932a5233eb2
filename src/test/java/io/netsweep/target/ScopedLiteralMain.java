package io.netsweep.target;

import java.net.Inet6Address;
import java.net.NetworkInterface;

/**
 * Run by {@link IpLiteralsTest} in a network namespace of its own that holds one interface with an IPv6
 * link-local address (named by the only argument): prints the interface a scope naming it resolves to,
 * as {@code scoped=NAME}, or {@code scoped=} when the literal is refused.
 */
final class ScopedLiteralMain {
    private ScopedLiteralMain() {
    }

    public static void main(String[] args) throws Exception {
        NetworkInterface expected = NetworkInterface.getByName(args[0]);
        System.out.println("linklocal=" + (expected != null && expected.inetAddresses()
                .anyMatch(a -> a instanceof Inet6Address && a.isLinkLocalAddress())));
        String scoped = IpLiterals.parseScoped("fe80::1%" + args[0])
                .map(a -> ((Inet6Address) a).getScopedInterface())
                .map(n -> n == null ? "none" : n.getName()).orElse("");
        System.out.println("scoped=" + scoped);
    }
}
