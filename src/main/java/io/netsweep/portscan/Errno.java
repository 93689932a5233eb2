package io.netsweep.portscan;

import java.util.Optional;

/** The Linux errno values the engine tells apart (the same numbers on x86-64 and AArch64). */
enum Errno {
    EPERM(1),
    EAGAIN(11),
    ENOMEM(12),
    EACCES(13),
    EINVAL(22),
    ENFILE(23),
    EMFILE(24),
    EADDRINUSE(98),
    EADDRNOTAVAIL(99),
    ENETDOWN(100),
    ENETUNREACH(101),
    ENOBUFS(105),
    ETIMEDOUT(110),
    EHOSTDOWN(112),
    ECONNREFUSED(111),
    EHOSTUNREACH(113),
    EALREADY(114),
    EINPROGRESS(115);

    private final int code;

    Errno(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static Optional<Errno> of(int code) {
        for (Errno e : values()) {
            if (e.code == code) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Whether this errno means the local machine ran short of something (fds, ports, buffers) for a while. */
    boolean isLocalShortage() {
        return switch (this) {
            case EAGAIN, ENOMEM, ENFILE, EMFILE, EADDRINUSE, EADDRNOTAVAIL, ENOBUFS -> true;
            default -> false;
        };
    }
}
