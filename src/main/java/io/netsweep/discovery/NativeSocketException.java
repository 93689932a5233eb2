package io.netsweep.discovery;

/**
 * A native socket could not be opened or configured. Thrown where a discovery method was
 * forced but the platform or the privileges do not allow it; {@link #errno()} says why.
 */
public final class NativeSocketException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    NativeSocketException(String what, int errno) {
        super(what + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    /** The Linux {@code errno} of the failed call, or -1 when native calls are unavailable. */
    public int errno() {
        return errno;
    }
}
