package io.netsweep.web;

import io.netsweep.port.PortSet;
import io.netsweep.portscan.ScanTiming;
import io.netsweep.scan.DnsMode;
import io.netsweep.scan.ScanRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web tests' stand-in for the command line's parsers: targets are comma-separated IPv4
 * addresses or last-octet ranges ({@code 127.0.0.1-5}), ports are {@code 22,80,8000-8100}, and the
 * presets are fixed small port lists. Stateless; thread-safe.
 */
final class RangeRequestFactory implements ScanRequestFactory {
    static final int MAX_TARGETS = 4096;
    private static final Pattern RANGE = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:-(\\d{1,3}))?");

    @Override
    public ScanRequest create(ScanForm form) throws InvalidScanRequestException {
        List<String> addresses = new ArrayList<>();
        for (String token : form.targets().split("[,\\s]+")) {
            if (token.isBlank()) {
                continue;
            }
            Matcher m = RANGE.matcher(token);
            if (!m.matches()) {
                throw new InvalidScanRequestException("'" + token + "' is not an address or range such as 10.0.0.1-20");
            }
            int[] o = new int[5];
            for (int i = 0; i < 4; i++) {
                o[i] = Integer.parseInt(m.group(i + 1));
            }
            o[4] = m.group(5) == null ? o[3] : Integer.parseInt(m.group(5));
            for (int v : o) {
                if (v > 255) {
                    throw new InvalidScanRequestException("'" + token + "': octet " + v + " is above 255");
                }
            }
            if (o[4] < o[3]) {
                throw new InvalidScanRequestException("'" + token + "': range is reversed");
            }
            for (int last = o[3]; last <= o[4]; last++) {
                addresses.add(o[0] + "." + o[1] + "." + o[2] + "." + last);
            }
            if (addresses.size() > MAX_TARGETS) {
                throw new InvalidScanRequestException("more than " + MAX_TARGETS + " targets");
            }
        }
        if (addresses.isEmpty()) {
            throw new InvalidScanRequestException("no targets");
        }
        PortSet ports = switch (form.preset()) {
            case "", "simple" -> PortSet.of(22, 80, 443);
            case "full", "ai" -> PortSet.of(22, 80, 443, ScriptedScanner.OLLAMA_PORT);
            case "custom" -> ports(form.ports());
            default -> throw new InvalidScanRequestException("unknown preset '" + form.preset() + "'");
        };
        if (!form.preset().equals("custom") && !form.ports().isBlank()) {
            ports = ports.union(ports(form.ports()));
        }
        ScanTiming timing = ScanTiming.defaults();
        if (form.concurrency().isPresent()) {
            timing = timing.withConcurrency(form.concurrency().getAsInt());
        }
        if (form.timeoutMs().isPresent()) {
            timing = timing.withFixedTimeout(Duration.ofMillis(form.timeoutMs().getAsInt()));
        }
        return ScanRequest.builder(WebTestSupport.targets(addresses), ports)
                .timing(timing)
                .dnsMode(form.reverseDns() ? DnsMode.UP_HOSTS : DnsMode.OFF)
                .identify(form.identify())
                .commandLine("netsweep " + form.targets())
                .build();
    }

    private static PortSet ports(String text) throws InvalidScanRequestException {
        List<Integer> list = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (!p.matches("\\d{1,5}(-\\d{1,5})?")) {
                throw new InvalidScanRequestException("'" + p + "' is not a port or port range");
            }
            String[] ends = p.split("-");
            int first = Integer.parseInt(ends[0]);
            int last = ends.length == 2 ? Integer.parseInt(ends[1]) : first;
            if (first < 1 || last > 65535 || first > last) {
                throw new InvalidScanRequestException("port range '" + p + "' is outside 1-65535 or reversed");
            }
            for (int i = first; i <= last; i++) {
                list.add(i);
            }
        }
        if (list.isEmpty()) {
            throw new InvalidScanRequestException("no ports given");
        }
        return PortSet.of(list.stream().mapToInt(Integer::intValue).toArray());
    }
}
