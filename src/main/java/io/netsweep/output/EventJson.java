package io.netsweep.output;

import io.netsweep.discovery.HostInfo;
import io.netsweep.finding.Finding;
import io.netsweep.mcp.McpServer;
import io.netsweep.port.Protocol;
import io.netsweep.identify.ServiceIdentity;
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
import io.netsweep.scan.ScanSummary;
import io.netsweep.scan.ShardMark;
import io.netsweep.service.ServiceReport;
import io.netsweep.service.TlsSummary;
import java.net.InetAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * The one JSON encoding of every {@link ScanEvent}, shared by the JSON Lines output and the web
 * UI's event stream. Each event becomes one object on one line (no trailing newline) whose
 * {@code type} names the event; keys are snake_case and stable, and a value that is absent is
 * written as {@code null}, never left out, so every object of a type has the same keys:
 *
 * <pre>
 * {"type":"started","at":"2025-01-02T03:04:05.678Z","command":"netsweep -p 22 10.0.0.0/24","targets":256,"ports":"22","discovery":"icmp-raw","scan":"connect","scan_note":null,"shard":null,"shard_index":null,"shard_count":null,"split":null,"seed":null,"options_hash":null}
 * (a scan with {@code -sU} adds "udp_ports"; a UDP-only scan's "ports" is empty and its "scan" is "udp")
 * {"type":"host","ip":"10.0.0.5","status":"up","reason":"icmp-echo","rtt_ms":0.4,"mac":"02:42:ac:11:00:02","vendor":"Acme"}
 * {"type":"host","ip":"10.0.0.9","status":"down","reason":null,"rtt_ms":null,"mac":null,"vendor":null}
 * {"type":"port","ip":"10.0.0.5","port":22,"proto":"tcp","state":"open","service":"ssh","reason":"syn-ack","rtt_ms":0.4}
 * {"type":"port","ip":"10.0.0.5","port":53,"proto":"udp","state":"open|filtered","service":"domain","reason":"no-response","rtt_ms":null}
 * {"type":"hostname","ip":"10.0.0.5","hostname":"a.example","dns":"ok"}
 * {"type":"service","ip":"10.0.0.5","port":11434,"product":"Ollama","version":"0.5.7","category":"llm-server","auth":"none","models":["llama3:8b"],"evidence":"...","service":"http","extra_info":null,"cpe":[],"tunnel":null,"tls":null,"banner":null,"method":"probed","confidence":10,"mcp":null,"proto":"tcp"}
 * {"type":"service","ip":"10.0.0.5","port":22,"product":"OpenSSH","version":"9.2p1","category":null,"auth":null,"models":null,"evidence":"...","service":"ssh","extra_info":"protocol 2.0; Debian 2+deb12u10","cpe":["cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*"],"tunnel":null,"tls":null,"banner":null,"method":"probed","confidence":10,"mcp":null,"proto":"tcp"}
 * {"type":"finding","ip":"10.0.0.5","port":11434,"id":"llm-api-no-auth","severity":"high","title":"...","detail":"...","cves":[],"references":[],"proto":"tcp"}
 * {"type":"host_done","ip":"10.0.0.5"}
 * {"type":"progress","done":120,"total":1024,"rate":2300.5,"elapsed_ms":52,"eta_ms":393}
 * {"type":"finished","summary":{"started_at":"...","ended_at":"...","elapsed_ms":3200,"targets":256,"hosts_up":31,"open_ports":212,"probes_sent":8192}}
 * {"type":"cancelled","summary":{...}}
 * {"type":"failed","message":"...","summary":{...}}
 * </pre>
 *
 * A {@code service} event is what service detection ({@code -sV}) found on a port: {@code category},
 * {@code auth} and {@code models} are an AI/ML product's ({@code null} for any other service);
 * {@code tls} is {@code null} or {"protocol", "cipher", "subject_cn", "subject", "issuer", "sans",
 * "not_before", "not_after", "self_signed", "public_key", "sha256"}; {@code banner} is an unrecognised
 * service's first bytes, escaped; {@code method} is {@code probed} (or nmap's {@code table}); {@code mcp} is
 * {@code null} or an MCP server's {"transport", "endpoint", "server_name", "server_version",
 * "protocol_version", "auth", "authorization_servers", "tools_listed", "tool_count", "tools" (each
 * {"name", "read_only_hint", "destructive_hint"}, hints {@code null} where not given), "resources",
 * "prompts"}. A {@code finding} event follows its port's {@code service} event: {@code id} (a rule's, or
 * {@code vuln:} and an advisory's), {@code severity} ({@code info} to {@code critical}), {@code title},
 * {@code detail}, {@code cves} and {@code references}. {@code proto} ({@code tcp} or {@code udp}) comes last in
 * {@code service} and {@code finding} events, as in {@code port} ones it comes after the port: 53/tcp's service and
 * findings are not 53/udp's. A {@code started} event of one part of a sharded scan
 * ({@code --shard}) names it: {@code shard} ({@code "2/8"}), {@code shard_index}, {@code shard_count}, {@code split}
 * ({@code address} or {@code address-port}), {@code seed} (a string: it may not fit a double) and
 * {@code options_hash} (the hex SHA-256 of the options that decide results); all {@code null} for a whole scan,
 * and {@code targets} counts the part's own.
 * Addresses are in {@link AddressFormat} form; times are ISO-8601 UTC to the millisecond;
 * {@code rtt_ms} has microsecond precision; {@code rate} is probes per second to 0.1.
 * Stateless and thread-safe.
 */
