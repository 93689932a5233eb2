package io.netsweep.sys;

/**
 * The Linux {@code errno} values netsweep tells apart (the same numbers on x86-64 and AArch64), as the native
 * layer reports them: a system call's failure is one of these values, never a bare number, and
 * {@link #NONE} is a call that succeeded. Codes not listed here are {@link #UNKNOWN}. What an errno means for a
 * probe is decided by the code that made the call, by switching over these constants.
 */
public enum Errno {
    /** No error: the call succeeded (also what {@code SO_ERROR} holds when nothing is pending). */
    NONE(0),
    EPERM(1),
    EINTR(4),
    EAGAIN(11),
    ENOMEM(12),
    EACCES(13),
    EINVAL(22),
    ENFILE(23),
    EMFILE(24),
    /** The call does not exist here; also what the native layer reports where it has no bindings at all. */
    ENOSYS(38),
    ENONET(64),
    EMSGSIZE(90),
    ENOPROTOOPT(92),
    EPROTONOSUPPORT(93),
    ESOCKTNOSUPPORT(94),
    EOPNOTSUPP(95),
    EAFNOSUPPORT(97),
    EADDRINUSE(98),
    EADDRNOTAVAIL(99),
    ENETDOWN(100),
    ENETUNREACH(101),
    ECONNABORTED(103),
    ECONNRESET(104),
    ENOBUFS(105),
    EISCONN(106),
    ETIMEDOUT(110),
    ECONNREFUSED(111),
    EHOSTDOWN(112),
    EHOSTUNREACH(113),
    EALREADY(114),
    EINPROGRESS(115),
    /** A code not listed here. */
    UNKNOWN(-1);

    private static final Errno[] BY_CODE = new Errno[EINPROGRESS.code + 1];

    static {
        for (Errno e : values()) {
            if (e.code >= 0) {
                BY_CODE[e.code] = e;
            }
        }
    }

    private final int code;

    Errno(int code) {
        this.code = code;
    }

    /** The kernel's number. */
    int code() {
        return code;
    }

    /** The constant for a code the kernel returned; {@link #UNKNOWN} for any other. A table lookup: no allocation. */
    static Errno of(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            return UNKNOWN;
        }
        Errno e = BY_CODE[code];
        return e == null ? UNKNOWN : e;
    }

    /** {@code EACCES(13)}, or {@code errno 4242} for a code not listed. */
    static String describe(int code) {
        Errno e = of(code);
        return e == UNKNOWN ? "errno " + code : e.name() + "(" + code + ")";
    }
}
