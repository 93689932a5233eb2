package io.netsweep.discovery;

/**
 * The Linux {@code errno} values discovery reacts to. Failures are classified by these codes,
 * never by message text. Immutable.
 */
enum Errno {
    EPERM(1), EINTR(4), EAGAIN(11), ENOMEM(12), EACCES(13), EINVAL(22), EMFILE(24), EMSGSIZE(90),
    EPROTONOSUPPORT(93), ESOCKTNOSUPPORT(94), EAFNOSUPPORT(97), EADDRNOTAVAIL(99), ENETDOWN(100),
    ENETUNREACH(101), ENOBUFS(105), ECONNREFUSED(111), EHOSTDOWN(112), EHOSTUNREACH(113), OTHER(-1);

    private final int code;

    Errno(int code) {
        this.code = code;
    }

    static Errno of(int code) {
        for (Errno e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return OTHER;
    }

    /**
     * A send failed because the destination cannot be reached from here (no route, broadcast,
     * refused by a local firewall). Anything else (ENOBUFS, EAGAIN, and codes not listed) is taken
     * as local congestion and retried later.
     */
    boolean destinationFailure() {
        return this == ENETUNREACH || this == EHOSTUNREACH || this == EHOSTDOWN || this == ENETDOWN
                || this == EACCES || this == EPERM || this == EADDRNOTAVAIL;
    }

    /** {@code EACCES(13)}, or the bare number for codes not listed here. */
    static String describe(int code) {
        Errno e = of(code);
        return e == OTHER ? "errno " + code : e.name() + "(" + code + ")";
    }
}
