package io.netsweep.cli;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanSession;
import io.netsweep.scan.ScanSummary;
import io.netsweep.scan.Scanner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Scanner} for tests of the command line's parsing, where the parser is the thing under test:
 * it records every request it is asked to start and ends each at once (Started, then Finished), sending
 * nothing. Thread-safe.
 */
final class RecordingScanner implements Scanner {
    private final List<ScanRequest> started = new CopyOnWriteArrayList<>();

    @Override
    public ScanSession start(ScanRequest request, ScanListener listener) {
        started.add(request);
        Instant now = Instant.now();
        listener.onEvent(new ScanEvent.Started(now, request.commandLine(), request.targets().size(), request.ports(),
                DiscoveryMethod.NONE));
        ScanEvent.Finished end = new ScanEvent.Finished(new ScanSummary(now, now, request.targets().size(), 0, 0, 0));
        listener.onEvent(end);
        return new ScanSession() {
            @Override
            public void cancel() {}

            @Override
            public boolean await(Duration timeout) {
                return true;
            }

            @Override
            public Optional<ScanEvent> outcome() {
                return Optional.of(end);
            }
        };
    }

    /** The requests started so far, in order. */
    List<ScanRequest> started() {
        return List.copyOf(started);
    }
}
