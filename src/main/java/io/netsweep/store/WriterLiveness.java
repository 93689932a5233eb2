package io.netsweep.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether the writer of a scan stored as running still runs. On the machine that writes it, its process is asked (the
 * same pid and start time); a scan written by another machine (another pod of a sharded scan, another site) is
 * running while its writer's heartbeat is recent: its writer refreshes it every {@link #HEARTBEAT}, and a heartbeat
 * older than {@link #STALE} (three intervals) means the writer is gone. Stateless apart from this machine's name.
 */
final class WriterLiveness {
    /** How often a running scan's writer says it is alive. */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** A heartbeat older than this is a writer gone (a missed refresh or two are a busy database, not a death). */
    static final Duration STALE = HEARTBEAT.multipliedBy(3);

    private final String host;

    WriterLiveness(String host) {
        this.host = host;
    }

    /**
     * This machine's host name, as the kernel has it (no resolver is asked): {@code /proc/sys/kernel/hostname},
     * else {@code HOSTNAME}; empty when neither says.
     */
    static String localHost() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the environment may say
        }
        String env = System.getenv("HOSTNAME");
        return env == null ? "" : env.strip();
    }

    /** The host name written with each scan this process writes. */
    String host() {
        return host;
    }

    /**
     * Whether a scan stored as running is still being written.
     *
     * @param writerHost the writer's host name; empty for scans stored before netsweep kept it (taken as this machine)
     */
    boolean alive(Optional<String> writerHost, OptionalLong pid, OptionalLong pidStart, OptionalLong heartbeat,
                  Instant now) {
        boolean here = writerHost.isEmpty() || writerHost.get().equals(host);
        if (here) {
            return pid.isPresent() && processAlive(pid.getAsLong(), pidStart);
        }
        return heartbeat.isPresent() && now.toEpochMilli() - heartbeat.getAsLong() <= STALE.toMillis();
    }

    /** Whether the process that wrote a scan still runs (the same process: same id, same start). */
    private static boolean processAlive(long pid, OptionalLong start) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        Optional<Instant> actual = p.get().info().startInstant();
        return start.isEmpty() || actual.isEmpty()
                || Math.abs(actual.get().toEpochMilli() - start.getAsLong()) < 1000;
    }
}
