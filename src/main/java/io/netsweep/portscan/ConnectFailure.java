package io.netsweep.portscan;

import java.util.EnumMap;
import java.util.Map;

/** What a failed connect attempt means for its probe. */
sealed interface ConnectFailure extends AttemptOutcome {

    /** Local resources ran out: the one instance. */
    ConnectFailure SHORTAGE = new LocalShortage();

    /** The attempt decided the port: report this verdict. */
    record Decided(ProbeVerdict verdict) implements ConnectFailure {
        private static final Map<ProbeVerdict, Decided> ALL = new EnumMap<>(ProbeVerdict.class);

        static {
            for (ProbeVerdict v : ProbeVerdict.values()) {
                ALL.put(v, new Decided(v));
            }
        }

        /** The shared instance for {@code verdict}: failures are frequent, and values. */
        static Decided of(ProbeVerdict verdict) {
            return ALL.get(verdict);
        }
    }

    /** The local machine ran short of fds, ports or buffers: nothing was learned; send the probe again later. */
    record LocalShortage() implements ConnectFailure {
    }

    /**
     * The failure could not be explained (an ambiguous exception without an errno, or an error the attempt
     * cannot have caused): treated as a shortage a bounded number of times, then as
     * {@link ProbeVerdict#LOCAL_ERROR}.
     */
    record Unexplained() implements ConnectFailure {
    }
}
