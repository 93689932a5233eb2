package io.netsweep.portscan;

/** What a failed connect attempt means for its probe. */
sealed interface ConnectFailure {

    /** The attempt decided the port: report this verdict. */
    record Decided(ProbeVerdict verdict) implements ConnectFailure {
    }

    /** The local machine ran short of fds, ports or buffers: nothing was learned; send the probe again later. */
    record LocalShortage() implements ConnectFailure {
    }

    /**
     * The exception type was ambiguous and no errno could be obtained (no native access): treated as a shortage
     * a bounded number of times, then as {@link ProbeVerdict#LOCAL_ERROR}.
     */
    record Unexplained() implements ConnectFailure {
    }
}
