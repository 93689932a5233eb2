package io.netsweep.output;

import io.netsweep.discovery.HostInfo;
import io.netsweep.finding.Finding;
import io.netsweep.port.Protocol;
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
import io.netsweep.target.AddressOrder;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * netsweep's one CSV schema, for the command line ({@code -o csv}) and the web UI's export alike:
 * one row per reported port, each carrying its host's columns, so a spreadsheet can filter and sort
 * it as it is and a script needs no joins. A host with no port row (discovery only, a host down,
 * no port in a reported state) gets one row with the port columns empty. Columns, in order
 * ({@link #COLUMNS}):
 * <ul>
 *   <li>host: {@code ip} (IPv6 compressed, {@link AddressFormat}), {@code hostname} (reverse DNS),
 *       {@code mac}, {@code vendor}, {@code host_state} ({@code up}/{@code down}), {@code host_reason}
 *       ({@code icmp-echo}, {@code arp}, {@code user-set}, ...), {@code host_rtt_ms}</li>
 *   <li>port: {@code port}, {@code proto} ({@code tcp} or {@code udp}), {@code state}, {@code service} (IANA name),
 *       {@code reason} ({@code syn-ack}, {@code conn-refused}, ...), {@code rtt_ms}</li>
 *   <li>service detection ({@code -sV}): {@code product}, {@code version}, {@code category},
 *       {@code auth}, {@code models} ({@code ;}-separated; these three for AI/ML products only),
 *       {@code evidence}</li>
 *   <li>added with service detection: {@code detected_service} (the name detection gave, {@code ssh},
 *       {@code http}, ...), {@code extra_info}, {@code cpe} (CPE 2.3 names, {@code ;}-separated),
 *       {@code tunnel} ({@code ssl}), the TLS summary {@code tls_protocol}, {@code tls_cipher},
 *       {@code tls_subject}, {@code tls_issuer}, {@code tls_sans} ({@code ;}-separated),
 *       {@code tls_not_before}, {@code tls_not_after} (ISO-8601 UTC), {@code tls_self_signed}
 *       ({@code true}/{@code false}), {@code tls_public_key}, {@code tls_sha256}, and {@code banner} (an
 *       unrecognised service's first bytes, escaped)</li>
 *   <li>added with findings: {@code findings} (the port's findings as {@code severity:id}, {@code ;}-separated,
 *       most severe first), {@code cves} (their CVE and GHSA identifiers), {@code mcp_tools} (an MCP server's
 *       tools as {@code name:access}, access {@code read-only}, {@code writes} or {@code destructive})</li>
 * </ul>
 * Times are milliseconds in plain decimals. Columns added later are appended after the last one, never
 * inserted, so scripts that read columns by position or by name keep working.
 *
 * <p>Rows are written when their host completes (its name is known then), so the rows of one host
 * are together and hosts come in the order they complete. When a scan is cancelled or fails, the
 * hosts still being scanned are written, with what was found, in address order before the file
 * ends. A scan's file is a header row and these rows; an empty scan is the header alone.
 *
 * <p>Format: UTF-8 without byte order mark, RFC 4180 (CRLF line ends, a field quoted when it holds
 * a comma, quote, CR or LF, quotes doubled). Network-derived text can hold spreadsheet formulas, so
 * a field that starts with {@code = + - @}, TAB or CR gets a leading {@code '} (OWASP's advice on CSV
 * injection).
 *
 * <p>Events come from one thread at a time (the {@link ScanListener} contract); not thread-safe
 * otherwise. Write errors are kept, not thrown, as by {@link JsonLinesWriter}.
 */
public final class CsvWriter implements ScanListener, Flushable, Closeable {
    /** The header row, in order. */
    public static final List<String> COLUMNS = List.of(
            "ip", "hostname", "mac", "vendor", "host_state", "host_reason", "host_rtt_ms",
            "port", "proto", "state", "service", "reason", "rtt_ms",
            "product", "version", "category", "auth", "models", "evidence",
            "detected_service", "extra_info", "cpe", "tunnel", "tls_protocol", "tls_cipher", "tls_subject",
            "tls_issuer", "tls_sans", "tls_not_before", "tls_not_after", "tls_self_signed", "tls_public_key",
            "tls_sha256", "banner", "findings", "cves", "mcp_tools");

    private static final int IP = 0;
    private static final int HOSTNAME = 1;
    private static final int MAC = 2;
    private static final int VENDOR = 3;
    private static final int HOST_STATE = 4;
    private static final int HOST_REASON = 5;
    private static final int HOST_RTT = 6;
    private static final int PORT = 7;
    private static final int PROTO = 8;
    private static final int STATE = 9;
    private static final int SERVICE = 10;
    private static final int REASON = 11;
    private static final int RTT = 12;
    private static final int PRODUCT = 13;
    private static final int VERSION = 14;
    private static final int CATEGORY = 15;
    private static final int AUTH = 16;
    private static final int MODELS = 17;
    private static final int EVIDENCE = 18;
    private static final int DETECTED_SERVICE = 19;
    private static final int EXTRA_INFO = 20;
    private static final int CPE = 21;
    private static final int TUNNEL = 22;
    private static final int TLS_PROTOCOL = 23;
    private static final int TLS_CIPHER = 24;
    private static final int TLS_SUBJECT = 25;
    private static final int TLS_ISSUER = 26;
    private static final int TLS_SANS = 27;
    private static final int TLS_NOT_BEFORE = 28;
    private static final int TLS_NOT_AFTER = 29;
    private static final int TLS_SELF_SIGNED = 30;
    private static final int TLS_PUBLIC_KEY = 31;
    private static final int TLS_SHA256 = 32;
    private static final int BANNER = 33;
    private static final int FINDINGS = 34;
    private static final int CVES = 35;
    private static final int MCP_TOOLS = 36;

    private final Sink sink;
    private final HostBuffer hosts = new HostBuffer();
    private boolean headerWritten;

    /** Writes to {@code out}; use a UTF-8 writer. */
    public CsvWriter(Writer out) {
        this.sink = new Sink(out);
    }

    /** Writes UTF-8 to {@code out}. */
    public CsvWriter(OutputStream out) {
        this(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    @Override
    public void onEvent(ScanEvent event) {
        boolean wrote = switch (event) {
            case Started s -> {
                writeHeaderOnce();
                yield true;
            }
            case HostUp h -> held(h);
            case HostDown h -> held(h);
            case PortObserved p -> held(p);
            case HostnameResolved h -> held(h);
            case ServiceIdentified s -> held(s);
            case FindingRaised f -> held(f);
            case HostCompleted h -> {
                Optional<HostRecord> done = hosts.accept(h);
                done.ifPresent(this::writeHost);
                yield done.isPresent();
            }
            case Progress p -> false;
            case Finished f -> writeUnfinished();
            case Cancelled c -> writeUnfinished();
            case Failed f -> writeUnfinished();
        };
        if (wrote) {
            sink.flushQuietly();
        }
    }

    /**
     * Writes to {@code out} the rows of the hosts still being scanned, as a cancel now would write
     * them, and keeps them: with what this writer has written, a snapshot of a running scan.
     */
    public void writeUnfinishedTo(Writer out) throws IOException {
        for (HostRecord host : inAddressOrder(hosts.inProgress())) {
            for (String[] row : rows(host)) {
                out.append(line(row));
            }
        }
    }

    /** The first write error, if one happened. */
    public Optional<IOException> failure() {
        return sink.failure();
    }

    /** Writes the header row if no row has been written yet, so that even an empty scan gives a CSV file. */
    @Override
    public void flush() throws IOException {
        writeHeaderOnce();
        sink.flush();
    }

    @Override
    public void close() throws IOException {
        writeHeaderOnce();
        sink.close();
    }

    /** One field as RFC 4180 writes it, with a leading {@code '} on text a spreadsheet would run as a formula. */
    public static String field(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0;
        return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /** Adds a result to its host's record; nothing is written before the host completes. */
    private boolean held(ScanEvent event) {
        hosts.accept(event);
        return false;
    }

    /** Ends the file: the hosts still being scanned (none when the scan finished), then the header if nothing came before. */
    private boolean writeUnfinished() {
        for (HostRecord host : inAddressOrder(hosts.drain())) {
            writeHost(host);
        }
        writeHeaderOnce();
        return true;
    }

    private void writeHost(HostRecord host) {
        writeHeaderOnce();
        for (String[] row : rows(host)) {
            sink.write(line(row));
        }
    }

    private void writeHeaderOnce() {
        if (!headerWritten) {
            headerWritten = true;
            sink.write(line(COLUMNS.toArray(String[]::new)));
        }
    }

    /** The host's rows: one per port with a state or an identity, or one with empty port columns. */
    private static List<String[]> rows(HostRecord host) {
        String[] hostCells = new String[COLUMNS.size()];
        Arrays.fill(hostCells, "");
        hostCells[IP] = AddressFormat.format(host.address());
        hostCells[HOSTNAME] = host.hostname().orElse("");
        Optional<HostInfo> up = host.upInfo();
        up.ifPresent(info -> {
            hostCells[MAC] = info.mac().map(Object::toString).orElse("");
            hostCells[VENDOR] = info.vendor().orElse("");
            hostCells[HOST_STATE] = "up";
            hostCells[HOST_REASON] = info.reason();
            hostCells[HOST_RTT] = info.rtt().map(Numbers::millis).orElse("");
        });
        if (up.isEmpty() && host.isDown()) {
            hostCells[HOST_STATE] = "down";
        }
        if (host.portNumbers().isEmpty() && host.udpPorts().isEmpty()) {
            return List.<String[]>of(hostCells);
        }
        List<String[]> out = new ArrayList<>(host.portNumbers().size());
        for (int port : host.portNumbers()) {
            String[] r = hostCells.clone();
            r[PORT] = Integer.toString(port);
            r[PROTO] = "tcp";
            Optional<PortObserved> observed = host.port(port);
            r[STATE] = observed.map(p -> p.state().label()).orElse("open"); // detection runs on open ports only
            r[SERVICE] = observed.map(PortObserved::service).orElse("");
            r[REASON] = observed.map(PortObserved::reason).orElse("");
            r[RTT] = observed.flatMap(PortObserved::rtt).map(Numbers::millis).orElse("");
            host.service(port).ifPresent(report -> service(r, report));
            findings(r, host.findings(port));
            out.add(r);
        }
        for (PortObserved udp : host.udpPorts()) {
            String[] r = hostCells.clone();
            r[PORT] = Integer.toString(udp.port());
            r[PROTO] = "udp";
            r[STATE] = udp.state().label();
            r[SERVICE] = udp.service();
            r[REASON] = udp.reason();
            r[RTT] = udp.rtt().map(Numbers::millis).orElse("");
            host.udpService(udp.port()).ifPresent(report -> service(r, report));
            findings(r, host.findings(Protocol.UDP, udp.port()));
            out.add(r);
        }
        return out;
    }

    private static void findings(String[] r, List<Finding> findings) {
        r[FINDINGS] = String.join(";", findings.stream().map(f -> f.severity().label() + ":" + f.id()).toList());
        r[CVES] = String.join(";", findings.stream().flatMap(f -> f.cves().stream()).distinct().toList());
    }

    private static void service(String[] r, ServiceReport report) {
        r[PRODUCT] = report.product().orElse("");
        r[VERSION] = report.version().orElse("");
        report.ai().ifPresent(id -> {
            r[CATEGORY] = id.category();
            r[AUTH] = id.auth().label();
            r[MODELS] = String.join(";", id.models());
        });
        r[EVIDENCE] = report.evidence();
        r[DETECTED_SERVICE] = report.service();
        r[EXTRA_INFO] = report.extraInfo().orElse("");
        r[CPE] = String.join(";", report.cpes());
        r[TUNNEL] = report.tunnel().orElse("");
        report.tls().ifPresent(t -> {
            r[TLS_PROTOCOL] = t.protocol();
            r[TLS_CIPHER] = t.cipherSuite();
            r[TLS_SUBJECT] = t.subject();
            r[TLS_ISSUER] = t.issuer();
            r[TLS_SANS] = String.join(";", t.sans());
            r[TLS_NOT_BEFORE] = t.notBefore().truncatedTo(ChronoUnit.SECONDS).toString();
            r[TLS_NOT_AFTER] = t.notAfter().truncatedTo(ChronoUnit.SECONDS).toString();
            r[TLS_SELF_SIGNED] = Boolean.toString(t.selfSigned());
            r[TLS_PUBLIC_KEY] = t.publicKey();
            r[TLS_SHA256] = t.sha256();
        });
        r[BANNER] = report.banner().orElse("");
        report.mcp().ifPresent(m -> r[MCP_TOOLS] = String.join(";",
                m.tools().stream().map(t -> t.name() + ":" + t.access()).toList()));
    }

    private static List<HostRecord> inAddressOrder(Collection<HostRecord> hosts) {
        List<HostRecord> sorted = new ArrayList<>(hosts);
        sorted.sort((a, b) -> AddressOrder.compare(a.address(), b.address()));
        return sorted;
    }

    private static StringBuilder line(String[] cells) {
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(cells[i]));
        }
        return line.append("\r\n");
    }
}
