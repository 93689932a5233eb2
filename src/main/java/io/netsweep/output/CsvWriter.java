package io.netsweep.output;

import io.netsweep.discovery.HostInfo;
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
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * CSV output ({@code -o csv}): one row per result, written and flushed as it is found, so rows of
 * one host may be apart. Columns are {@link #COLUMNS}; a row fills those that apply to its
 * {@code type} and leaves the others empty:
 * <ul>
 *   <li>{@code host}: ip, state ({@code up}/{@code down}), reason, rtt_ms, mac, vendor</li>
 *   <li>{@code port}: ip, port, proto, state, service (IANA name), reason, rtt_ms</li>
 *   <li>{@code hostname}: ip, hostname, state (the DNS outcome: {@code ok}, {@code nxdomain}, ...)</li>
 *   <li>{@code service}: ip, port, proto, product, version, category, auth, models
 *       ({@code ;}-separated), reason (the identification's evidence)</li>
 *   <li>{@code finished}/{@code cancelled}/{@code failed}: the last row; reason holds a failure's message</li>
 * </ul>
 * The file is RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma, quote,
 * CR or LF, quotes doubled. Network-derived text can hold spreadsheet formulas, so a field that
 * starts with {@code = + - @}, TAB or CR gets a leading {@code '} (OWASP CSV injection advice).
 *
 * <p>Events come from one thread at a time (the {@link ScanListener} contract); not thread-safe
 * otherwise. Write errors are kept, not thrown, as by {@link JsonLinesWriter}.
 */
public final class CsvWriter implements ScanListener, Flushable, Closeable {
    /** The header row, in order. */
    public static final List<String> COLUMNS = List.of(
            "type", "ip", "hostname", "port", "proto", "state", "service", "product", "version", "category",
            "auth", "models", "mac", "vendor", "reason", "rtt_ms");

    private static final int IP = 1;
    private static final int HOSTNAME = 2;
    private static final int PORT = 3;
    private static final int PROTO = 4;
    private static final int STATE = 5;
    private static final int SERVICE = 6;
    private static final int PRODUCT = 7;
    private static final int VERSION = 8;
    private static final int CATEGORY = 9;
    private static final int AUTH = 10;
    private static final int MODELS = 11;
    private static final int MAC = 12;
    private static final int VENDOR = 13;
    private static final int REASON = 14;
    private static final int RTT = 15;

    private final Sink sink;
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
        Optional<String[]> row = switch (event) {
            case HostUp(HostInfo h) -> {
                String[] r = row("host", AddressFormat.format(h.address()));
                r[STATE] = "up";
                r[REASON] = h.reason();
                r[RTT] = h.rtt().map(Numbers::millis).orElse("");
                r[MAC] = h.mac().map(Object::toString).orElse("");
                r[VENDOR] = h.vendor().orElse("");
                yield Optional.of(r);
            }
            case HostDown(var address) -> {
                String[] r = row("host", AddressFormat.format(address));
                r[STATE] = "down";
                yield Optional.of(r);
            }
            case PortObserved p -> {
                String[] r = row("port", AddressFormat.format(p.address()));
                r[PORT] = Integer.toString(p.port());
                r[PROTO] = "tcp";
                r[STATE] = p.state().label();
                r[SERVICE] = p.service();
                r[REASON] = p.reason();
                r[RTT] = p.rtt().map(Numbers::millis).orElse("");
                yield Optional.of(r);
            }
            case HostnameResolved(var address, var name, var status) -> {
                String[] r = row("hostname", AddressFormat.format(address));
                r[HOSTNAME] = name.orElse("");
                r[STATE] = status.label();
                yield Optional.of(r);
            }
            case ServiceIdentified(var address, int port, var id) -> {
                String[] r = row("service", AddressFormat.format(address));
                r[PORT] = Integer.toString(port);
                r[PROTO] = "tcp";
                r[PRODUCT] = id.product();
                r[VERSION] = id.version().orElse("");
                r[CATEGORY] = id.category();
                r[AUTH] = id.auth().label();
                r[MODELS] = String.join(";", id.models());
                r[REASON] = id.evidence();
                yield Optional.of(r);
            }
            case Finished f -> Optional.of(row("finished", ""));
            case Cancelled c -> Optional.of(row("cancelled", ""));
            case Failed f -> {
                String[] r = row("failed", "");
                r[REASON] = f.message();
                yield Optional.of(r);
            }
            case Started s -> Optional.empty();
            case HostCompleted h -> Optional.empty();
            case Progress p -> Optional.empty();
        };
        if (row.isPresent() || event instanceof Started) {
            writeHeaderOnce();
            row.ifPresent(this::writeRow);
            sink.flushQuietly();
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
    static String field(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0;
        return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private void writeHeaderOnce() {
        if (!headerWritten) {
            headerWritten = true;
            writeRow(COLUMNS.toArray(String[]::new));
        }
    }

    private void writeRow(String[] cells) {
        StringBuilder line = new StringBuilder(96);
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(cells[i]));
        }
        sink.write(line.append("\r\n"));
    }

    private static String[] row(String type, String ip) {
        String[] r = new String[COLUMNS.size()];
        Arrays.fill(r, "");
        r[0] = type;
        r[IP] = ip;
        return r;
    }
}
