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
import io.netsweep.scan.ScanEvent.ServiceIdentified;
import io.netsweep.scan.ScanEvent.Started;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.ScanSummary;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The default output, for people. Each host is printed as a whole when its
 * {@link HostCompleted} arrives (results are held per host until then, and only for hosts in
 * progress): a header line, then an aligned port table when ports were reported. A discovery-only
 * scan thus prints one line per host. The last line sums the scan up, as nmap's does:
 *
 * <pre>
 * Starting netsweep: 256 addresses, 1000 ports, discovery icmp-raw
 *
 * Host 10.0.0.5 (name.example)  up  icmp-echo 0.4 ms  02:42:ac:11:00:02 (Vendor)
 * PORT       STATE  SERVICE
 * 22/tcp     open   ssh
 *
 * netsweep done: 256 addresses, 31 hosts up, 212 open ports in 3.2 s
 * </pre>
 *
 * Hosts not completed when a scan is cancelled or fails are printed before the summary. All
 * network-derived text goes through {@link TerminalText#sanitize}. Lines end with {@code \n}.
 *
 * <p>Events come from one thread at a time (the {@link ScanListener} contract); not thread-safe
 * otherwise. Write errors are kept, not thrown, as by {@link JsonLinesWriter}.
 */
public final class TableWriter implements ScanListener, Flushable, Closeable {
    private final Sink sink;
    private final HostBuffer hosts = new HostBuffer();
    private boolean portScan = true;
    private boolean atBlankLine = true;

    /** Writes to {@code out}, for example a {@link java.io.PrintWriter} over standard output. */
    public TableWriter(Writer out) {
        this.sink = new Sink(out);
    }

    /** Writes UTF-8 to {@code out}. */
    public TableWriter(OutputStream out) {
        this(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    @Override
    public void onEvent(ScanEvent event) {
        switch (event) {
            case Started s -> {
                portScan = !s.ports().isEmpty();
                String what = portScan
                        ? Numbers.count(s.ports().size(), "port", "ports") + ", discovery " + s.discovery().label()
                        : "host discovery only (" + s.discovery().label() + ")";
                line("Starting netsweep: " + Numbers.count(s.targetCount(), "address", "addresses") + ", " + what);
                blankLine();
                sink.flushQuietly();
            }
            case HostUp h -> hosts.accept(h);
            case HostDown h -> hosts.accept(h);
            case PortObserved p -> hosts.accept(p);
            case HostnameResolved h -> hosts.accept(h);
            case ServiceIdentified s -> hosts.accept(s);
            case HostCompleted h -> hosts.accept(h).ifPresent(host -> {
                printHost(host);
                sink.flushQuietly();
            });
            case Progress p -> { }
            case Finished(ScanSummary s) -> end("netsweep done: " + totals(s) + " in " + elapsed(s));
            case Cancelled(ScanSummary s) -> end("netsweep cancelled after " + elapsed(s) + ": " + totals(s));
            case Failed(String message, ScanSummary s) -> end(
                    "netsweep failed after " + elapsed(s) + ": " + TerminalText.sanitize(message) + "; " + totals(s));
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

    private void end(String summary) {
        hosts.drain().forEach(this::printHost);
        blankLine();
        line(summary);
        sink.flushQuietly();
    }

    private void printHost(HostRecord host) {
        List<String> table = HostTable.ports(host);
        if (!table.isEmpty()) {
            blankLine();
        }
        line(HostTable.header(host));
        table.forEach(this::line);
        if (!table.isEmpty()) {
            blankLine();
        }
    }

    private String totals(ScanSummary s) {
        String totals = Numbers.count(s.targets(), "address", "addresses") + ", "
                + Numbers.count(s.hostsUp(), "host up", "hosts up");
        return portScan ? totals + ", " + Numbers.count(s.openPorts(), "open port", "open ports") : totals;
    }

    private static String elapsed(ScanSummary s) {
        return Numbers.elapsedForPeople(s.elapsed());
    }

    private void line(String text) {
        sink.write(text + "\n");
        atBlankLine = false;
    }

    private void blankLine() {
        if (!atBlankLine) {
            sink.write("\n");
            atBlankLine = true;
        }
    }
}
