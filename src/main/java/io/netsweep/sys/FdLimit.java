package io.netsweep.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * The process's limit on open files ({@code RLIMIT_NOFILE}): the soft one in force and the hard ceiling, with
 * {@link Long#MAX_VALUE} standing for unlimited. Immutable.
 */
public record FdLimit(long soft, long hard) {
    public FdLimit {
        if (soft < 0 || hard < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
    }

    /** The limits now; empty where they cannot be read (no native calls here). */
    public static Optional<FdLimit> current() {
        if (!Platform.supported()) {
            return Optional.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limit = arena.allocate(SysResource.RLIMIT);
            if (SysResource.getrlimit(Downcalls.newCallState(arena), SysResource.RLIMIT_NOFILE, limit) != 0) {
                return Optional.empty();
            }
            return Optional.of(new FdLimit(unsigned(SysResource.rlim_cur(limit)), unsigned(SysResource.rlim_max(limit))));
        } catch (IllegalArgumentException | UnsupportedOperationException | IllegalCallerException
                | ExceptionInInitializerError | NoClassDefFoundError e) {
            return Optional.empty();
        }
    }

    /**
     * Sets the soft limit to {@code soft} with the hard one {@code hard} (which only a privileged process may
     * raise); returns whether the kernel accepted it. Changes the whole process's limit.
     */
    public static boolean setSoft(long soft, long hard) {
        if (!Platform.supported()) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limit = arena.allocate(SysResource.RLIMIT);
            SysResource.rlimit(limit, raw(soft), raw(hard));
            return SysResource.setrlimit(Downcalls.newCallState(arena), SysResource.RLIMIT_NOFILE, limit) == 0;
        } catch (IllegalArgumentException | UnsupportedOperationException | IllegalCallerException
                | ExceptionInInitializerError | NoClassDefFoundError e) {
            return false;
        }
    }

    /** {@code rlim_t} is unsigned: RLIM_INFINITY (all ones) and anything above Long.MAX_VALUE read as unlimited. */
    private static long unsigned(long v) {
        return v < 0 ? Long.MAX_VALUE : v;
    }

    private static long raw(long limit) {
        return limit == Long.MAX_VALUE ? -1L : limit;
    }
}
