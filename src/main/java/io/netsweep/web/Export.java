package io.netsweep.web;

import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;

/**
 * A scan's results so far, as a download: JSON Lines (the logged events, one per line, as the
 * live stream carries them) or CSV (one row per host and port). Stateless.
 *
 * <p>CSV cells are quoted, control characters are dropped, and a cell that a spreadsheet would
 * take for a formula (starting with {@code = + - @}, spaces aside) gets a leading apostrophe: hostnames,
 * vendors and banners come from the network and may be written by an attacker.
 */
final class Export {
    static final List<String> CSV_COLUMNS = List.of("ip", "hostname", "mac", "vendor", "port", "state", "service",
            "product", "version", "category", "auth", "finding");

    /** Flag for a service that answered its API without credentials. */
    static final String UNAUTHENTICATED = "unauthenticated AI API";

    private Export() {}

    static void jsonLines(List<String> events, Writer out) throws IOException {
        for (String e : events) {
            out.write(e);
            out.write('\n');
        }
    }

    static void csv(List<HostTable.HostRow> rows, Writer out) throws IOException {
        writeRow(out, CSV_COLUMNS);
        for (HostTable.HostRow h : rows) {
            String ip = RequestGuard.literal(h.address()).replace("[", "").replace("]", "");
            String name = h.hostname().orElse("");
            String mac = h.mac().map(Object::toString).orElse("");
            String vendor = h.vendor().orElse("");
            if (h.ports().isEmpty()) {
                writeRow(out, List.of(ip, name, mac, vendor, "", "", "", "", "", "", "", ""));
            }
            for (HostTable.PortRow p : h.ports()) {
                Optional<ServiceIdentity> id = p.identity();
                writeRow(out, List.of(ip, name, mac, vendor, Integer.toString(p.port()), p.state().label(),
                        p.service(), id.map(ServiceIdentity::product).orElse(""),
                        id.flatMap(ServiceIdentity::version).orElse(""), id.map(ServiceIdentity::category).orElse(""),
                        id.map(i -> i.auth().label()).orElse(""),
                        id.filter(i -> i.auth() == AuthState.NONE).map(i -> UNAUTHENTICATED).orElse("")));
            }
        }
    }

    private static void writeRow(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    /** One quoted CSV cell, safe to open in a spreadsheet. */
    static String cell(String value) {
        String v = value.replaceAll("\\p{Cntrl}", "");
        String lead = v.stripLeading();
        if (!lead.isEmpty() && "=+-@\uFF1D\uFF0B\uFF0D\uFF20".indexOf(lead.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
