package io.netsweep.output;

import io.netsweep.port.PortSet;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.PortCounts;
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
import io.netsweep.service.ServiceReport;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * nmap's grepable output ({@code -oG FILE}): one line per host and fact, fields separated by a TAB, for
 * {@code grep}, {@code awk} and {@code cut}:
 *
 * <pre>
 * # netsweep 0.1.0 scan initiated Mon Dec  7 10:00:00 2026 as: netsweep -oG scan.gnmap 10.0.0.0/24
 * Host: 10.0.0.5 (db.lan)	Status: Up
 * Host: 10.0.0.5 (db.lan)	Ports: 22/open/tcp//ssh//OpenSSH 9.2p1 (protocol 2.0)/, 11434/open/tcp//http//Ollama 0.5.7 (llm-server)/	Ignored State: closed (998)
 * # netsweep done at Mon Dec  7 10:00:03 2026 -- 256 IP addresses (31 hosts up) scanned in 3.21 seconds
 * </pre>
 * A part of a sharded scan ({@code --shard}) has {@code # netsweep shard 2/8 split address seed 42 options-hash HEX}
 * after the first line.
 *
 * As nmap writes it: a {@code Status: Up} line for each host up (and {@code Status: Down} for down hosts
 * when they are reported), a {@code Ports:} line for each host with ports to report, whose entries are
 * {@code port/state/protocol/owner/service/rpc/version/}, separated by {@code ", "}, with the detected
 * service (or the registered one; empty for ports without either), an empty owner and rpc, and the
 * version field holding nmap's "full version" of a detected product (its version and extra information,
 * an AI/ML product's category first), then {@code Ignored State: closed (997)} when the ports probed and
 * not listed are all in one state, as nmap writes it. A {@code # Ports scanned:} comment follows the
 * header when asked for (nmap prints it with {@code -v}). Differences from nmap: the comments name
 * netsweep; a cancelled or failed scan still ends with a footer ({@code # netsweep cancelled at ...}),
 * and so does a document closed before its scan ended.
 *
 * <p>Text from the network (names, products, versions) is made safe for terminals with
 * {@link TerminalText#sanitize} (no TAB or line break survives, so no field or line can be forged), and
 * in port entries {@code /} becomes {@code |} (as nmap does) and {@code ,} becomes {@code ;} so an entry
 * stays one entry for the tools that split on them.
 *
 * <p>Events come from one thread at a time (the {@link ScanListener} contract); not thread-safe otherwise.
 * Write errors are kept, not thrown, as by {@link JsonLinesWriter}.
 */
public final class GrepableWriter implements ScanListener, Flushable, Closeable {
    /** ctime(3), as nmap writes the times of its comments. */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private final Sink sink;
    private final String version;
    private final ZoneId zone;
    private final InstantSource clock;
    private final boolean listPorts;
    private final HostBuffer hosts = new HostBuffer();
    private boolean begun;
    private boolean ended;
    private Instant startedAt;
    private long upWritten;
    private long downWritten;

    /**
     * @param out       destination, which should encode UTF-8
     * @param version   netsweep's version, for the header
     * @param zone      time zone of the times in the comments
     * @param clock     gives the times when the document is begun or ended without its events
     * @param listPorts whether to add nmap's {@code # Ports scanned:} comment (its {@code -v} behaviour)
     */
    public GrepableWriter(Writer out, String version, ZoneId zone, InstantSource clock, boolean listPorts) {
        this.sink = new Sink(out);
        this.version = Objects.requireNonNull(version, "version");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listPorts = listPorts;
    }

    @Override
    public void onEvent(ScanEvent event) {
        if (ended) {
            return;
        }
        switch (event) {
            case Started s -> begin(Optional.of(s));
            case HostUp h -> hosts.accept(h);
            case HostDown h -> hosts.accept(h);
            case PortObserved p -> hosts.accept(p);
            case HostnameResolved h -> hosts.accept(h);
            case ServiceIdentified s -> hosts.accept(s);
            case FindingRaised f -> hosts.accept(f);
            case HostCompleted h -> hosts.accept(h).ifPresent(host -> {
                begin(Optional.empty());
                writeHost(host);
                sink.flushQuietly();
            });
            case Progress p -> { }
            case Finished(ScanSummary s) -> end(s, "done");
            case Cancelled(ScanSummary s) -> end(s, "cancelled");
            case Failed(String message, ScanSummary s) -> end(s, "failed (" + TerminalText.sanitize(message) + ")");
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

    /** Ends the document with a footer if the scan did not, then closes the destination. */
    @Override
    public void close() throws IOException {
        if (!ended) {
            begin(Optional.empty());
            Instant now = clock.instant();
            end(new ScanSummary(startedAt, now, upWritten + downWritten, upWritten, 0, 0), "interrupted");
        }
        sink.close();
    }

    private void begin(Optional<Started> started) {
        if (begun) {
            return;
        }
        begun = true;
        startedAt = started.map(Started::at).orElseGet(clock::instant);
        String args = started.map(Started::commandLine).orElse("netsweep");
        StringBuilder x = new StringBuilder(256).append("# netsweep ").append(oneLine(version))
                .append(" scan initiated ").append(ctime(startedAt)).append(" as: ").append(oneLine(args)).append('\n');
        started.flatMap(Started::shard).ifPresent(m -> x.append("# netsweep shard ").append(m.shard())
                .append(" split ").append(m.split().label()).append(" seed ").append(m.seed())
                .append(" options-hash ").append(m.optionsDigest()).append('\n'));
        if (listPorts) {
            PortSet ports = started.map(Started::ports).orElse(PortSet.empty());
            PortSet udp = started.map(Started::udpPorts).orElse(PortSet.empty());
            x.append("# Ports scanned: TCP(").append(ports.size()).append(';').append(ports)
                    .append(") UDP(").append(udp.size()).append(';').append(udp).append(") SCTP(0;) PROTOCOLS(0;)\n");
        }
        sink.write(x);
        sink.flushQuietly();
    }

    private void writeHost(HostRecord host) {
        String prefix = "Host: " + AddressFormat.format(host.address()) + " ("
                + host.hostname().map(GrepableWriter::hostname).orElse("") + ")\t";
        boolean up = host.upInfo().isPresent() || !host.portNumbers().isEmpty() || !host.udpPorts().isEmpty();
        boolean down = !up && host.isDown();
        if (!up && !down) {
            return; // only a name of a host whose state is not reported (-R without --show down)
        }
        if (down) {
            downWritten++;
        } else {
            upWritten++;
        }
        StringBuilder x = new StringBuilder(prefix.length() * 2 + 64)
                .append(prefix).append("Status: ").append(down ? "Down" : "Up").append('\n');
        if (!host.portNumbers().isEmpty() || !host.udpPorts().isEmpty()) {
            List<String> entries = new ArrayList<>(host.portNumbers().size() + host.udpPorts().size());
            for (int port : host.portNumbers()) {
                entries.add(portEntry(host, port));
            }
            for (PortObserved udp : host.udpPorts()) {
                Optional<ServiceReport> report = host.udpService(udp.port()).filter(r -> !r.service().equals("unknown"));
                String service = report.map(ServiceText::name)
                        .orElse(udp.service().equals("unknown") ? "" : udp.service());
                String versionInfo = report.map(ServiceText::fullVersion).orElse("");
                entries.add(udp.port() + "/" + udp.state().label() + "/udp//" + field(service) + "//"
                        + field(versionInfo) + "/");
            }
            x.append(prefix).append("Ports: ").append(String.join(", ", entries));
            ignoredState(host.notShown()).ifPresent(x::append);
            x.append('\n');
        }
        sink.write(x);
    }

    /**
     * {@code 22/open/tcp//ssh//OpenSSH 9.2p1 (protocol 2.0)/}: port, state, protocol, owner, service, rpc,
     * version. The service is the one detected ({@code ssl|http} through TLS, as nmap writes it), else the
     * port's registered name.
     */
    private static String portEntry(HostRecord host, int port) {
        String state = host.port(port).map(p -> p.state().label()).orElse("open");
        Optional<ServiceReport> report = host.service(port).filter(r -> !r.service().equals("unknown"));
        String service = report.map(ServiceText::name)
                .or(() -> host.port(port).map(p -> p.service()).filter(s -> !s.equals("unknown")))
                .orElse("");
        String versionInfo = report.map(ServiceText::fullVersion).orElse("");
        return port + "/" + state + "/tcp//" + field(service) + "//" + field(versionInfo) + "/";
    }

    /**
     * nmap's {@code Ignored State: closed (997)} after the port entries: the ports probed and not listed, when
     * they are all in one state (nmap's grepable format has room for one only).
     */
    private static Optional<String> ignoredState(PortCounts notShown) {
        List<PortState> states = new ArrayList<>(2);
        for (PortState state : PortState.values()) {
            if (notShown.of(state) > 0) {
                states.add(state);
            }
        }
        return states.size() != 1 ? Optional.empty()
                : Optional.of("\tIgnored State: " + states.getFirst().label() + " (" + notShown.of(states.getFirst()) + ")");
    }

    private static String field(String text) {
        return TerminalText.sanitize(text).replace('/', '|').replace(',', ';');
    }

    private static String hostname(String name) {
        return TerminalText.sanitize(name).replace('(', '[').replace(')', ']');
    }

    private static String oneLine(String text) {
        return TerminalText.sanitize(text);
    }

    private void end(ScanSummary s, String how) {
        begin(Optional.empty());
        hosts.drain().forEach(this::writeHost);
        ended = true;
        Duration elapsed = s.elapsed().isNegative() ? Duration.ZERO : s.elapsed();
        sink.write("# netsweep " + how + " at " + ctime(s.endedAt()) + " -- "
                + Numbers.count(s.targets(), "IP address", "IP addresses")
                + " (" + Numbers.count(s.hostsUp(), "host up", "hosts up") + ") scanned in "
                + Numbers.seconds2(elapsed) + " seconds\n");
        sink.flushQuietly();
    }

    private String ctime(Instant at) {
        return CTIME.format(at.atZone(zone));
    }
}
