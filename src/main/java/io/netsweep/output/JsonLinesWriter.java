package io.netsweep.output;

import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanEvent.Cancelled;
import io.netsweep.scan.ScanEvent.Failed;
import io.netsweep.scan.ScanEvent.Finished;
import io.netsweep.scan.ScanEvent.HostCompleted;
import io.netsweep.scan.ScanEvent.HostDown;
import io.netsweep.scan.ScanEvent.HostUp;
import io.netsweep.scan.ScanEvent.HostnameResolved;
import io.netsweep.scan.ScanEvent.PortObserved;
import io.netsweep.scan.ScanEvent.Progress;
import io.netsweep.scan.ScanEvent.FindingRaised;
import io.netsweep.scan.ScanEvent.ServiceIdentified;
import io.netsweep.scan.ScanEvent.Started;
import io.netsweep.scan.ScanListener;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * JSON Lines output ({@code -o json}, {@code -oJ FILE}): one {@link EventJson} line per result as it
 * is found, flushed at once so that a reader sees it while the scan runs. Written: {@code started}
 * (first line), {@code host}, {@code port}, {@code hostname}, {@code service}, and the terminal
 * {@code finished}/{@code cancelled}/{@code failed} line with the summary (last line). Not written:
 * {@code progress} and {@code host_done}. Lines end with {@code \n}.
 *
 * <p>Events come from one thread at a time (the {@link ScanListener} contract); not thread-safe
 * otherwise. A write error does not escape {@link #onEvent}: later lines are dropped and
 * {@link #flush}/{@link #close} throw the first error ({@link #failure} shows it too).
 * {@link #close} closes the destination; for standard output call {@link #flush} instead.
 */
public final class JsonLinesWriter implements ScanListener, Flushable, Closeable {
    private final Sink sink;

    /** Writes to {@code out}, which must encode UTF-8 for the output to be JSON Lines. */
    public JsonLinesWriter(Writer out) {
        this.sink = new Sink(out);
    }

    /** Writes UTF-8 to {@code out}. */
    public JsonLinesWriter(OutputStream out) {
        this(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    @Override
    public void onEvent(ScanEvent event) {
        boolean written = switch (event) {
            case Started s -> true;
            case HostUp h -> true;
            case HostDown h -> true;
            case PortObserved p -> true;
            case HostnameResolved h -> true;
            case ServiceIdentified s -> true;
            case FindingRaised f -> true;
            case HostCompleted h -> false;
            case Progress p -> false;
            case Finished f -> true;
            case Cancelled c -> true;
            case Failed f -> true;
        };
        if (written) {
            sink.write(EventJson.toJson(event) + "\n");
            sink.flushQuietly();
        }
    }

    /** The first write error, if one happened. */
    public Optional<IOException> failure() {
        return sink.failure();
    }

    @Override
    public void flush() throws IOException {
        sink.flush();
    }

    @Override
    public void close() throws IOException {
        sink.close();
    }
}