public final class EventJson {
    private EventJson() {}

    /** The event as one line of JSON, without a line terminator. */
    public static String toJson(ScanEvent event) {
        return switch (event) {
            case Started s -> type("started")
                    .string("at", iso(s.at()))
                    .string("command", s.commandLine())
                    .number("targets", s.targetCount())
                    .string("ports", s.ports().toString())
                    .string("discovery", s.discovery().label())
                    .string("scan", s.ports().isEmpty()
                            ? (s.udpPorts().isEmpty() ? Optional.empty() : Optional.of("udp"))
                            : Optional.of(s.scanType().label()))
                    .string("scan_note", ScanText.note(s))
                    .with(o -> {
                        if (!s.udpPorts().isEmpty()) {
                            o.string("udp_ports", s.udpPorts().toString());
                        }
                    })
                    .string("shard", s.shard().map(m -> m.shard().toString()))
                    .decimal("shard_index", s.shard().map(m -> Integer.toString(m.shard().index())))
                    .decimal("shard_count", s.shard().map(m -> Integer.toString(m.shard().count())))
                    .string("split", s.shard().map(m -> m.split().label()))
                    .string("seed", s.shard().map(m -> Long.toString(m.seed())))
                    .string("options_hash", s.shard().map(ShardMark::optionsDigest))
                    .toJson();
            case HostUp(HostInfo h) -> withIp("host", h.address())
                    .string("status", "up")
                    .string("reason", h.reason())
                    .decimal("rtt_ms", h.rtt().map(Numbers::millis))
                    .string("mac", h.mac().map(Object::toString))
                    .string("vendor", h.vendor())
                    .toJson();
            case HostDown(InetAddress address) -> withIp("host", address)
                    .string("status", "down")
                    .string("reason", (String) null)
                    .decimal("rtt_ms", Optional.empty())
                    .string("mac", (String) null)
                    .string("vendor", (String) null)
                    .toJson();
            case PortObserved p -> withIp("port", p.address())
                    .number("port", p.port())
                    .string("proto", p.protocol().label())
                    .string("state", p.state().label())
                    .string("service", p.service())
                    .string("reason", p.reason())
                    .decimal("rtt_ms", p.rtt().map(Numbers::millis))
                    .toJson();
            case HostnameResolved h -> withIp("hostname", h.address())
                    .string("hostname", h.hostname())
                    .string("dns", h.status().label())
                    .toJson();
            case ServiceIdentified(InetAddress address, int port, ServiceReport r, Protocol protocol) ->
                    withIp("service", address)
                    .number("port", port)
                    .string("product", r.product())
                    .string("version", r.version())
                    .string("category", r.ai().map(ServiceIdentity::category))
                    .string("auth", r.ai().map(id -> id.auth().label()))
                    .strings("models", r.ai().map(ServiceIdentity::models))
                    .string("evidence", r.evidence())
                    .string("service", r.service())
                    .string("extra_info", r.extraInfo())
                    .strings("cpe", r.cpes())
                    .string("tunnel", r.tunnel())
                    .object("tls", r.tls().map(EventJson::tls))
                    .string("banner", r.banner())
                    .string("method", r.method().name().toLowerCase(Locale.ROOT))
                    .number("confidence", r.confidence())
                    .object("mcp", r.mcp().map(EventJson::mcp))
                    .string("proto", protocol.label()) // last: the keys before it are older than UDP scans
                    .toJson();
            case FindingRaised(InetAddress address, int port, Finding f, Protocol protocol) -> withIp("finding", address)
                    .number("port", port)
                    .string("id", f.id())
                    .string("severity", f.severity().label())
                    .string("title", f.title())
                    .string("detail", f.detail())
                    .strings("cves", f.cves())
                    .strings("references", f.references())
                    .string("proto", protocol.label()) // last, as in the service event
                    .toJson();
            case HostCompleted h -> withIp("host_done", h.address()).toJson();
            case Progress p -> type("progress")
                    .number("done", p.done())
                    .number("total", p.total())
                    .decimal("rate", Numbers.decimal(p.ratePerSecond(), 1))
                    .number("elapsed_ms", p.elapsed().toMillis())
                    .decimal("eta_ms", p.eta().map(eta -> Long.toString(eta.toMillis())))
                    .toJson();
            case Finished(ScanSummary summary) -> type("finished").object("summary", summary(summary)).toJson();
            case Cancelled(ScanSummary summary) -> type("cancelled").object("summary", summary(summary)).toJson();
            case Failed(String message, ScanSummary summary) -> type("failed")
                    .string("message", message)
                    .object("summary", summary(summary))
                    .toJson();
        };
    }

