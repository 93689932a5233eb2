package io.netsweep.scan;

import io.netsweep.finding.FindingRules;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The scanner: discovery, port scan, reverse DNS and identification as one pipeline, each built per scan
 * by the factories of a {@link ScanComponents}; each service detected is judged by netsweep's
 * {@link FindingRules} (whose advisories catalogue is read once per scanner, by the first scan that detects a
 * product's version). Holds no per-scan state; thread-safe; any number of scans
 * may run at once.
 */
public final class PipelineScanner implements Scanner {
    private final ScanComponents components;
    private final ScanClock clock;
    private final IntFunction<String> serviceNames;
    private final RunLimits limits;
    private final FindingRules findings;

    /**
     * @param components   the factories of each scan's parts ({@link ScanComponents#standard()} for the real ones)
     * @param clock        timestamps in events, elapsed time, and the pace of progress reports
     * @param serviceNames port number to service name, for {@link ScanEvent.PortObserved}
     */
    public PipelineScanner(ScanComponents components, ScanClock clock, IntFunction<String> serviceNames) {
        this(components, clock, serviceNames, RunLimits.DEFAULTS);
    }

    PipelineScanner(ScanComponents components, ScanClock clock, IntFunction<String> serviceNames, RunLimits limits) {
        this(components, clock, serviceNames, limits, FindingRules.builtIn());
    }

    PipelineScanner(ScanComponents components, ScanClock clock, IntFunction<String> serviceNames, RunLimits limits,
                    FindingRules findings) {
        this.findings = Objects.requireNonNull(findings, "findings");
        this.components = Objects.requireNonNull(components, "components");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.serviceNames = Objects.requireNonNull(serviceNames, "serviceNames");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public ScanSession start(ScanRequest request, ScanListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        ScanRun run = new ScanRun(request, listener, components, clock, serviceNames, limits, findings);
        run.start();
        return run;
    }
}
