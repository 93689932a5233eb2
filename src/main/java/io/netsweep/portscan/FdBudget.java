package io.netsweep.portscan;

import io.netsweep.sys.FdLimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How many sockets the engine may hold open at once, derived from the process's soft limit on open files
 * minus a reserve for everything else in the process (jars, logs, DNS, the web UI): 64 plus 10 % of the limit.
 * {@link #raiseAndMeasure} first lifts the soft limit to the hard limit where the kernel allows it.
 *
 * <p>Stateless; safe from any thread (changing the limit affects the whole process, which is intended).
 */
final class FdBudget {
    /** The soft limit assumed when it cannot be read at all: the traditional Linux default. */
    static final long ASSUMED_SOFT_LIMIT = 1024;
    private static final int FIXED_RESERVE = 64;
    private static final Path NR_OPEN = Path.of("/proc/sys/fs/nr_open");
    private static final Path LIMITS = Path.of("/proc/self/limits");

    private FdBudget() {
    }

    /** The sockets a process with soft limit {@code soft} may devote to probes; at least 1. */
    static int fromSoftLimit(long soft) {
        long reserve = FIXED_RESERVE + soft / 10;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, soft - reserve));
    }

    /**
     * Raises the soft fd limit to the hard limit if possible (capped at the kernel's {@code nr_open} when the
     * hard limit is unlimited) and returns the soft limit in force afterwards. Falls back to reading
     * {@code /proc/self/limits}, then to {@link #ASSUMED_SOFT_LIMIT}.
     */
    static long raiseAndMeasure() {
        Optional<FdLimit> limit = FdLimit.current();
        if (limit.isPresent()) {
            long soft = limit.get().soft();
            long hard = limit.get().hard();
            long target = hard == Long.MAX_VALUE ? readLong(NR_OPEN).orElse(soft) : hard;
            if (target > soft && FdLimit.setSoft(target, hard)) {
                return target;
            }
            return soft;
        }
        return softLimitFromProc().orElse(ASSUMED_SOFT_LIMIT);
    }

    /** The soft limit from the "Max open files" line of {@code /proc/self/limits}. */
    static OptionalLong softLimitFromProc() {
        try {
            for (String line : Files.readAllLines(LIMITS)) {
                if (line.startsWith("Max open files")) {
                    String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                    return fields[0].equals("unlimited") ? OptionalLong.of(Long.MAX_VALUE) : parse(fields[0]);
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    private static OptionalLong readLong(Path file) {
        try {
            return parse(Files.readString(file).trim());
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong parse(String s) {
        try {
            return OptionalLong.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
