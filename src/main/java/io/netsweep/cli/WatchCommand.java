package io.netsweep.cli;

import io.netsweep.scan.ScanRequest;
import io.netsweep.store.ScanStore;
import io.netsweep.store.StoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code netsweep watch --every DURATION [scan options] TARGET...}: scans again and again on a schedule, stores
 * every round, and when a round changed something (against the round before, or an approved baseline) runs
 * {@code --exec} and/or POSTs to {@code --webhook}. The scan's options are the plain scan's own
 * ({@link ScanCommand} as a mixin), read and checked the same way; everything is checked before anything is
 * sent. Used once, from the main thread.
 */
@Command(name = "watch", sortOptions = false,
        description = "Scan again on a schedule, store every round, and alert (--exec, --webhook) when something"
                + " changed: against the previous round, or with --baseline against an approved state.",
        footer = {"", "Examples:",
                "  netsweep watch --every 15m -p 22,80,443 10.0.0.0/24",
                "  netsweep watch --every 1h --baseline --webhook https://hooks.example/netsweep 10.0.0.0/24",
                "  netsweep watch --every 30m --exec 'mail -s netsweep ops@example.org' -F 10.0.0.5",
                "", "--exec runs CMD with /bin/sh -c, the changes (as netsweep diff -o json writes them) on its",
                "standard input, NETSWEEP_ROUND, NETSWEEP_SCAN_ID, NETSWEEP_COMPARED_SCAN_ID,",
                "NETSWEEP_COMPARED_WITH (previous, stored or baseline) and NETSWEEP_CHANGES in its environment.",
                "--webhook POSTs the same JSON. Neither ever delays the next round.",
                "", "Output: a line per round (scan id, hosts up, open ports, changes) and the changes as",
                "netsweep diff prints them; -o json, one JSON object per round. Rounds are stored, not",
                "written to files: -oN, -oX, -oG, -oJ, -oA and --no-save are refused (netsweep show ID).",
                "", "Exit status: 0 done (--count), 1 a round failed or was not stored, 2 bad input, 130 Ctrl-C."})
final class WatchCommand implements Callable<Integer> {
    static final Duration MIN_EVERY = Duration.ofSeconds(10);
    static final Duration MAX_EVERY = Duration.ofDays(31);
    static final long MAX_COUNT = 1_000_000;
    static final Duration EXEC_TIMEOUT = Duration.ofSeconds(60);
    static final Duration MAX_EXEC_TIMEOUT = Duration.ofHours(1);
    static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_WEBHOOK_TIMEOUT = Duration.ofMinutes(5);
    static final Duration MIN_HOOK_TIMEOUT = Duration.ofMillis(100);
    static final int WEBHOOK_RETRIES = 3;
    static final int MAX_WEBHOOK_RETRIES = 10;
    static final int MAX_URL_LENGTH = 4096;

    private final CliContext context;
    private final WatchTiming timing;

    @Option(names = "--every", paramLabel = "DURATION",
            description = "From one round's start to the next's: 10s to 31d (units s, m, h, d: 30s, 15m, 1h).")
    String every;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N rounds (default: until Ctrl-C).")
    Long count;

    @Option(names = "--baseline", description = "Compare every round with the approved baseline of these targets and"
            + " ports (stored in the database), not with the round before; the first round is approved where"
            + " none is. Alerts when the departures from it change.")
    boolean baseline;

    @Option(names = "--approve", description = "Approve the first round as the baseline, replacing an approved one;"
            + " implies --baseline.")
    boolean approve;

    @Option(names = "--exec", paramLabel = "CMD",
            description = "Run CMD (with /bin/sh -c) when a round changed something, the changes as JSON on its"
                    + " standard input.")
    String exec;

    @Option(names = "--exec-timeout", paramLabel = "DURATION",
            description = "Stop CMD after this long: 100ms to 1h (default 60s).")
    String execTimeout;

    @Option(names = "--webhook", paramLabel = "URL",
            description = "POST the changes as JSON to URL (http or https) when a round changed something.")
    String webhook;

    @Option(names = "--webhook-timeout", paramLabel = "DURATION",
            description = "Each attempt's timeout: 100ms to 5m (default 10s).")
    String webhookTimeout;

    @Option(names = "--webhook-retries", paramLabel = "N",
            description = "Attempts after a failed one (no connection, no answer, HTTP 408, 429, 5xx), with a backoff"
                    + " of 1s, 2s, 4s, ...: 0 to 10 (default 3).")
    Integer webhookRetries;

    @Mixin
    final ScanCommand scan;

    WatchCommand(CliContext context, WatchTiming timing) {
        this.context = context;
        this.timing = timing;
        this.scan = new ScanCommand(context);
    }

    @Override
    public Integer call() throws StoreException {
        WatchPlan plan = plan();
        ScanSpec spec = scan.spec();
        StoreChoice.of(scan.database, false, context); // an unusable --db is refused before anything is sent
        ScanRequest request = ScanRequests.build(spec, context.resolvers());
        ScanStore store = StoreAccess.openOrCreate(scan.database, context);
        List<AlertHook> hooks = new ArrayList<>();
        plan.exec().ifPresent(cmd -> hooks.add(new ExecHook(cmd, plan.execTimeout(), context.err())));
        plan.webhook().ifPresent(uri -> hooks.add(new WebhookHook(uri, plan.webhookTimeout(), plan.webhookRetries(),
                timing.retries())));
        return new WatchRun(context, timing.rounds(), plan, request, store, hooks, scan.targetsAsGiven(),
                scan.verbosity(), Boolean.TRUE.equals(scan.progress)).run();
    }

