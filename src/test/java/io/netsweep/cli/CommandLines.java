package io.netsweep.cli;

import io.netsweep.cli.OutputPlan.FileOutput;
import io.netsweep.portscan.PortState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a parsed command line back as arguments, for the round trip of the option properties: what
 * {@link ScanCommand} read ({@link ScanSpec}, {@link OutputPlan}, verbosity), written out, must read
 * back the same. One way to write each thing; the parser accepts many.
 */
final class CommandLines {
    private CommandLines() {}

    static List<String> format(ScanSpec s, OutputPlan outputs, int verbosity) {
        List<String> a = new ArrayList<>();
        s.targetFiles().forEach(f -> a.addAll(List.of("-iL", f.toString())));
        s.excludes().forEach(e -> a.addAll(List.of("--exclude", e)));
        s.excludeFiles().forEach(f -> a.addAll(List.of("--exclude-file", f.toString())));
        flag(a, s.includeNetworkAndBroadcast(), "--include-network-broadcast");
        flag(a, s.allowLarge(), "--allow-large");
        s.ports().ifPresent(p -> a.addAll(List.of("-p", p)));
        s.preset().ifPresent(p -> a.addAll(List.of("--preset", p)));
        s.topPorts().ifPresent(n -> a.addAll(List.of("--top-ports", Integer.toString(n))));
        switch (s.discovery()) {
            case DISCOVERY_ONLY -> a.add("-sn");
            case ASSUME_UP -> a.add("-Pn");
            case DISCOVER_THEN_SCAN -> { }
        }
        switch (s.method()) {
            case SYN -> a.add("-sS");
            case CONNECT -> a.add("-sT");
            case DEFAULT -> { }
        }
        s.timingTemplate().ifPresent(n -> a.addAll(List.of("-T", Integer.toString(n))));
        s.concurrency().ifPresent(n -> a.addAll(List.of("-c", Integer.toString(n))));
        s.timeoutMs().ifPresent(n -> a.addAll(List.of("--timeout", Integer.toString(n))));
        s.retries().ifPresent(n -> a.addAll(List.of("--retries", Integer.toString(n))));
        s.rate().ifPresent(r -> a.addAll(List.of("--rate", Double.toString(r))));
        s.seed().ifPresent(n -> a.add("--seed=" + n)); // attached: a negative seed would look like an option
        switch (s.dnsMode()) {
            case OFF -> a.add("-n");
            case ALL -> a.add("-R");
            case UP_HOSTS -> { }
        }
        s.dnsServers().forEach(d -> a.addAll(List.of("--dns-server", d)));
        s.dnsTimeoutMs().ifPresent(n -> a.addAll(List.of("--dns-timeout", Integer.toString(n))));
        s.identify().ifPresent(on -> a.add(on ? "--identify" : "--no-identify"));
        s.versionTimeoutMs().ifPresent(n -> a.addAll(List.of("--version-timeout", Integer.toString(n))));
        s.versionConcurrency().ifPresent(n -> a.addAll(List.of("--version-concurrency", Integer.toString(n))));
        List<String> shown = new ArrayList<>();
        for (PortState state : PortState.values()) {
            if (state != PortState.OPEN && s.show().contains(state)) {
                shown.add(state.label());
            }
        }
        if (s.showDown()) {
            shown.add("down");
        }
        if (!shown.isEmpty()) {
            a.addAll(List.of("--show", String.join(",", shown)));
        }
        a.addAll(List.of("-o", outputs.stdout().name().toLowerCase(Locale.ROOT)));
        String allBase = null;
        for (FileOutput f : outputs.files()) {
            if (f.option().equals("-oA")) {
                String p = f.path().toString();
                allBase = p.substring(0, p.lastIndexOf('.'));
            } else {
                a.addAll(List.of(f.option(), f.path().toString()));
            }
        }
        if (allBase != null) {
            a.addAll(List.of("-oA", allBase));
        }
        for (int i = 0; i < verbosity; i++) {
            a.add("-v");
        }
        a.addAll(s.targets());
        return a;
    }

    private static void flag(List<String> a, boolean on, String name) {
        if (on) {
            a.add(name);
        }
    }

    /** A path for an output option, inside {@code dir}. */
    static String file(Path dir, String name) {
        return dir.resolve(name).toString();
    }
}
