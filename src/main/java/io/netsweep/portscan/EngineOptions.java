package io.netsweep.portscan;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Engine knobs that are not part of the public timing: the clock, an explicit fd budget (instead of the one
 * derived from RLIMIT_NOFILE), whether to raise the soft fd limit, and a probe trace.
 */
record EngineOptions(NanoClock clock, OptionalInt fdBudget, boolean raiseFdLimit, ProbeTrace trace) {

    EngineOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(fdBudget, "fdBudget");
        Objects.requireNonNull(trace, "trace");
        if (fdBudget.isPresent() && fdBudget.getAsInt() < 1) {
            throw new IllegalArgumentException("fd budget must be at least 1");
        }
    }

    static EngineOptions defaults() {
        return new EngineOptions(NanoClock.system(), OptionalInt.empty(), true, ProbeTrace.NONE);
    }

    EngineOptions withFdBudget(int budget) {
        return new EngineOptions(clock, OptionalInt.of(budget), raiseFdLimit, trace);
    }

    EngineOptions withRaiseFdLimit(boolean raise) {
        return new EngineOptions(clock, fdBudget, raise, trace);
    }

    EngineOptions withTrace(ProbeTrace t) {
        return new EngineOptions(clock, fdBudget, raiseFdLimit, t);
    }
}
