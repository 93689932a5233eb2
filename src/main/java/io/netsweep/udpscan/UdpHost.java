package io.netsweep.udpscan;

import io.netsweep.timing.RttEstimator;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The UDP scan of one host: which ports are left, which probes are in flight, and what the host's ICMP errors
 * have shown about its rate limit. Engine thread only.
 *
 * <p><b>Why silence needs a witness.</b> A UDP port that drops a probe and a closed port whose ICMP error the
 * target's rate limit suppressed look the same: silence. Linux sends a burst of about six ICMP errors to one
 * destination, then about one a second ({@code net.ipv4.icmp_ratelimit}); other systems have similar token buckets.
 * Tokens are spent only on ICMP errors actually sent, so a probe's silence is proof that its port sends none only
 * if the target had a token at the time. This class takes a token as proven when an ICMP error answered a probe to
 * the same host sent at the same time or a little later (within {@link #WITNESS_NANOS}): the bucket only refills
 * between the two, apart from what closed ports in between spent (and those answered). A silence with such a
 * <i>witness</i> is a confirmed silence; a port is open|filtered after {@code required} confirmed silences.
 *
 * <p><b>How it goes.</b> The first pass sends one probe to every port at the engine's pace. Ports left without a
 * confirmed verdict are then probed in batches, one batch after the previous one has timed out: a batch is some
 * unresolved ports followed by a <i>sentinel</i>, a port already known to draw an ICMP error from the target, whose
 * error witnesses every silent probe before it. Under a rate limit each token the target regains resolves a closed
 * port or confirms a whole batch, so the scan goes as fast as the target's ICMP rate allows and no faster. Batch
 * size adapts: a sentinel that answered doubles it, one that did not halves it. A host that has never sent an ICMP
 * error shows no rate limit: its silences need no witness (every retry counts), as in nmap. A host whose ICMP errors
 * stop for {@link #giveUpNanos()} while its probes go unanswered (a target that stopped answering, or a rate far
 * below any seen) has its remaining ports called open|filtered, as nmap would.
 */
final class UdpHost {
    /**
     * How much later a witness may have been sent: the bucket regains at most this much in between. Linux's IPv6
     * limit is far faster than its IPv4 one ({@code net.ipv6.icmp.ratelimit} is 100 ms, divided by 4 for a /64
     * route: a token every 25 ms), so 1 ms is 4% of a token there (0.1% on IPv4) and a port needs two such
     * confirmations: a wrong open|filtered needs two unlucky refills. Batches are sent back to back, well within it.
     */
    static final long WITNESS_NANOS = 1_000_000L;
    /** First batch size of the confirming rounds, and its bounds. */
    static final int FIRST_BATCH = 8;
    static final int MIN_BATCH = 2;
    /** Most ports in a batch: what is sent well within {@link #WITNESS_NANOS}. */
    static final int MAX_BATCH = 128;
    /** The longest a host may go without an ICMP error, at least, before its unresolved ports are given up. */
    static final long MIN_GIVE_UP_NANOS = 5_000_000_000L;
    /**
     * Most probes to one port that went unconfirmed while the host was spending ICMP tokens (an ICMP error from it
     * arrived while the probe was in flight): beyond this a port that stays unconfirmed is open|filtered. Probes in
     * rounds that met an empty bucket do not count: confirming rounds poll faster than the target regains tokens
     * (a round per timeout, 100 ms at the least, against a token a second on Linux), so the last closed ports of a
     * host wait seconds for theirs while being probed, and counting those probes gave some of them up as
     * open|filtered before their token came.
     */
    static final int MAX_TRIES = 50;
    /** Most probes to one port in all: a bound on the traffic whatever the host does. */
    static final int MAX_PROBES = 1000;

    /** A port's verdict, with the probe's round trip when it is an answer to a probe sent once (Karn's rule). */
    record Decided(int port, UdpVerdict verdict, long rttNanos) {}

    private static final byte IDLE = 0;
    private static final byte IN_FLIGHT = 1;
    private static final byte DONE = 2;

    final InetAddress address;
    final boolean v6;
    private final int[] ports;
    private final Map<Integer, Integer> indexOf;
    private final byte[] status;
    private final int[] tries;
    private final int[] confirmations;
    private final int[] chances; // probes that went unconfirmed while the host spent a token elsewhere
    private final long[] sentAt;
    private final long[] deadline;
    private final boolean[] witnessed;
    private final int required;
    private final int retries;
    private final RttEstimator rtt;
    private final ArrayDeque<Integer> retry = new ArrayDeque<>();
    private final List<Integer> inFlight = new ArrayList<>();
    private int nextFirst;
    private int unresolved;
    private boolean firstPassDone;

    // What the host's ICMP errors showed.
    private int icmpErrors;
    private long lastIcmpAt;
    // When the host was first heard from (an answer or its own ICMP error); until then no silence is witnessed.
    private boolean heard;
    private long firstHeardAt;
    private long longestGap;
    private int sentinel = -1; // a port index that drew the target's ICMP error
    private long sentinelSentAt;
    private long sentinelDeadline;
    private boolean sentinelInFlight;
    private int batch = FIRST_BATCH;
    private long confirmingSince;

    UdpHost(InetAddress address, int[] portList, long seed, int retries, RttEstimator rtt, long now) {
        this.address = address;
        this.v6 = address.getAddress().length == 16;
        this.ports = portList.clone();
        SplittableRandom random = new SplittableRandom(seed ^ address.hashCode() * 0x9E3779B97F4A7C15L);
        for (int i = ports.length - 1; i > 0; i--) { // seeded shuffle: the order of a scan is reproducible
            int j = random.nextInt(i + 1);
            int t = ports[i];
            ports[i] = ports[j];
            ports[j] = t;
        }
        indexOf = new HashMap<>(ports.length * 2);
        for (int i = 0; i < ports.length; i++) {
            indexOf.put(ports[i], i);
        }
        status = new byte[ports.length];
        tries = new int[ports.length];
        confirmations = new int[ports.length];
        chances = new int[ports.length];
        sentAt = new long[ports.length];
        deadline = new long[ports.length];
        witnessed = new boolean[ports.length];
        this.retries = retries;
        this.required = retries > 0 ? 2 : 1;
        this.rtt = rtt;
        this.unresolved = ports.length;
        this.lastIcmpAt = now;
    }

    boolean done() {
        return unresolved == 0;
    }

    int portCount() {
        return ports.length;
    }

    int inFlightCount() {
        return inFlight.size();
    }

    /** Whether the first pass still has ports to send. */
    boolean firstPassPending() {
        return nextFirst < ports.length;
    }

    /**
     * The ports to probe now, in order; each is then {@link #sent}. The first pass sends at most {@code allowance}
     * (what the engine's pace and window allow); a confirming round goes whole, once the previous one is over.
     */
    List<Integer> due(long now, int allowance) {
        List<Integer> out = new ArrayList<>();
        if (nextFirst < ports.length) {
            while (nextFirst < ports.length && out.size() < allowance) {
                out.add(ports[nextFirst++]);
            }
            return out;
        }
        if (!inFlight.isEmpty() || sentinelInFlight || retry.isEmpty()) {
            return out;
        }
        firstPassDone = true;
        int size = icmpErrors == 0 ? Math.min(retry.size(), UdpScanner.HOST_WINDOW) : batch;
        if (confirmingSince == 0) {
            confirmingSince = now;
        }
        while (out.size() < size && !retry.isEmpty()) {
            out.add(ports[retry.poll()]);
        }
        if (icmpErrors > 0 && sentinel >= 0) {
            out.add(ports[sentinel]);
        }
        return out;
    }

    /** The probe to {@code port} left at {@code now}. */
    void sent(int port, long now) {
        int i = indexOf.get(port);
        if (i == sentinel && status[i] == DONE) {
            sentinelInFlight = true;
            sentinelSentAt = now;
            sentinelDeadline = now + rtt.timeoutNanos();
            return;
        }
        tries[i]++;
        status[i] = IN_FLIGHT;
        sentAt[i] = now;
        deadline[i] = now + rtt.timeoutNanos();
        witnessed[i] = false;
        inFlight.add(i);
    }

    /** A datagram came from {@code port} of the host. */
    List<Decided> answered(int port, long now) {
        Integer i = indexOf.get(port);
        if (i == null || status[i] == DONE) {
            return List.of();
        }
        heardAt(now);
        long sample = status[i] == IN_FLIGHT && tries[i] == 1 ? now - sentAt[i] : -1;
        if (sample >= 0) {
            rtt.sample(sample);
        }
        return List.of(resolve(i, UdpVerdict.UDP_RESPONSE, sample));
    }

    /** An ICMP error about the probe to {@code port}; {@code verdict} is what it says. */
    List<Decided> icmp(int port, UdpVerdict verdict, boolean fromTarget, long now) {
        Integer i = indexOf.get(port);
        if (i == null) {
            return List.of();
        }
        List<Decided> out = new ArrayList<>();
        long witnessTime;
        if (i == sentinel && sentinelInFlight) {
            sentinelInFlight = false;
            witnessTime = sentinelSentAt;
            batch = Math.min(batch * 2, MAX_BATCH);
        } else if (status[i] == IN_FLIGHT) {
            witnessTime = sentAt[i];
        } else {
            witnessTime = Long.MIN_VALUE; // a late error: nothing to witness
        }
        if (fromTarget) {
            heardAt(now);
            if (icmpErrors > 0) {
                longestGap = Math.max(longestGap, now - lastIcmpAt);
            }
            icmpErrors++;
            lastIcmpAt = now;
            if (witnessTime != Long.MIN_VALUE) {
                witness(witnessTime);
            }
        }
        if (status[i] != DONE) {
            long sample = status[i] == IN_FLIGHT && tries[i] == 1 ? now - sentAt[i] : -1;
            if (sample >= 0) {
                rtt.sample(sample);
            }
            out.add(resolve(i, verdict, sample));
            if (fromTarget && sentinel < 0) {
                sentinel = i;
            }
        }
        return out;
    }

    private void heardAt(long now) {
        if (!heard) {
            heard = true;
            firstHeardAt = now;
        }
    }

    /**
     * Marks every probe in flight sent at most {@link #WITNESS_NANOS} before {@code time} (and not after it)
     * witnessed, if it left after the host was first heard from. Probes sent before then may have waited for
     * address resolution (ARP, neighbour discovery) on either side, and such a queue is flushed by another CPU than
     * the one sending later probes: the target may see them out of order, so a later probe's error proves nothing
     * about an earlier one's silence.
     */
    private void witness(long time) {
        for (int j : inFlight) {
            long d = time - sentAt[j];
            if (d >= 0 && d <= WITNESS_NANOS && heard && sentAt[j] - firstHeardAt > 0) {
                witnessed[j] = true;
            }
        }
    }

    /** Settles the probes whose time is up at {@code now}; returns the verdicts reached. */
    List<Decided> expire(long now) {
        List<Decided> out = new ArrayList<>();
        if (sentinelInFlight && now - sentinelDeadline >= 0) {
            sentinelInFlight = false;
            batch = Math.max(MIN_BATCH, batch / 2);
        }
        for (int k = inFlight.size() - 1; k >= 0; k--) {
            int i = inFlight.get(k);
            if (now - deadline[i] < 0) {
                continue;
            }
            inFlight.remove(k);
            status[i] = IDLE;
            // Without any ICMP error from the host there is no rate limit to fear: each silence counts, as in nmap.
            if (witnessed[i] || icmpErrors == 0) {
                confirmations[i]++;
            } else if (lastIcmpAt - sentAt[i] >= 0) {
                chances[i]++; // the host had a token while this probe waited, and spent it on another
            }
            boolean exhausted = icmpErrors == 0 ? tries[i] > retries
                    : chances[i] >= MAX_TRIES || tries[i] >= MAX_PROBES;
            if (confirmations[i] >= required || exhausted) {
                out.add(resolve(i, UdpVerdict.NO_RESPONSE, -1));
            } else {
                retry.add(i);
            }
        }
        if (firstPassDone && icmpErrors > 0 && !retry.isEmpty() && inFlight.isEmpty()
                && now - Math.max(lastIcmpAt, confirmingSince) > giveUpNanos()) {
            while (!retry.isEmpty()) {
                out.add(resolve(retry.poll(), UdpVerdict.NO_RESPONSE, -1));
            }
        }
        return out;
    }

    /** How long without an ICMP error ends the confirming rounds: four times the longest gap seen, at least 5 s. */
    long giveUpNanos() {
        return Math.max(MIN_GIVE_UP_NANOS, 4 * longestGap);
    }

    /** The next time something is due on this host (a deadline), or {@code fallback}. */
    long nextDeadline(long fallback) {
        long next = fallback;
        boolean any = false;
        for (int i : inFlight) {
            if (!any || deadline[i] - next < 0) {
                next = deadline[i];
                any = true;
            }
        }
        if (sentinelInFlight && (!any || sentinelDeadline - next < 0)) {
            next = sentinelDeadline;
            any = true;
        }
        return next;
    }

    /** Whether a round could be sent now (nothing in flight, ports left to retry). */
    boolean roundReady() {
        return nextFirst >= ports.length && inFlight.isEmpty() && !sentinelInFlight && !retry.isEmpty();
    }

    private Decided resolve(int i, UdpVerdict verdict, long rttNanos) {
        if (status[i] == IN_FLIGHT) {
            inFlight.remove(Integer.valueOf(i));
        }
        if (status[i] != DONE) {
            retry.remove(i);
            unresolved--;
        }
        status[i] = DONE;
        return new Decided(ports[i], verdict, rttNanos);
    }
}