    /** The watch's own options, checked; the scan's are checked by {@link ScanCommand#spec()}. */
    WatchPlan plan() {
        if (every == null) {
            throw new UsageException("watch needs --every DURATION, the time from one round's start to the next's"
                    + " (such as --every 15m)");
        }
        Duration interval = duration("--every", every, MIN_EVERY, MAX_EVERY);
        if (count != null && (count < 1 || count > MAX_COUNT)) {
            throw new UsageException("invalid --count " + count + ": give 1 to " + MAX_COUNT);
        }
        if (scan.shard != null) {
            throw new UsageException("--shard splits one scan between processes; watch compares whole rounds and"
                    + " cannot be given it");
        }
        if (scan.noSave) {
            throw new UsageException("watch stores every round (it compares them): --no-save cannot be used with it");
        }
        refuseFiles();
        boolean json = switch (scan.format == null ? "text" : scan.format.toLowerCase(Locale.ROOT)) {
            case "text", "table" -> false;
            case "json" -> true;
            default -> throw new UsageException("invalid output format \"" + scan.format + "\" for watch: use text"
                    + " or json (netsweep show ID -o " + scan.format + " writes a stored round)");
        };
        if (exec != null && exec.isBlank()) {
            throw new UsageException("--exec needs a command");
        }
        if (exec != null && exec.indexOf('\0') >= 0) {
            throw new UsageException("--exec cannot hold a NUL character");
        }
        if (execTimeout != null && exec == null) {
            throw new UsageException("--exec-timeout needs --exec");
        }
        if ((webhookTimeout != null || webhookRetries != null) && webhook == null) {
            throw new UsageException((webhookTimeout != null ? "--webhook-timeout" : "--webhook-retries")
                    + " needs --webhook");
        }
        if (webhookRetries != null && (webhookRetries < 0 || webhookRetries > MAX_WEBHOOK_RETRIES)) {
            throw new UsageException("invalid --webhook-retries " + webhookRetries + ": give 0 to " + MAX_WEBHOOK_RETRIES);
        }
        return new WatchPlan(interval, count == null ? OptionalLong.empty() : OptionalLong.of(count),
                approve ? WatchPlan.Against.APPROVE : baseline ? WatchPlan.Against.BASELINE : WatchPlan.Against.PREVIOUS,
                json, java.util.Optional.ofNullable(exec),
                execTimeout == null ? EXEC_TIMEOUT : duration("--exec-timeout", execTimeout, MIN_HOOK_TIMEOUT,
                        MAX_EXEC_TIMEOUT),
                webhook == null ? java.util.Optional.empty() : java.util.Optional.of(webhookUri(webhook)),
                webhookTimeout == null ? WEBHOOK_TIMEOUT : duration("--webhook-timeout", webhookTimeout,
                        MIN_HOOK_TIMEOUT, MAX_WEBHOOK_TIMEOUT),
                webhookRetries == null ? WEBHOOK_RETRIES : webhookRetries);
    }

    /** Rounds are stored, not written to files: a file per round would be overwritten or pile up. */
    private void refuseFiles() {
        String option = scan.normalFile != null ? "-oN" : scan.xmlFile != null ? "-oX"
                : scan.grepableFile != null ? "-oG" : scan.jsonFile != null ? "-oJ" : scan.allBase != null ? "-oA" : null;
        if (option != null) {
            throw new UsageException("watch writes no scan files (" + option + "): every round is stored, and"
                    + " netsweep show ID " + option + " FILE writes one");
        }
    }

    /**
     * A webhook's URL: absolute, http or https, with a host and no user info (the JDK's client sends none), at
     * most {@link #MAX_URL_LENGTH} characters. Only parsed: its host, if a name, is resolved when posting.
     */
    static URI webhookUri(String text) {
        if (text.length() > MAX_URL_LENGTH) {
            throw new UsageException("invalid --webhook: longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new UsageException("invalid --webhook \"" + text + "\": not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UsageException("invalid --webhook \"" + text + "\": give an http:// or https:// URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UsageException("invalid --webhook: a user name or password in the URL is not sent; put a token"
                    + " in its path or query instead");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new UsageException("invalid --webhook \"" + text + "\": it names no host");
        }
        if (uri.getPort() == 0) {
            throw new UsageException("invalid --webhook \"" + text + "\": port 0");
        }
        URI sent = uri.getRawFragment() == null ? uri : URI.create(fragmentless(text)); // a fragment is never sent
        try {
            java.net.http.HttpRequest.newBuilder(sent); // the client's own checks; nothing is resolved or sent
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid --webhook \"" + text + "\": the HTTP client refuses it");
        }
        return sent;
    }

    private static String fragmentless(String text) {
        int hash = text.indexOf('#');
        return hash < 0 ? text : text.substring(0, hash);
    }

    /**
     * A duration as a whole number and a unit ({@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 2d}),
     * ASCII digits only, within {@code [min, max]}.
     */
    static Duration duration(String option, String text, Duration min, Duration max) {
        Duration d = parse(text);
        if (d == null) {
            throw new UsageException("invalid " + option + " \"" + text + "\": give a number and a unit, such as "
                    + (min.toMillis() < 1000 ? "500ms, " : "") + "30s, 15m, 1h or 2d");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new UsageException("invalid " + option + " \"" + text + "\": give " + text(min) + " to " + text(max));
        }
        return d;
    }

    private static Duration parse(String text) {
        int digits = 0;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        if (digits == 0 || digits > 9) {
            return null;
        }
        long n = Long.parseLong(text.substring(0, digits));
        return switch (text.substring(digits)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> null;
        };
    }

    /** A duration as the options write it: {@code 500ms}, {@code 90s}, {@code 15m}, {@code 2h}, {@code 31d}. */
    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s != 0 && s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
