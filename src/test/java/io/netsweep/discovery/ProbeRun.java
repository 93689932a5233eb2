package io.netsweep.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netsweep.lab.LabNetwork;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs {@link DiscoveryProbeMain} inside a lab's scanner namespace (optionally as user nobody with
 * no capabilities) and parses its JSON lines. The discovery code must run inside the namespace,
 * and the test JVM lives in the root namespace, hence a child JVM.
 */
final class ProbeRun {
    /** The unprivileged identity: nobody, no groups, no inheritable capabilities. */
    static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
            "--inh-caps=-all");

    record Up(InetAddress address, String reason, Optional<Long> rttMicros, Optional<MacAddress> mac,
              Optional<String> vendor) {}

    record Result(String method, String ipv6Method, List<Up> ups, List<InetAddress> downs, boolean terminated,
                  boolean cancelled, long probesSent, long targetsDone, long sweepMillis, Optional<Long> stopMillis,
                  Optional<Long> probesAtCancel,
                  Optional<String> failure, List<String> linesAfterEnd, String raw) {

        Map<InetAddress, Up> upByAddress() {
            return ups.stream().collect(Collectors.toMap(Up::address, Function.identity()));
        }

        @Override
        public String toString() {
            return raw;
        }
    }

    private ProbeRun() {}

    static Result run(LabNetwork lab, boolean asNobody, String... args) {
        List<String> cmd = new ArrayList<>();
        if (asNobody) {
            cmd.addAll(AS_NOBODY);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        var dir = LabNetwork.projectDir();
        // Only netsweep's own classes: readable by nobody, unlike the Maven repository under /root.
        String cp = dir.resolve("target/classes") + ":" + dir.resolve("target/test-classes");
        cmd.addAll(List.of(java, "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-cp", cp, DiscoveryProbeMain.class.getName()));
        cmd.addAll(List.of(args));
        Process p = lab.runInScanner(cmd.toArray(String[]::new));
        String out = LabNetwork.finish(p, Duration.ofMinutes(2), "DiscoveryProbeMain " + String.join(" ", args));
        return parse(out);
    }

    static Result parse(String out) {
        ObjectMapper json = new ObjectMapper();
        String method = "";
        String ipv6Method = "";
        List<Up> ups = new ArrayList<>();
        List<InetAddress> downs = new ArrayList<>();
        List<String> after = new ArrayList<>();
        JsonNode end = null;
        for (String line : out.lines().toList()) {
            JsonNode n;
            try {
                n = json.readTree(line);
            } catch (IOException e) {
                throw new IllegalStateException("not a JSON line from the probe main: " + line + "\n" + out, e);
            }
            if (end != null) {
                after.add(line);
                continue;
            }
            switch (n.get("event").asText()) {
                case "method" -> {
                    method = n.get("method").asText();
                    ipv6Method = n.get("ipv6Method").asText();
                }
                case "up" -> ups.add(new Up(InetAddress.ofLiteral(n.get("address").asText()), n.get("reason").asText(),
                        n.get("rttMicros").isNull() ? Optional.empty() : Optional.of(n.get("rttMicros").asLong()),
                        n.get("mac").isNull() ? Optional.empty() : Optional.of(MacAddress.parse(n.get("mac").asText())),
                        n.get("vendor").isNull() ? Optional.empty() : Optional.of(n.get("vendor").asText())));
                case "down" -> downs.add(InetAddress.ofLiteral(n.get("address").asText()));
                case "end" -> end = n;
                case "error" -> throw new IllegalStateException("probe main could not open its method: " + out);
                default -> throw new IllegalStateException("unknown event: " + line);
            }
        }
        if (end == null) {
            throw new IllegalStateException("probe main printed no end line:\n" + out);
        }
        return new Result(method, ipv6Method, ups, downs, end.get("terminated").asBoolean(),
                end.get("cancelled").asBoolean(), end.get("probesSent").asLong(), end.get("targetsDone").asLong(),
                end.get("sweepMillis").asLong(),
                end.get("stopMillis").isNull() ? Optional.empty() : Optional.of(end.get("stopMillis").asLong()),
                end.get("probesAtCancel").isNull() ? Optional.empty() : Optional.of(end.get("probesAtCancel").asLong()),
                end.get("failure").isNull() ? Optional.empty() : Optional.of(end.get("failure").asText()), after, out);
    }
}
