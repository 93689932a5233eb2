package io.netsweep.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.discovery.MacAddress;
import io.netsweep.dns.DnsStatus;
import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.port.PortSet;
import io.netsweep.port.PortSpecParser;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.ScanSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Plays a stored scan back as the events it reported, so every output writer renders it as it rendered the
 * live scan: {@code Started}, each host with its ports, name and services and its {@code HostCompleted},
 * then the scan's end. A scan stored as incomplete (its process was killed) ends with {@code Failed}, and
 * the hosts it had not finished are left without {@code HostCompleted}, as the writers expect of a scan cut
 * short. Services of detectors that have no event of their own yet (an imported nmap scan's) show in their
 * port's service name only. Stateless.
 */
public final class ScanReplay {
    /** The message of the terminal event of a scan whose process stopped before it ended. */
    public static final String INCOMPLETE = "scan incomplete: netsweep stopped before the scan ended";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScanReplay() {}

    /** Sends the scan's events to {@code listener}, in order, on this thread. */
    public static void replay(StoredScan scan, ScanListener listener) {
        ScanEntry e = scan.entry();
        listener.onEvent(new ScanEvent.Started(e.startedAt(), e.command(), e.targetCount(), ports(e.ports()),
                discovery(e.discovery())));
        for (StoredScan.Host h : scan.hosts()) {
            if (h.up()) {
                listener.onEvent(new ScanEvent.HostUp(new HostInfo(h.address(), h.reason().orElse("unknown"),
                        h.rtt(), h.mac().flatMap(ScanReplay::mac), h.vendor())));
            } else {
                listener.onEvent(new ScanEvent.HostDown(h.address()));
            }
            for (StoredScan.Port p : h.ports()) {
                listener.onEvent(new ScanEvent.PortObserved(h.address(), p.port(), p.state(), p.service(), p.reason(),
                        p.rtt()));
            }
            if (h.dns().isPresent()) {
                listener.onEvent(new ScanEvent.HostnameResolved(h.address(), h.hostname(), dnsStatus(h.dns().get())));
            }
            for (StoredScan.Service s : h.services()) {
                identity(s).ifPresent(id -> listener.onEvent(new ScanEvent.ServiceIdentified(h.address(), s.port(), id)));
            }
            if (h.completed()) {
                listener.onEvent(new ScanEvent.HostCompleted(h.address(), h.notShown()));
            }
        }
        ScanSummary summary = new ScanSummary(e.startedAt(), e.endedAt().orElse(e.startedAt()), e.targetCount(),
                e.hostsUp(), e.openPorts(), e.probesSent().orElse(0));
        listener.onEvent(switch (e.status()) {
            case FINISHED -> new ScanEvent.Finished(summary);
            case CANCELLED -> new ScanEvent.Cancelled(summary);
            case FAILED -> new ScanEvent.Failed(e.message().orElse("scan failed"), summary);
            case RUNNING -> new ScanEvent.Failed("scan still running: this is what it has stored so far", summary);
            case INCOMPLETE -> new ScanEvent.Failed(INCOMPLETE, summary);
        });
    }

    private static PortSet ports(String text) {
        if (text.isEmpty()) {
            return PortSet.empty();
        }
        try {
            return PortSpecParser.parse(text);
        } catch (RuntimeException e) {
            return PortSet.empty();
        }
    }

    private static DiscoveryMethod discovery(Optional<String> label) {
        return Arrays.stream(DiscoveryMethod.values()).filter(m -> label.map(m.label()::equals).orElse(false))
                .findFirst().orElse(DiscoveryMethod.NONE);
    }

    private static Optional<MacAddress> mac(String text) {
        try {
            return Optional.of(MacAddress.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static DnsStatus dnsStatus(String label) {
        try {
            return DnsStatus.valueOf(label.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return DnsStatus.MALFORMED;
        }
    }

    /** The AI/ML identification a stored service holds, read back from the event's JSON. */
    static Optional<ServiceIdentity> identity(StoredScan.Service s) {
        if (!s.kind().equals(Observation.ServiceSeen.IDENTIFY)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(s.json());
            List<String> models = new ArrayList<>();
            n.path("models").forEach(m -> models.add(m.asText()));
            AuthState auth;
            try {
                auth = AuthState.valueOf(n.path("auth").asText("unknown").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                auth = AuthState.UNKNOWN;
            }
            return Optional.of(new ServiceIdentity(n.path("product").asText(""), text(n, "version"),
                    n.path("category").asText(""), auth, models, n.path("evidence").asText("")));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
