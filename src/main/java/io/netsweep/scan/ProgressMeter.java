package io.netsweep.scan;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns raw counters into {@link ScanEvent.Progress}: a smoothed probe rate and an ETA.
 * Not thread-safe: one ticker thread owns it.
 */
final class ProgressMeter {
    private static final double SMOOTHING = 0.3;

    private final long startNanos;
    private long lastNanos;
    private long lastProbes;
    private long lastDone;
    private double probeRate = -1;
    private double doneRate = -1;

    ProgressMeter(long startNanos) {
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
    }

    ScanEvent.Progress sample(long nowNanos, long done, long total, long probesSent,
                              Optional<InetAddress> firstUnsettled) {
        double dt = (nowNanos - lastNanos) / 1e9;
        if (dt > 0) {
            probeRate = smooth(probeRate, (probesSent - lastProbes) / dt);
            doneRate = smooth(doneRate, (done - lastDone) / dt);
        }
        lastNanos = nowNanos;
        lastProbes = probesSent;
        lastDone = done;
        Optional<Duration> eta = Optional.empty();
        long left = Math.max(0, total - done);
        if (doneRate > 0 && left > 0) {
            eta = Optional.of(Duration.ofMillis((long) (left / doneRate * 1000)));
        } else if (left == 0) {
            eta = Optional.of(Duration.ZERO);
        }
        return new ScanEvent.Progress(done, Math.max(done, total), Math.max(0, probeRate),
                Duration.ofNanos(nowNanos - startNanos), eta, firstUnsettled);
    }

    private static double smooth(double old, double sample) {
        return old < 0 ? sample : old + SMOOTHING * (sample - old);
    }
}
