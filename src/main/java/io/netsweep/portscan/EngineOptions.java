package io.netsweep.portscan;

import io.netsweep.timing.MonotonicClock;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Engine knobs that are not part of the public timing: the clock, an explicit fd budget (instead of the one
 * derived from RLIMIT_NOFILE), whether to raise the soft fd limit, a probe trace, the socket layer, and an
 * explicit number of engine threads (instead of {@link ConnectScanner#shardsFor}).
 */
record EngineOptions(MonotonicClock clock, OptionalInt fdBudget, boolean raiseFdLimit, ProbeTrace trace, Io io,
        OptionalInt shards) {

    /** The socket layer: {@link EpollConnectIo} where available, else {@link NioConnectIo}; or NIO always. */
    enum Io { AUTO, NIO }

    EngineOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(fdBudget, "fdBudget");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(shards, "shards");
        if (fdBudget.isPresent() && fdBudget.getAsInt() < 1) {
            throw new IllegalArgumentException("fd budget must be at least 1");
        }
        if (shards.isPresent() && shards.getAsInt() < 1) {
            throw new IllegalArgumentException("shards must be at least 1");
        }
    }

    static EngineOptions defaults() {
        return new EngineOptions(MonotonicClock.system(), OptionalInt.empty(), true, ProbeTrace.NONE, Io.AUTO,
                OptionalInt.empty());
    }

    EngineOptions withFdBudget(int budget) {
        return new EngineOptions(clock, OptionalInt.of(budget), raiseFdLimit, trace, io, shards);
    }

    EngineOptions withRaiseFdLimit(boolean raise) {
        return new EngineOptions(clock, fdBudget, raise, trace, io, shards);
    }

    EngineOptions withTrace(ProbeTrace t) {
        return new EngineOptions(clock, fdBudget, raiseFdLimit, t, io, shards);
    }

    EngineOptions withIo(Io choice) {
        return new EngineOptions(clock, fdBudget, raiseFdLimit, trace, choice, shards);
    }

    EngineOptions withShards(int n) {
        return new EngineOptions(clock, fdBudget, raiseFdLimit, trace, io, OptionalInt.of(n));
    }
}
