package io.netsweep.output;

import io.netsweep.discovery.HostInfo;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanEvent.Cancelled;
import io.netsweep.scan.ScanEvent.Failed;
import io.netsweep.scan.ScanEvent.FindingRaised;
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
import io.netsweep.service.ServiceReport;
import java.io.Writer;

/**
 * What {@code -v} and {@code -vv} print on standard error while the scan runs, as nmap's verbose mode
 * does, so a person sees results before a host's table (which waits for the host to complete):
 * <ul>
 *   <li>level 1: {@code Discovered open port 22/tcp on 10.0.0.5}, as each open port is found;</li>
 *   <li>level 2 adds {@code Host 10.0.0.5 is up (icmp-echo 0.4 ms)}, {@code Host 10.0.0.9 is down} (when
 *       down hosts are reported), the other port states reported ({@code Discovered closed port ...}),
 *       names ({@code Name of 10.0.0.5: db.lan}) and detected services
 *       ({@code Service on 22/tcp of 10.0.0.5: ssh OpenSSH 9.2p1 (protocol 2.0)}).</li>
 * </ul>
 * Level 0 writes nothing. Network-derived text goes through {@link TerminalText#sanitize}. With a
 * progress bar on the same terminal, write through {@link ProgressBar#sharing}, which wipes the bar
 * before each line and draws it again after. Events come from one thread at a time (the
 * {@link ScanListener} contract); not thread-safe otherwise. Write errors are ignored, as by
 * {@link ProgressBar}.
 */
public final class VerboseLog implements ScanListener {
    private final Sink sink;
    private final int level;

    /**
     * @param out   where to write, normally standard error (through {@link ProgressBar#sharing} when a
     *              progress bar is drawn there)
     * @param level 0 (nothing), 1 ({@code -v}) or 2 and above ({@code -vv})
     */
    public VerboseLog(Writer out, int level) {
        this.sink = new Sink(out);
        this.level = level;
    }

    @Override
    public void onEvent(ScanEvent event) {
        if (level < 1) {
            return;
        }
        switch (event) {
            case PortObserved p -> {
                if (p.state() == PortState.OPEN || level >= 2) {
                    line("Discovered " + p.state().label() + " port " + p.port() + "/" + p.protocol().label() + " on "
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
                    line("Service on " + s.port() + "/" + s.protocol().label() + " of " + AddressFormat.format(s.address()) + ": "
                            + describe(s.report()));
                }
            }
            case FindingRaised f -> {
                if (level >= 1) {
                    line("Finding on " + f.port() + "/" + f.protocol().label() + " of " + AddressFormat.format(f.address()) + ": "
                            + f.finding().severity().label() + " " + TerminalText.sanitize(f.finding().title()));
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

    private static String describe(ServiceReport r) {
        String version = ServiceText.fullVersion(r);
        return TerminalText.sanitize(version.isEmpty() ? ServiceText.name(r) : ServiceText.name(r) + " " + version);
    }

    private void line(String text) {
        sink.write(text + "\n");
        sink.flushQuietly();
    }
}
