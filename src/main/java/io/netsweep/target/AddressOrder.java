package io.netsweep.target;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The order of {@link TargetSet}'s indices: every IPv4 address before every IPv6 one, each family in
 * ascending numeric order. Outputs that list hosts "in address order" use it, so that their order
 * and the scan's notion of "every lower target" agree. Scope ids are ignored. Stateless and thread-safe.
 */
public final class AddressOrder {
    /** Ascending: {@code 9.0.0.1 < 10.0.0.1 < 10.0.0.10 < ::1 < fd00::1}. */
    public static final Comparator<InetAddress> ASCENDING = AddressOrder::compare;

    private AddressOrder() {}

    /** Negative, zero or positive as {@code a} comes before, with or after {@code b}. */
    public static int compare(InetAddress a, InetAddress b) {
        boolean v4a = a instanceof Inet4Address;
        boolean v4b = b instanceof Inet4Address;
        if (v4a != v4b) {
            return v4a ? -1 : 1;
        }
        return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }
}
