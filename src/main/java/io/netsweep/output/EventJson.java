package io.netsweep.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanSummary;
import java.time.Duration;

/**
 * PLACEHOLDER written by the web helper so the web package compiles; the output package's real
 * {@code EventJson} replaces this file wholesale at merge (same keys, fewer of them). Stateless.
 */
public final class EventJson {
    private EventJson() {}

    /** One-line JSON object with a {@code type} field; addresses in {@code ip}. */
    public static String toJson(ScanEvent event) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        switch (event) {
            case ScanEvent.Started s -> n.put("type", "started").put("command", s.commandLine())
                    .put("targets", s.targetCount()).put("ports", s.ports().toString());
            case ScanEvent.HostUp h -> n.put("type", "host").put("ip", h.host().address().getHostAddress())
                    .put("status", "up").put("reason", h.host().reason())
                    .put("mac", h.host().mac().map(Object::toString).orElse(null))
                    .put("vendor", h.host().vendor().orElse(null));
            case ScanEvent.HostDown d -> n.put("type", "host").put("ip", d.address().getHostAddress())
                    .put("status", "down");
            case ScanEvent.PortObserved p -> n.put("type", "port").put("ip", p.address().getHostAddress())
                    .put("port", p.port()).put("state", p.state().label()).put("service", p.service())
                    .put("reason", p.reason());
            case ScanEvent.HostnameResolved r -> n.put("type", "hostname").put("ip", r.address().getHostAddress())
                    .put("hostname", r.hostname().orElse(null)).put("dns", r.status().label());
            case ScanEvent.ServiceIdentified s -> n.put("type", "service").put("ip", s.address().getHostAddress())
                    .put("port", s.port()).put("product", s.identity().product())
                    .put("version", s.identity().version().orElse(null)).put("category", s.identity().category())
                    .put("auth", s.identity().auth().label()).put("evidence", s.identity().evidence())
                    .set("models", new ObjectMapper().valueToTree(s.identity().models()));
            case ScanEvent.HostCompleted c -> n.put("type", "host_done").put("ip", c.address().getHostAddress());
            case ScanEvent.Progress p -> n.put("type", "progress").put("done", p.done()).put("total", p.total())
                    .put("rate", p.ratePerSecond()).put("eta_ms", p.eta().map(Duration::toMillis).orElse(null));
            case ScanEvent.Finished f -> summary(n.put("type", "finished"), f.summary());
            case ScanEvent.Cancelled c -> summary(n.put("type", "cancelled"), c.summary());
            case ScanEvent.Failed f -> summary(n.put("type", "failed").put("message", f.message()), f.summary());
        }
        return n.toString();
    }

    private static void summary(ObjectNode n, ScanSummary s) {
        n.putObject("summary").put("elapsed_ms", s.elapsed().toMillis()).put("targets", s.targets())
                .put("hosts_up", s.hostsUp()).put("open_ports", s.openPorts()).put("probes_sent", s.probesSent());
    }
}
