package io.netsweep.mcpserver;

import io.netsweep.port.PortPresets;
import io.netsweep.port.ServiceNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a port and a service usually are ({@code explain_port}): the port's IANA name, netsweep's presets that scan
 * it, and notes from a data file of ours ({@code port-notes.tsv}). Immutable once loaded; thread-safe.
 */
final class PortNotes {
    private final Map<String, String> notes;
    private final ServiceNames names;

    private PortNotes(Map<String, String> notes, ServiceNames names) {
        this.notes = Map.copyOf(notes);
        this.names = names;
    }

    static PortNotes load() {
        Map<String, String> notes = new HashMap<>();
        try (InputStream in = PortNotes.class.getResourceAsStream("port-notes.tsv")) {
            if (in == null) {
                throw new IllegalStateException("port-notes.tsv is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                notes.put(line.substring(0, tab), line.substring(tab + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PortNotes(notes, ServiceNames.tcp());
    }

    /**
     * @param port          the port
     * @param iana_name     its IANA-registered TCP service name, if any
     * @param usually       what is usually found there
     * @param presets       netsweep's presets that scan it
     * @param service       the service asked about, if one was
     * @param service_notes what that service usually is
     */
    record Explanation(int port, String iana_name, String usually, List<String> presets, String service,
                       String service_notes) {}

    Explanation explain(int port, Optional<String> service) {
        Optional<String> iana = names.lookup(port);
        String usually = Optional.ofNullable(notes.get("port:" + port))
                .or(() -> iana.map(notes::get))
                .orElse(iana.map(n -> "registered with IANA as " + n).orElse("no service is registered for this port"));
        List<String> presets = new ArrayList<>();
        for (String preset : List.of("simple", "ai")) {
            if (PortPresets.byName(preset).contains(port)) {
                presets.add(preset);
            }
        }
        presets.add("full");
        String asked = service.map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).orElse(null);
        String serviceNotes = null;
        if (asked != null) {
            String key = asked.startsWith("ssl/") ? asked.substring(4) : asked;
            serviceNotes = Optional.ofNullable(notes.get(key))
                    .orElse("netsweep has no notes on this service; see the port's notes");
            if (asked.startsWith("ssl/")) {
                serviceNotes += " (here inside TLS)";
            }
        }
        return new Explanation(port, iana.orElse(null), usually, presets, asked == null ? null : Arguments.printable(asked),
                serviceNotes);
    }
}
