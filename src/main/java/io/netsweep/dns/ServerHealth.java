package io.netsweep.dns;

import io.netsweep.timing.MonotonicClock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notices DNS servers that answer nothing. A server is <em>silent</em> once a whole lookup timeout has
 * passed since a query went to it with nothing coming from it since: an answer, an error code, a malformed
 * message, an ICMP unreachable, to any query. Any later reply makes it heard again. Two things find it out:
 * a question timing out (its first attempt went to the server at its start), and, for questions that
 * another server answered first, a check one timeout after the oldest unanswered query to the server.
 *
 * <p>Why: lookups wait in a queue of {@link DnsOptions#maxConcurrent()} slots, so behind a server that
 * answers nothing they would time out in waves, one timeout per wave (254 lookups, 64 slots: four
 * timeouts). Once every server is silent, {@link QueryRunner} settles the lookups in progress at once and
 * answers queued ones without waiting; while some but not all are silent, attempts go to the others.
 *
 * <p>Thread-safe. Times are values of the runner's {@link MonotonicClock}, whose time {@code timer} keeps.
 * {@code allSilent} runs on the thread that found the last server silent (a timer thread), outside this
 * object's lock.
 */
final class ServerHealth {
    private final int servers;
    private final long timeoutNanos;
    private final MonotonicClock clock;
    private final ScheduledExecutorService timer;
    private final Runnable allSilent;
    // guarded by this
    private final boolean[] everHeard;
    private final long[] lastHeard;
    private final boolean[] waiting;   // a query went out at waitingSince and nothing came back since
    private final long[] waitingSince;
    private final boolean[] checking;  // a check is scheduled (at most one per server)
    private final boolean[] silent;

    /** @param allSilent what to do each time the last server that was still heard is found silent */
    ServerHealth(int servers, long timeoutNanos, MonotonicClock clock, ScheduledExecutorService timer,
            Runnable allSilent) {
        this.servers = servers;
        this.timeoutNanos = timeoutNanos;
        this.clock = clock;
        this.timer = timer;
        this.allSilent = allSilent;
        this.everHeard = new boolean[servers];
        this.lastHeard = new long[servers];
        this.waiting = new boolean[servers];
        this.waitingSince = new long[servers];
        this.checking = new boolean[servers];
        this.silent = new boolean[servers];
    }

    /**
     * A query went to {@code server} at {@code now}: unless something comes from the server within a
     * timeout of the oldest query it has not answered, a check finds it silent. At most one check per
     * server is scheduled at a time, so a server that answers costs no timer task per query.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the timer is shut down
     */
    void sent(int server, long now) {
        synchronized (this) {
            if (!waiting[server]) {
                waiting[server] = true;
                waitingSince[server] = now;
            }
            if (checking[server]) {
                return;
            }
            checking[server] = true;
        }
        timer.schedule(() -> check(server), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** {@code server} replied (with anything) at {@code now}: it is not silent. */
    synchronized void heard(int server, long now) {
        everHeard[server] = true;
        lastHeard[server] = now;
        waiting[server] = false;
        silent[server] = false;
    }

    /** A question whose first attempt went to {@code server} at {@code askedAt} timed out. */
    void timedOut(int server, long askedAt) {
        if (silence(server, askedAt)) {
            allSilent.run();
        }
    }

    synchronized boolean allSilent() {
        for (boolean s : silent) {
            if (!s) {
                return false;
            }
        }
        return true;
    }

    /**
     * The server for attempt {@code attempt} (0 first) of a question: the servers in order, round robin,
     * skipping silent ones while any server is not silent.
     */
    synchronized int serverFor(int attempt) {
        int heard = 0;
        for (boolean s : silent) {
            heard += s ? 0 : 1;
        }
        if (heard == 0 || heard == servers) {
            return attempt % servers;
        }
        int wanted = attempt % heard;
        for (int i = 0; i < servers; i++) {
            if (!silent[i] && wanted-- == 0) {
                return i;
            }
        }
        throw new IllegalStateException("no server among " + servers);
    }

    private void check(int server) {
        long since;
        synchronized (this) {
            if (!waiting[server]) {
                checking[server] = false; // heard since: the next query schedules the next check
                return;
            }
            since = waitingSince[server];
            long due = since + timeoutNanos - clock.nanoTime();
            if (due > 0) { // heard, then asked again: a timeout from that newer query
                timer.schedule(() -> check(server), due, TimeUnit.NANOSECONDS);
                return;
            }
            checking[server] = false;
            waiting[server] = false; // the next query (a probe, perhaps) starts a new wait
        }
        timedOut(server, since);
    }

    /** Marks {@code server} silent unless heard since {@code askedAt}; whether that made every server silent. */
    private synchronized boolean silence(int server, long askedAt) {
        if (silent[server] || (everHeard[server] && lastHeard[server] - askedAt >= 0)) {
            return false;
        }
        silent[server] = true;
        return allSilent();
    }
}
