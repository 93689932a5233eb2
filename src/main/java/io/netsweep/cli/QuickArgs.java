package io.netsweep.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reads plain scan command lines into a {@link ScanCommand} without building picocli's model, which
 * costs a cold start about a tenth of a second (reflection over the annotated fields).
 *
 * <p>It reads only what it can read exactly as picocli does: option names as whole tokens with their
 * value in the next token, each option at most once unless it is repeatable, and targets. For
 * anything else it declines and picocli reads the command line as before, with its own messages:
 * help and version, the {@code ui} subcommand, unknown, clustered or abbreviated options, values
 * attached or joined with {@code =}, {@code @file} arguments, {@code --}, a value that looks like an
 * option, an empty or quoted list element, a value that does not convert (numbers are read by
 * {@link AsciiNumbers}, as picocli's converters read them). {@code QuickArgsTest}
 * checks that whatever it reads, picocli reads the same. Stateless.
 */
final class QuickArgs {

    @FunctionalInterface
    private interface Setter {
        /** Applies the option's value; throws (any runtime exception) where picocli would report an error. */
        void set(ScanCommand c, String value);
    }

    /** An option as picocli declares it on {@link ScanCommand}. */
    private record Option(String key, boolean takesValue, boolean repeatable, Setter setter) {}

    private static final Map<String, Option> OPTIONS = options();

    private QuickArgs() {}

    private static Map<String, Option> options() {
        Map<String, Option> m = new HashMap<>();
        value(m, "-p", (c, v) -> c.ports = v);
        value(m, "--preset", (c, v) -> c.preset = v);
        value(m, "--top-ports", (c, v) -> c.topPorts = AsciiNumbers.parseInt(v));
        value(m, "-T", (c, v) -> c.template = AsciiNumbers.parseInt(v));
        Option concurrency = new Option("-c", true, false, (c, v) -> c.concurrency = AsciiNumbers.parseInt(v));
        m.put("-c", concurrency);
        m.put("--concurrency", concurrency);
        value(m, "--timeout", (c, v) -> c.timeoutMs = AsciiNumbers.parseInt(v));
        value(m, "--retries", (c, v) -> c.retries = AsciiNumbers.parseInt(v));
        value(m, "--rate", (c, v) -> c.rate = AsciiNumbers.parseDouble(v));
        value(m, "--seed", (c, v) -> c.seed = AsciiNumbers.parseLong(v));
        value(m, "--shard", (c, v) -> c.shard = v);
        value(m, "--dns-timeout", (c, v) -> c.dnsTimeoutMs = AsciiNumbers.parseInt(v));
        value(m, "--version-timeout", (c, v) -> c.versionTimeoutMs = AsciiNumbers.parseInt(v));
        value(m, "--version-concurrency", (c, v) -> c.versionConcurrency = AsciiNumbers.parseInt(v));
        value(m, "-o", (c, v) -> c.format = v);
        value(m, "-oJ", (c, v) -> c.jsonFile = Path.of(v));
        value(m, "-oX", (c, v) -> c.xmlFile = Path.of(v));
        value(m, "-oN", (c, v) -> c.normalFile = Path.of(v));
        value(m, "-oG", (c, v) -> c.grepableFile = Path.of(v));
        value(m, "-oA", (c, v) -> c.allBase = v);
        value(m, "--db", (c, v) -> c.database = io.netsweep.store.StoreLocation.parse(v));
        repeatable(m, "-iL", (c, v) -> c.targetFiles.add(Path.of(v)));
        repeatable(m, "--exclude-file", (c, v) -> c.excludeFiles.add(Path.of(v)));
        repeatable(m, "--dns-server", (c, v) -> c.dnsServers.add(v));
        repeatable(m, "--exclude", (c, v) -> c.excludes.add(v));
        repeatable(m, "--show", (c, v) -> c.show.addAll(split(v)));
        flag(m, "--include-network-broadcast", c -> c.includeNetworkAndBroadcast = true);
        flag(m, "--allow-large", c -> c.allowLarge = true);
        flag(m, "--resolve-all", c -> c.resolveAll = true);
        flag(m, "-sn", c -> c.discoveryOnly = true);
        flag(m, "-Pn", c -> c.assumeUp = true);
        flag(m, "-sT", c -> c.connectScan = true);
        flag(m, "-F", c -> c.fast = true);
        flag(m, "--no-save", c -> c.noSave = true);
        flag(m, "--open", c -> c.openOnly = true);
        flag(m, "-n", c -> c.noDns = true);
        flag(m, "-R", c -> c.dnsAll = true);
        flag(m, "-sS", c -> c.synScan = true);
        flag(m, "-sU", c -> c.udpScan = true);
        flag(m, "-sV", c -> c.versionScan = true);
        flag(m, "-sC", c -> c.scriptScan = true);
        flag(m, "-O", c -> c.osDetection = true);
        flag(m, "-A", c -> c.aggressive = true);
        // -v counts, as picocli counts a boolean[] option: -v -v and -vv are both 2.
        m.put("-v", new Option("-v", false, true, (c, v) -> c.verbose = new boolean[c.verbose.length + 1]));
        m.put("-vv", new Option("-v", false, true, (c, v) -> c.verbose = new boolean[c.verbose.length + 2]));
        negatable(m, "identify", (c, on) -> c.identify = on);
        negatable(m, "progress", (c, on) -> c.progress = on);
        return Map.copyOf(m);
    }

    private static void value(Map<String, Option> m, String name, Setter s) {
        m.put(name, new Option(name, true, false, s));
    }

    private static void repeatable(Map<String, Option> m, String name, Setter s) {
        m.put(name, new Option(name, true, true, s));
    }

    private static void flag(Map<String, Option> m, String name, Consumer<ScanCommand> s) {
        m.put(name, new Option(name, false, false, (c, v) -> s.accept(c)));
    }

    private static void negatable(Map<String, Option> m, String name,
                                  BiConsumer<ScanCommand, Boolean> s) {
        // One option under two names: giving both is giving it twice, which picocli refuses.
        m.put("--" + name, new Option(name, false, false, (c, v) -> s.accept(c, Boolean.TRUE)));
        m.put("--no-" + name, new Option(name, false, false, (c, v) -> s.accept(c, Boolean.FALSE)));
    }

    /** A comma-separated list as picocli splits it; refused where its quoting rules could matter. */
    private static List<String> split(String v) {
        if (v.isEmpty() || v.indexOf('"') >= 0 || v.startsWith(",") || v.endsWith(",") || v.contains(",,")) {
            throw new IllegalArgumentException("left to picocli");
        }
        return List.of(v.split(","));
    }

    /**
     * Whether picocli may read {@code arg} as asking for help or the version: {@code -h}, {@code --help}, {@code -V},
     * {@code --version}, also with a value ({@code --help=true}) or among one-letter flags clustered in one argument
     * ({@code -nh}, {@code -vV}, {@code -hx}). Picocli reads a cluster letter by letter, and stops at a letter that
     * takes a value (the rest of the argument is that value: {@code -ph} is {@code -p h}), that is no option, or
     * that repeats a flag given at most once (both errors, whatever follows: {@code -xh}, {@code -FFh}); an option
     * of more letters ({@code -sV}, {@code -oX}) is never read as a cluster.
     */
    static boolean mayAskForHelp(String arg) {
        if (arg.equals("--help") || arg.equals("--version") || arg.startsWith("--help=")
                || arg.startsWith("--version=")) {
            return true;
        }
        if (!arg.startsWith("-") || arg.startsWith("--") || OPTIONS.containsKey(arg)) {
            return false;
        }
        for (int i = 1; i < arg.length(); i++) {
            char letter = arg.charAt(i);
            if (letter == 'h' || letter == 'V') {
                return true;
            }
            Option o = OPTIONS.get("-" + letter);
            if (o == null || o.takesValue() || (!o.repeatable() && arg.indexOf(letter, 1) < i)) {
                return false;
            }
        }
        return false;
    }

    /**
     * Fills {@code command} from {@code args}; empty (and {@code command} must then be dropped) if
     * the command line is not one it reads exactly as picocli would.
     */
    static Optional<ScanCommand> parse(String[] args, ScanCommand command) {
        Set<String> seen = new HashSet<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.isEmpty() || a.startsWith("@") || Main.SUBCOMMANDS.contains(a)) {
                    return Optional.empty();
                }
                if (!a.startsWith("-")) {
                    command.targets.add(a);
                    continue;
                }
                Option o = OPTIONS.get(a);
                if (o == null || (!o.repeatable() && !seen.add(o.key()))) {
                    return Optional.empty();
                }
                if (!o.takesValue()) {
                    o.setter().set(command, "");
                    continue;
                }
                if (i + 1 >= args.length) {
                    return Optional.empty();
                }
                String v = args[++i];
                if (v.startsWith("-") || v.startsWith("@")) {
                    return Optional.empty();
                }
                o.setter().set(command, v);
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // NumberFormatException and InvalidPathException: picocli reports the bad value
        }
        return Optional.of(command);
    }
}