    /** The {@code type} value {@link #toJson} writes for events of this kind. */
    public static String typeOf(ScanEvent event) {
        return switch (event) {
            case Started s -> "started";
            case HostUp h -> "host";
            case HostDown h -> "host";
            case PortObserved p -> "port";
            case HostnameResolved h -> "hostname";
            case ServiceIdentified s -> "service";
            case FindingRaised f -> "finding";
            case HostCompleted h -> "host_done";
            case Progress p -> "progress";
            case Finished f -> "finished";
            case Cancelled c -> "cancelled";
            case Failed f -> "failed";
        };
    }

    private static JsonObject tls(TlsSummary t) {
        return new JsonObject()
                .string("protocol", t.protocol())
                .string("cipher", t.cipherSuite())
                .string("subject_cn", t.subjectCn())
                .string("subject", t.subject())
                .string("issuer", t.issuer())
                .strings("sans", t.sans())
                .string("not_before", iso(t.notBefore()))
                .string("not_after", iso(t.notAfter()))
                .bool("self_signed", t.selfSigned())
                .string("public_key", t.publicKey())
                .string("sha256", t.sha256());
    }

    private static JsonObject mcp(McpServer m) {
        return new JsonObject()
                .string("transport", m.transport().label())
                .string("endpoint", m.endpoint())
                .string("server_name", m.name())
                .string("server_version", m.version())
                .string("protocol_version", m.protocolVersion())
                .string("auth", m.auth().label())
                .strings("authorization_servers", m.authorizationServers())
                .bool("tools_listed", m.toolsListed())
                .number("tool_count", m.toolCount())
                .objects("tools", m.tools().stream().map(t -> new JsonObject()
                        .string("name", t.name())
                        .bool("read_only_hint", t.readOnly())
                        .bool("destructive_hint", t.destructive())).toList())
                .decimal("resources", count(m.resources()))
                .decimal("prompts", count(m.prompts()));
    }

    private static Optional<String> count(java.util.OptionalInt n) {
        return n.isPresent() ? Optional.of(Integer.toString(n.getAsInt())) : Optional.empty();
    }

    private static JsonObject summary(ScanSummary s) {
        return new JsonObject()
                .string("started_at", iso(s.startedAt()))
                .string("ended_at", iso(s.endedAt()))
                .number("elapsed_ms", s.elapsed().toMillis())
                .number("targets", s.targets())
                .number("hosts_up", s.hostsUp())
                .number("open_ports", s.openPorts())
                .number("probes_sent", s.probesSent());
    }

    private static JsonObject type(String type) {
        return new JsonObject().string("type", type);
    }

    private static JsonObject withIp(String type, InetAddress address) {
        return type(type).string("ip", AddressFormat.format(address));
    }

    private static String iso(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
