package io.netsweep.portscan;

/**
 * How many probes one host may have in flight, grown by answers and halved by losses, like TCP's
 * congestion window: below the slow-start threshold every answer adds one probe, above it every answer
 * adds {@code 1/window} (about one per round trip). A loss halves the window and sets the threshold there,
 * but only once per flight: a probe sent before the last decrease cannot cause another one, so a burst of
 * losses from the same round counts as one. The window stays within {@code [floor, ceiling]}. What counts as
 * a loss is the engine's decision (see {@link ConnectEngine}).
 *
 * <p>Not thread-safe: owned by the engine thread.
 */
final class CongestionWindow {
    /** First window of a host: enough to fill a LAN quickly, small enough not to flood a slow path. */
    static final int INITIAL = 32;
    /** The floor is this fraction of the concurrency, so filtered hosts keep a useful number of probes in flight. */
    static final int FLOOR_DIVISOR = 64;

    private final int floor;
    private final int ceiling;
    private double window;
    private double threshold;
    private boolean decreased;
    private long lastDecreaseNanos;

    CongestionWindow(int initial, int floor, int ceiling) {
        if (floor < 1 || floor > ceiling || initial < floor || initial > ceiling) {
            throw new IllegalArgumentException(
                    "need 1 <= floor <= initial <= ceiling, got " + floor + ", " + initial + ", " + ceiling);
        }
        this.floor = floor;
        this.ceiling = ceiling;
        this.window = initial;
        this.threshold = ceiling;
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
        window += window < threshold ? 1.0 : 1.0 / window;
        if (window > ceiling) {
            window = ceiling;
        }
    }

    /**
     * A probe sent at {@code sentNanos} was found lost at {@code nowNanos}. Returns whether the window shrank
     * (false when the probe belonged to a flight that already caused a decrease).
     */
    boolean onLoss(long sentNanos, long nowNanos) {
        if (decreased && sentNanos - lastDecreaseNanos < 0) {
            return false;
        }
        threshold = Math.max(floor, window / 2);
        window = threshold;
        decreased = true;
        lastDecreaseNanos = nowNanos;
        return true;
    }
}
