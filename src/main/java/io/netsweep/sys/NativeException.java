package io.netsweep.sys;

/**
 * A native socket, poller or resource could not be set up: the call and its errno. Thrown where setting up
 * fails (opening a socket without the privilege, running out of descriptors, a platform without these
 * calls); the calls of a running socket report their outcome as an {@link Errno} value instead.
 *
 * <p>Carries no stack trace: it is an outcome, and some callers meet it often (a scan short of descriptors).
 */
public final class NativeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Errno errno;

    NativeException(String call, int code) {
        super(call + ": " + Errno.describe(code), null, false, false);
        this.errno = Errno.of(code);
    }

    /** {@code call} failed with {@code errno}, as a call of the native layer reported it. */
    public NativeException(String call, Errno errno) {
        this(call, errno.code());
    }

    /** The platform has no native calls here (not Linux on x86-64 or AArch64, or native access refused). */
    static NativeException unavailable(String call) {
        return new NativeException(call, Errno.ENOSYS.code());
    }

    /** Why the call failed. */
    public Errno errno() {
        return errno;
    }
}
