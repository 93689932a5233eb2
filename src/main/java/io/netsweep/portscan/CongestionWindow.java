package io.netsweep.portscan;

/**
 * How many probes one host may have in flight, grown by answers and halved by congestion, like TCP's
 * congestion window: below the slow-start threshold every answer adds one probe, above it every answer
 * adds {@code 1/window} (about one per round trip). The window stays within {@code [floor, ceiling]}.
 *
 * <p><b>Losses.</b> What counts as a loss is the engine's decision (see {@link AdaptiveTiming}). A path that
 * is congested loses a growing share of what is sent beyond its capacity; a path that merely drops a packet
 * now and then (a lossy radio link, a busy switch) loses a small, steady share however little is sent, and
 * halving on each of those losses would crawl without relieving anything. So the window tolerates up to
 * {@link #TOLERATED_LOSS} of a round's answers as losses (a round is one window's worth of answers), plus
 * {@link #TOLERATED_EXTRA} losses, and halves, setting the threshold there, on the first loss beyond that.
 * The extra losses are for chance: the losses of a round are a binomial count whose spread, for a small
 * window, is larger than the share itself. With 2 % random loss a round of 32 answers has two losses or more
 * once in eight rounds, and a window halved that often never leaves its floor; it has four or more once in
 * 250. Only once per flight: a probe sent before the last decrease cannot cause another one, so a burst of
 * losses from one round counts once.
 *
 * <p><b>Silence.</b> A host that has never answered anything gives no sign of congestion either way: its
 * timeouts are a firewall's drops (or a host that is not there), and holding it to its first window would
 * make every such host cost {@code ports x timeout / window}. While the host is silent each timeout grows
 * the window as an answer would (slow start); its first answer ends that, and the usual rules apply.
 *
 * <p>Not thread-safe: owned by the engine thread.
 */
final class CongestionWindow {
    /** First window of a host: enough to fill a LAN quickly, small enough not to flood a slow path. */
    static final int INITIAL = 32;
    /** The floor is this fraction of the concurrency, so filtered hosts keep a useful number of probes in flight. */
    static final int FLOOR_DIVISOR = 64;
    /** Share of a round's answers that may be losses without shrinking the window: random loss, not congestion. */
    static final double TOLERATED_LOSS = 0.05;
    /** Losses per round tolerated beyond that share, for the chance spread of random loss in small rounds. */
    static final int TOLERATED_EXTRA = 2;

    /** Scalable TCP's constants (Kelly, 2003), for {@link #scalable}: growth per answer and the cut on loss. */
    static final double SCALABLE_GROWTH = 0.01;
    static final double SCALABLE_CUT = 0.125;

    private final int floor;
    private final int ceiling;
    private final boolean scalable;
    private double window;
    private double threshold;
    private boolean decreased;
    private long lastDecreaseNanos;
    /** Answers and losses counted in the current round. */
    private int roundAnswers;
    private int roundLosses;

    CongestionWindow(int initial, int floor, int ceiling) {
        this(initial, floor, ceiling, false);
    }

    private CongestionWindow(int initial, int floor, int ceiling, boolean scalable) {
        if (floor < 1 || floor > ceiling || initial < floor || initial > ceiling) {
            throw new IllegalArgumentException(
                    "need 1 <= floor <= initial <= ceiling, got " + floor + ", " + initial + ", " + ceiling);
        }
        this.floor = floor;
        this.ceiling = ceiling;
        this.window = initial;
        this.threshold = ceiling;
        this.scalable = scalable;
    }

    /**
     * A window for a path many hosts share, starting at its ceiling: above the threshold each answer adds
     * {@link #SCALABLE_GROWTH} instead of {@code 1/window}, and a loss beyond the tolerance cuts
     * {@link #SCALABLE_CUT} instead of half (Scalable TCP). Such a window regains a cut in about 14 rounds
     * whatever its size, where halving and growing by one per round takes as many rounds as half the window:
     * seconds for a window of hundreds, during which every host waits.
     */
    static CongestionWindow scalable(int floor, int ceiling) {
        return new CongestionWindow(ceiling, floor, ceiling, true);
    }

    /** The window a scan with {@code concurrency} probes in flight at most gives each host. */
    static CongestionWindow forConcurrency(int concurrency) {
        int floor = Math.max(1, concurrency / FLOOR_DIVISOR);
        return new CongestionWindow(Math.min(concurrency, Math.max(INITIAL, floor)), floor, concurrency);
    }

    /** Probes this host may have in flight now. */
    int limit() {
        return (int) window;
    }

    /** An answer (open or closed) arrived: the path delivers, send more. */
    void onAnswer() {
        grow();
        if (++roundAnswers >= window) {
            roundAnswers = 0;
            roundLosses = 0;
        }
    }

    /** A probe to a host that has never answered timed out: no sign of congestion, send more. */
    void onSilentTimeout() {
        if (window < threshold) {
            grow();
        }
    }

    /**
     * A probe sent at {@code sentNanos} was found lost at {@code nowNanos}. Returns whether the window shrank:
     * false when the loss is within the tolerated share of its round, or when the probe belonged to a flight
     * that already caused a decrease.
     */
    boolean onLoss(long sentNanos, long nowNanos) {
        if (decreased && sentNanos - lastDecreaseNanos < 0) {
            return false;
        }
        if (++roundLosses <= (int) (TOLERATED_LOSS * Math.max(window, roundAnswers)) + TOLERATED_EXTRA) {
            return false;
        }
        threshold = Math.max(floor, scalable ? window * (1 - SCALABLE_CUT) : window / 2);
        window = threshold;
        decreased = true;
        lastDecreaseNanos = nowNanos;
        roundAnswers = 0;
        roundLosses = 0;
        return true;
    }

    private void grow() {
        window += window < threshold ? 1.0 : scalable ? Math.max(SCALABLE_GROWTH, 1.0 / window) : 1.0 / window;
        if (window > ceiling) {
            window = ceiling;
        }
    }
}
