package io.netsweep.output;

import io.netsweep.discovery.HostInfo;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.portscan.PortState;
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
import java.io.Writer;

/**
 * What {@code -v} and {@code -vv} print on standard error while the scan runs, as nmap's verbose mode
 * does, so a person sees results before a host's table (which waits for the host to complete):
 * <ul>
 *   <li>level 1: {@code Discovered open port 22/tcp on 10.0.0.5}, as each open port is found;</li>
 *   <li>level 2 adds {@code Host 10.0.0.5 is up (icmp-echo 0.4 ms)}, {@code Host 10.0.0.9 is down} (when
 *       down hosts are reported), the other port states reported ({@code Discovered closed port ...}),
 *       names ({@code Name of 10.0.0.5: db.lan}) and identified services
 *       ({@code Identified Ollama 0.5.7 (llm-server) on 11434/tcp of 10.0.0.5}).</li>
 * </ul>
 * Level 0 writes nothing. Network-derived text goes through {@link TerminalText#sanitize}. With a
 * progress bar on the same terminal, each line first wipes the bar's line ({@code CR}, erase to end of
 * line); the bar redraws itself. Events come from one thread at a time (the {@link ScanListener}
 * contract); not thread-safe otherwise. Write errors are ignored, as by {@link ProgressBar}.
 */
public final class VerboseLog implements ScanListener {
    private static final String WIPE_LINE = "\r\u001b[K";

    private final Sink sink;
    private final int level;
    private final boolean wipeLine;

    /**
     * @param out      where to write, normally standard error
     * @param level    0 (nothing), 1 ({@code -v}) or 2 and above ({@code -vv})
     * @param wipeLine whether a progress bar is drawn on the same terminal
     */
    public VerboseLog(Writer out, int level, boolean wipeLine) {
        this.sink = new Sink(out);
        this.level = level;
        this.wipeLine = wipeLine;
    }

    @Override
    public void onEvent(ScanEvent event) {
        if (level < 1) {
            return;
        }
        switch (event) {
            case PortObserved p -> {
                if (p.state() == PortState.OPEN || level >= 2) {
                    line("Discovered " + p.state().label() + " port " + p.port() + "/tcp on "
                            + AddressFormat.format(p.address()));
                }
            }
            case HostUp(HostInfo h) -> {
                if (level >= 2) {
                    String rtt = h.rtt().map(r -> " " + Numbers.rttForPeople(r)).orElse("");
                    line("Host " + AddressFormat.format(h.address()) + " is up ("
                            + TerminalText.sanitize(h.reason()) + rtt + ")");
                }
            }
            case HostDown h -> {
                if (level >= 2) {
                    line("Host " + AddressFormat.format(h.address()) + " is down");
                }
            }
            case HostnameResolved h -> {
                if (level >= 2 && h.hostname().isPresent()) {
                    line("Name of " + AddressFormat.format(h.address()) + ": " + TerminalText.sanitize(h.hostname().get()));
                }
            }
            case ServiceIdentified s -> {
                if (level >= 2) {
                    line("Identified " + describe(s.identity()) + " on " + s.port() + "/tcp of "
                            + AddressFormat.format(s.address()));
                }
            }
            case Started s -> { }
            case HostCompleted h -> { }
            case Progress p -> { }
            case Finished f -> { }
            case Cancelled c -> { }
            case Failed f -> { }
        }
    }

    private static String describe(ServiceIdentity id) {
        StringBuilder sb = new StringBuilder(TerminalText.sanitize(id.product()));
        id.version().ifPresent(v -> sb.append(' ').append(TerminalText.sanitize(v)));
        return sb.append(" (").append(TerminalText.sanitize(id.category())).append(')').toString();
    }

    private void line(String text) {
        sink.write((wipeLine ? WIPE_LINE : "") + text + "\n");
        sink.flushQuietly();
    }
}
