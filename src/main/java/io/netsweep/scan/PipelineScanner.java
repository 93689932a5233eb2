package io.netsweep.scan;

import java.time.InstantSource;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The scanner: discovery, connect scan, reverse DNS and identification as one pipeline.
 * Holds no per-scan state; thread-safe; any number of scans may run at once.
 */
public final class PipelineScanner implements Scanner {
    private final InstantSource clock;
    private final IntFunction<String> serviceNames;

    /**
     * @param clock        source of the timestamps in events (round-trip times use a monotonic clock)
     * @param serviceNames port number to service name, for {@link ScanEvent.PortObserved}
     */
    public PipelineScanner(InstantSource clock, IntFunction<String> serviceNames) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.serviceNames = Objects.requireNonNull(serviceNames, "serviceNames");
    }

    @Override
    public ScanSession start(ScanRequest request, ScanListener listener) {
        ScanRun run = new ScanRun(request, listener, clock, serviceNames);
        run.start();
        return run;
    }
}
