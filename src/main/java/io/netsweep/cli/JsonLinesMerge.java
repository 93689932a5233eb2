package io.netsweep.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netsweep.scan.ShardMark;
import io.netsweep.scan.WorkSplit;
import io.netsweep.target.AddressOrder;
import io.netsweep.target.IpLiterals;
import io.netsweep.target.Shard;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code netsweep merge} of JSON Lines parts: one {@code started} event (the first part's, its {@code targets} the
 * whole scan's and its shard fields {@code null}), then each host once, in address order (up when any part found it
 * up; its hostname once; its ports, services and findings from every part, TCP then UDP, by port; one {@code host_done}), then
 * one {@code finished} event whose summary sums the parts' (hosts up counted once). {@code progress} events are left
 * out. A partial merge ends with a {@code failed} event that names the missing parts. Stateless.
 */
final class JsonLinesMerge {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLinesMerge() {}

    /** A part read from a JSON Lines file. */
    record Part(Path file, ShardMark mark, Optional<String> unfinished, ObjectNode started, ObjectNode summary,
                List<ObjectNode> events) implements ShardPart {}

    /** Reads and checks one part; a file that is not a finished part's JSON Lines is one line naming it. */
    static Part read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + MergeCommand.reason(e));
        }
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(lines.get(i));
            } catch (JsonProcessingException e) {
                throw new UsageException(file + " line " + (i + 1) + " is not JSON: the file is truncated or damaged");
            }
            if (!(n instanceof ObjectNode o) || !o.path("type").isTextual()) {
                throw new UsageException(file + " line " + (i + 1) + " is not a netsweep event");
            }
            events.add(o);
        }
        if (events.isEmpty() || !type(events.getFirst()).equals("started")) {
            throw new UsageException(file + " does not start with a started event: it is not netsweep's JSON Lines");
        }
        ObjectNode started = events.getFirst();
        ShardMark mark = mark(file, started);
        ObjectNode last = events.getLast();
        Optional<String> unfinished = switch (type(last)) {
            case "finished" -> Optional.empty();
            case "cancelled" -> Optional.of("cancelled");
            case "failed" -> Optional.of("failed: " + last.path("message").asText());
            default -> Optional.of("no finished event: the file is truncated");
        };
        ObjectNode summary = last.path("summary") instanceof ObjectNode s ? s : JSON.createObjectNode();
        return new Part(file, mark, unfinished, started, summary, events.subList(1, events.size() - 1));
    }

    private static ShardMark mark(Path file, ObjectNode started) {
        if (!started.path("shard_count").isIntegralNumber()) {
            throw new UsageException(file + " is not a part of a sharded scan (its started event names no shard):"
                    + " scan with --seed and --shard");
        }
        try {
            Shard shard = new Shard(started.path("shard_index").intValue(), started.path("shard_count").intValue());
            WorkSplit.Kind split = WorkSplit.Kind.byLabel(started.path("split").asText())
                    .orElseThrow(() -> new IllegalArgumentException("unknown split"));
            long seed = Long.parseLong(started.path("seed").asText());
            String hash = started.path("options_hash").asText();
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("bad options hash");
            }
            return new ShardMark(shard, split, seed, hash);
        } catch (IllegalArgumentException e) {
            throw new UsageException(file + " has a damaged shard record in its started event (" + e.getMessage() + ")");
        }
    }

    /** The merged parts as JSON Lines; {@code missing} names the parts a partial merge goes without. */
    static String merge(List<Part> parts, List<Integer> missing) {
        Map<InetAddress, List<ObjectNode>> hosts = new TreeMap<>(AddressOrder.ASCENDING);
        for (Part p : parts) {
            for (ObjectNode e : p.events()) {
                if (e.has("ip")) {
                    hosts.computeIfAbsent(address(p, e), a -> new ArrayList<>()).add(e);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        List<String> hostLines = new ArrayList<>();
        long up = 0;
        for (List<ObjectNode> events : hosts.values()) {
            up += host(events, hostLines) ? 1 : 0;
        }
        ShardMark mark = parts.getFirst().mark();
        long targets = 0;
        long open = 0;
        long probes = 0;
        Instant start = null;
        Instant end = null;
        for (Part p : parts) {
            long t = p.summary().path("targets").asLong();
            targets = mark.split() == WorkSplit.Kind.ADDRESS ? targets + t : Math.max(targets, t);
            open += p.summary().path("open_ports").asLong();
            probes += p.summary().path("probes_sent").asLong();
            Instant s = instant(p, "started_at");
            Instant e = instant(p, "ended_at");
            start = start == null || s.isBefore(start) ? s : start;
            end = end == null || e.isAfter(end) ? e : end;
        }
        ObjectNode started = parts.getFirst().started().deepCopy();
        started.put("targets", targets);
        started.putNull("shard");
        started.putNull("shard_index");
        started.putNull("shard_count");
        out.append(started).append('\n');
        hostLines.forEach(l -> out.append(l).append('\n'));
        ObjectNode summary = JSON.createObjectNode();
        summary.put("started_at", start.toString());
        summary.put("ended_at", end.toString());
        summary.put("elapsed_ms", Duration.between(start, end).toMillis());
        summary.put("targets", targets);
        summary.put("hosts_up", up);
        summary.put("open_ports", open);
        summary.put("probes_sent", probes);
        ObjectNode terminal = JSON.createObjectNode();
        if (missing.isEmpty()) {
            terminal.put("type", "finished");
        } else {
            terminal.put("type", "failed");
            terminal.put("message", "partial merge: " + Shard.describeMissing(missing, mark.shard().count())
                    + " missing");
        }
        terminal.set("summary", summary);
        out.append(terminal).append('\n');
        return out.toString();
    }

    /** Writes one host's merged events; true when it is up. */
    private static boolean host(List<ObjectNode> events, List<String> out) {
        Optional<ObjectNode> host = events.stream().filter(e -> type(e).equals("host"))
                .filter(e -> "up".equals(e.path("status").asText())).findFirst()
                .or(() -> events.stream().filter(e -> type(e).equals("host")).findFirst());
        host.ifPresent(h -> out.add(h.toString()));
        events.stream().filter(e -> type(e).equals("hostname")).findFirst().ifPresent(h -> out.add(h.toString()));
        List<ObjectNode> ports = new ArrayList<>();
        List<ObjectNode> others = new ArrayList<>();
        for (ObjectNode e : events) {
            switch (type(e)) {
                case "host", "hostname", "host_done" -> { }
                case "port", "service", "finding" -> ports.add(e);
                default -> others.add(e);
            }
        }
        // TCP ports, then UDP ones (53/tcp and 53/udp apart), each ascending, a port's own events after it.
        ports.sort(Comparator.comparing((ObjectNode e) -> !e.path("proto").asText("tcp").equals("tcp"))
                .thenComparing(e -> e.path("proto").asText("tcp"))
                .thenComparingInt(e -> e.path("port").asInt())
                .thenComparingInt(e -> switch (type(e)) {
                    case "port" -> 0;
                    case "service" -> 1;
                    default -> 2;
                }));
        ports.forEach(e -> out.add(e.toString()));
        others.forEach(e -> out.add(e.toString()));
        events.stream().filter(e -> type(e).equals("host_done")).findFirst().ifPresent(h -> out.add(h.toString()));
        return host.map(h -> "up".equals(h.path("status").asText())).orElse(false);
    }

    private static InetAddress address(Part p, ObjectNode e) {
        try {
            return IpLiterals.parse(e.path("ip").asText());
        } catch (IllegalArgumentException bad) {
            throw new UsageException(p.file() + " has an event whose ip is not an address: the file is damaged");
        }
    }

    private static Instant instant(Part p, String key) {
        try {
            return Instant.parse(p.summary().path(key).asText());
        } catch (DateTimeParseException e) {
            throw new UsageException(p.file() + " has no " + key + " in its finished event: the file is damaged");
        }
    }

    private static String type(ObjectNode e) {
        return e.path("type").asText();
    }
}
