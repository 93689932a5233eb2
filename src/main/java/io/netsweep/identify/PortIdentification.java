package io.netsweep.identify;

import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Identifies what listens on one port, within a request budget.
 *
 * <p>It fetches {@code /} (over plain HTTP, then TLS if the port answered like a TLS port), then asks,
 * one request at a time, for the next path wanted by the most interested fingerprint: a product whose
 * page named it first, then shared API paths ({@code /v1/models} serves a dozen products) ahead of
 * single-product ones. Each path is fetched at most once and every fingerprint reads the same answers.
 * Once a fingerprint matched on product-specific evidence, only its remaining paths (version, models,
 * auth) are fetched. It stops when nothing is wanted any more or the budget is spent.
 * Single use and confined to one thread.
 */
final class PortIdentification {
    private static final Pattern HTTPS_HINT =
            Pattern.compile("(?i)plain http request was sent to https port|http request to an https server");
    private final HttpGetClient http;
    private final SafeJson json;
    private final List<Fingerprint> fingerprints;
    private final InetSocketAddress target;
    private final int budget;
    private final long deadline;

    PortIdentification(
            HttpGetClient http, SafeJson json, List<Fingerprint> fingerprints, InetSocketAddress target, int budget) {
        this(http, json, fingerprints, target, budget, Long.MAX_VALUE);
    }

    /** {@code deadline} (System.nanoTime) ends every request early; {@code Long.MAX_VALUE} means none. */
    PortIdentification(
            HttpGetClient http, SafeJson json, List<Fingerprint> fingerprints, InetSocketAddress target, int budget,
            long deadline) {
        this.http = http;
        this.json = json;
        this.fingerprints = fingerprints;
        this.target = target;
        this.budget = budget;
        this.deadline = deadline;
    }

    /**
     * Continues from an answer to {@code GET /} that the caller fetched itself ({@code tls}: over TLS), so
     * it is not asked again; it counts as one request of the budget.
     */
    Optional<ServiceIdentity> runFrom(HttpReply rootReply, boolean tls) {
        return follow(new Observations(target.getPort(), tls, json, rootReply), tls, 1);
    }

    Optional<ServiceIdentity> run() {
        boolean tls = false;
        Exchange root = http.get(target, false, "/");
        int sent = 1;
        if (wantsTls(root) && sent < budget) {
            Exchange overTls = http.get(target, true, "/");
            sent++;
            if (overTls instanceof HttpReply || root instanceof ProbeFailure) {
                root = overTls;
                tls = true;
            }
        }
        if (!(root instanceof HttpReply rootReply)) {
            return Optional.empty();
        }
        return follow(new Observations(target.getPort(), tls, json, rootReply), tls, sent);
    }

    private Optional<ServiceIdentity> follow(Observations seen, boolean tls, int alreadySent) {
        int sent = alreadySent;
        while (sent < budget && !Thread.currentThread().isInterrupted() && !pastDeadline()) {
            Optional<String> next = nextPath(seen);
            if (next.isEmpty()) {
                break;
            }
            Exchange answer = deadline == Long.MAX_VALUE
                    ? http.get(target, tls, next.get())
                    : http.get(target, tls, next.get(), deadline);
            sent++;
            seen.record(next.get(), answer);
            if (answer instanceof ProbeFailure failure && failure.kind().serviceGone()) {
                break;
            }
        }
        return best(seen).map(Match::identity);
    }

    private boolean pastDeadline() {
        return deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0;
    }

    /**
     * A TLS record or a silent hang-up instead of an answer, or a plain-text 400 saying so (nginx:
     * "The plain HTTP request was sent to HTTPS port"; Go: "Client sent an HTTP request to an HTTPS server").
     */
    private static boolean wantsTls(Exchange root) {
        return switch (root) {
            case ProbeFailure failure -> failure.kind().suggestsTls();
            case HttpReply reply -> reply.status() == 400 && HTTPS_HINT.matcher(reply.body()).find();
        };
    }

    private Optional<String> nextPath(Observations seen) {
        Optional<Match> best = best(seen);
        if (best.isPresent() && best.get().decisive()) {
            return firstUnfetched(best.get().source().wanted(seen), seen);
        }
        record Candidate(int interest, int order, String path) {}
        return IntStream.range(0, fingerprints.size())
                .mapToObj(i -> {
                    Fingerprint fingerprint = fingerprints.get(i);
                    int interest = fingerprint.interest(seen);
                    return interest <= 0 ? Optional.<Candidate>empty() : firstUnfetched(fingerprint.wanted(seen), seen)
                            .map(path -> new Candidate(interest, i, path));
                })
                .flatMap(Optional::stream)
                .min(Comparator.comparingInt(Candidate::interest).reversed().thenComparingInt(Candidate::order))
                .map(Candidate::path);
    }

    /** The decisive match of the earliest fingerprint, else the earliest API-family match. */
    private Optional<Match> best(Observations seen) {
        Optional<Match> compatible = Optional.empty();
        for (Fingerprint fingerprint : fingerprints) {
            Optional<Match> match = fingerprint.match(seen);
            if (match.isPresent() && match.get().decisive()) {
                return match;
            }
            if (compatible.isEmpty()) {
                compatible = match;
            }
        }
        return compatible;
    }

    private static Optional<String> firstUnfetched(List<String> paths, Observations seen) {
        return paths.stream().filter(p -> !seen.fetched(p)).findFirst();
    }
}
