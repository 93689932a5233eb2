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
import io.netsweep.scan.ShardMark;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * nmap XML output ({@code -oX FILE}), format version 1.05, for the tools that read nmap's XML
 * (nmap.xsl, ndiff, importers). The document is written as the scan goes: the {@code <nmaprun>}
 * header at {@link Started}, each {@code <host>} when its {@link HostCompleted} arrives, and
 * {@code <runstats>} with the end of the document at the terminal event. Hosts a cancelled or
 * failed scan never completed are written before {@code <runstats>}.
 *
 * <p>Differences from nmap's own: {@code scanner="netsweep"} (nmap.dtd allows only {@code nmap};
 * non-validating readers do not care), {@code <scaninfo type="syn">} or {@code type="connect"} (with a comment
 * when {@code -sS} fell back to connect), a {@code <netsweep-shard shard="2/8" index count split seed options-hash/>}
 * element after {@code <scaninfo>} in a part of a sharded scan ({@code --shard}), and a cancelled scan ends
 * with {@code exit="error" errormsg="scan cancelled"} because its results are incomplete. Every
 * attribute and text value is XML-escaped, with characters XML 1.0 forbids removed.
 *
 * <p>Events come from one thread at a time (the {@link ScanListener} contract); not thread-safe
 * otherwise. Write errors are kept, not thrown, as by {@link JsonLinesWriter}. {@link #close}
 * completes a document whose scan never ended, so that the file stays well-formed.
 */
public final class NmapXmlWriter implements ScanListener, Flushable, Closeable {
    /** Where Debian and nmap's own installer put the stylesheet that shows the file in a browser. */
    private static final String STYLESHEET = "file:///usr/share/nmap/nmap.xsl";
    /** ctime(3), as nmap writes {@code startstr} and {@code timestr}. */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    private final Sink sink;
    private final String version;
    private final ZoneId zone;
    private final InstantSource clock;
    private final HostBuffer hosts = new HostBuffer();
    private boolean begun;
    private boolean ended;
    private boolean portScan = true;
    private Instant startedAt;
    private long upWritten;
    private long downWritten;

    /**
     * @param out     destination; it must encode UTF-8, as the XML declaration says
     * @param version netsweep's version, for the {@code version} attribute
     * @param zone    time zone of the human-readable times ({@code startstr}, {@code timestr})
     * @param clock   gives the end time when the document is closed before the scan ended
     */
    public NmapXmlWriter(Writer out, String version, ZoneId zone, InstantSource clock) {
        this.sink = new Sink(out);
        this.version = Objects.requireNonNull(version, "version");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Writes UTF-8 to {@code out}, with times in the system's zone. */
    public NmapXmlWriter(OutputStream out, String version) {
        this(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)), version,
                ZoneId.systemDefault(), InstantSource.system());
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
            case Finished(ScanSummary s) -> end(s, "done", Optional.empty());
            case Cancelled(ScanSummary s) -> end(s, "cancelled", Optional.of("scan cancelled"));
            case Failed(String message, ScanSummary s) -> end(s, "failed", Optional.of(message));
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

    /** Ends the document if the scan did not (with {@code exit="error"}), then closes the destination. */
    @Override
    public void close() throws IOException {
        if (!ended) {
            begin(Optional.empty());
            Instant now = clock.instant();
            ScanSummary seen = new ScanSummary(startedAt, now, upWritten + downWritten, upWritten, 0, 0);
            end(seen, "interrupted", Optional.of("scan did not finish"));
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
        StringBuilder x = new StringBuilder(512)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!DOCTYPE nmaprun>\n")
                .append("<?xml-stylesheet href=\"").append(STYLESHEET).append("\" type=\"text/xsl\"?>\n")
                .append("<nmaprun scanner=\"netsweep\" args=\"").append(XmlText.attr(args))
                .append("\" start=\"").append(startedAt.getEpochSecond())
                .append("\" startstr=\"").append(ctime(startedAt))
                .append("\" version=\"").append(XmlText.attr(version))
                .append("\" xmloutputversion=\"1.05\">\n");
        started.ifPresent(s -> {
            portScan = !s.ports().isEmpty() || !s.udpPorts().isEmpty();
            if (!s.ports().isEmpty()) {
                x.append("<scaninfo type=\"").append(s.scanType().label()).append("\" protocol=\"tcp\" numservices=\"")
                        .append(s.ports().size())
                        .append("\" services=\"").append(s.ports()).append("\"/>\n");
                ScanText.note(s).ifPresent(n -> x.append("<!-- ").append(n).append(" -->\n"));
            }
            if (!s.udpPorts().isEmpty()) {
                x.append("<scaninfo type=\"udp\" protocol=\"udp\" numservices=\"").append(s.udpPorts().size())
                        .append("\" services=\"").append(s.udpPorts()).append("\"/>\n");
            }
            s.shard().ifPresent(m -> x.append(shardElement(m)));
        });
        x.append("<verbose level=\"0\"/>\n<debugging level=\"0\"/>\n");
        sink.write(x);
        sink.flushQuietly();
    }

    /**
     * The part of a sharded scan this document holds, for {@code netsweep merge}: an element of netsweep's own,
     * which nmap's readers (ndiff, nmap.xsl) skip as they skip any element they do not know.
     */
    static String shardElement(ShardMark m) {
        return "<netsweep-shard shard=\"" + m.shard() + "\" index=\"" + m.shard().index() + "\" count=\""
                + m.shard().count() + "\" split=\"" + m.split().label() + "\" seed=\"" + m.seed()
                + "\" options-hash=\"" + XmlText.attr(m.optionsDigest()) + "\"/>\n";
    }

    private void writeHost(HostRecord host) {
        if (host.upInfo().isPresent()) {
            upWritten++;
        } else if (host.isDown()) {
            downWritten++;
        }
        sink.write(NmapHostXml.render(host, portScan));
    }

    private void end(ScanSummary s, String how, Optional<String> error) {
        begin(Optional.empty());
        hosts.drain().forEach(this::writeHost);
        ended = true;
        String timestr = ctime(s.endedAt());
        String elapsed = Numbers.seconds2(positive(s.elapsed()));
        String summary = "netsweep " + how + " at " + timestr + "; "
                + Numbers.count(s.targets(), "IP address", "IP addresses")
                + " (" + Numbers.count(s.hostsUp(), "host up", "hosts up") + ") scanned in " + elapsed + " seconds";
        StringBuilder x = new StringBuilder(256)
                .append("<runstats><finished time=\"").append(s.endedAt().getEpochSecond())
                .append("\" timestr=\"").append(timestr)
                .append("\" summary=\"").append(XmlText.attr(summary))
                .append("\" elapsed=\"").append(elapsed)
                .append("\" exit=\"").append(error.isEmpty() ? "success" : "error").append('"');
        error.ifPresent(message -> x.append(" errormsg=\"").append(XmlText.attr(message)).append('"'));
        x.append("/><hosts up=\"").append(s.hostsUp())
                .append("\" down=\"").append(Math.max(0, s.targets() - s.hostsUp()))
                .append("\" total=\"").append(s.targets()).append("\"/>\n")
                .append("</runstats>\n</nmaprun>\n");
        sink.write(x);
        sink.flushQuietly();
    }

    private String ctime(Instant at) {
        return CTIME.format(at.atZone(zone));
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
