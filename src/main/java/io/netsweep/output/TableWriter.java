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
import io.netsweep.scan.ScanSummary;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The default output, for people. Hosts are printed whole and in address order
 * ({@link io.netsweep.target.AddressOrder}): a host's results are held until its
 * {@link HostCompleted}, and a completed host until every lower target has settled (the scan says
 * so in {@link Progress#firstUnsettled()}) or the scan ends; {@link AddressOrderBuffer} bounds what
 * waits and states the trade-off. Each host is a header line, nmap's "Not shown" count of the
 * ports it probed but does not list, and an aligned port table when ports were reported; a
 * discovery-only scan thus prints one line per host. The last line sums the scan up, as nmap's does:
 *
 * <pre>
 * Starting netsweep: 256 addresses, 1000 ports, discovery icmp-raw, syn scan
 *
 * Host 10.0.0.5 (name.example)  up  icmp-echo 0.4 ms  02:42:ac:11:00:02 (Vendor)
 * Not shown: 998 closed, 1 filtered
 * PORT       STATE  SERVICE
 * 22/tcp     open   ssh
 *
 * netsweep done: 256 addresses, 31 hosts up, 212 open ports in 3.2 s
 * </pre>
 *
 * When a scan is cancelled or fails, the hosts still being scanned are printed with what was found
 * and {@code scan incomplete (cancelled)} (or {@code (failed)}) on their header line, in address
 * order with the hosts still waiting, before the summary. All network-derived text goes through
 * {@link TerminalText#sanitize}. Lines end with {@code \n}.
 *
 * <p>Events come from one thread at a time (the {@link ScanListener} contract); not thread-safe
 * otherwise. Write errors are kept, not thrown, as by {@link JsonLinesWriter}.
 */
public final class TableWriter implements ScanListener, Flushable, Closeable {
    private final Sink sink;
    private final HostBuffer hosts = new HostBuffer();
    private final AddressOrderBuffer inOrder = new AddressOrderBuffer();
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
                portScan = !s.ports().isEmpty() || !s.udpPorts().isEmpty();
                String what = portScan
                        ? ScanText.ports(s) + ", discovery " + s.discovery().label() + ", " + ScanText.scan(s)
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
            case FindingRaised f -> hosts.accept(f);
            case HostCompleted h -> hosts.accept(h).ifPresent(host -> print(inOrder.completed(host), "running"));
            case Progress p -> p.firstUnsettled().ifPresent(first -> print(inOrder.settledBelow(first), "running"));
            case Finished(ScanSummary s) -> end("netsweep done: " + totals(s) + " in " + elapsed(s), "finished");
            case Cancelled(ScanSummary s) -> end("netsweep cancelled after " + elapsed(s) + ": " + totals(s),
                    "cancelled");
            case Failed(String message, ScanSummary s) -> end("netsweep failed after " + elapsed(s) + ": "
                    + TerminalText.sanitize(message) + "; " + totals(s), "failed");
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

    /** Prints what is left, incomplete hosts marked with {@code how} the scan ended, then the summary. */
    private void end(String summary, String how) {
        print(inOrder.drain(hosts.drain()), how);
        blankLine();
        line(summary);
        sink.flushQuietly();
    }

    /** {@code how} the scan ended, or {@code running}: said of hosts the scan did not complete. */
    private void print(List<HostRecord> released, String how) {
        if (released.isEmpty()) {
            return;
        }
        for (HostRecord host : released) {
            printHost(host, how);
        }
        sink.flushQuietly();
    }

    /** A host of one line stands with its neighbours; a longer one gets a blank line before and after. */
    private void printHost(HostRecord host, String how) {
        String header = HostTable.header(host);
        if (!host.isComplete()) {
            header += "  scan incomplete (" + how + ")";
        }
        List<String> rest = new ArrayList<>();
        HostTable.notShown(host).ifPresent(rest::add);
        rest.addAll(HostTable.ports(host));
        if (!rest.isEmpty()) {
            blankLine();
        }
        line(header);
        rest.forEach(this::line);
        if (!rest.isEmpty()) {
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
