package io.netsweep.identify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Everything fetched from one port so far, by path, fetched at most once and shared by all
 * fingerprints; parsed JSON is cached too. Confined to the one thread identifying that port.
 */
final class Observations {
    private final int port;
    private final boolean tls;
    private final SafeJson json;
    private final Root root;
    private final Map<String, Exchange> exchanges = new LinkedHashMap<>();
    private final Map<String, Optional<JsonNode>> parsed = new HashMap<>();
    private final Map<Condition, Boolean> memo = new HashMap<>();

    Observations(int port, boolean tls, SafeJson json, HttpReply rootReply) {
        this.port = port;
        this.tls = tls;
        this.json = json;
        exchanges.put("/", rootReply);
        this.root = Root.of(rootReply, parse("/"));
    }

    int port() {
        return port;
    }

    boolean tls() {
        return tls;
    }

    Root root() {
        return root;
    }

    void record(String path, Exchange exchange) {
        exchanges.put(path, exchange);
    }

    boolean fetched(String path) {
        return exchanges.containsKey(path);
    }

    Optional<HttpReply> reply(String path) {
        return exchanges.get(path) instanceof HttpReply reply ? Optional.of(reply) : Optional.empty();
    }

    /** The status of the answer to {@code path}, if it was fetched and answered. */
    OptionalInt status(String path) {
        return reply(path).map(r -> OptionalInt.of(r.status())).orElse(OptionalInt.empty());
    }

    boolean statusIs(String path, int... codes) {
        OptionalInt status = status(path);
        if (status.isEmpty()) {
            return false;
        }
        for (int code : codes) {
            if (status.getAsInt() == code) {
                return true;
            }
        }
        return false;
    }

    /** The body of a 2xx answer to {@code path}, or empty. */
    Optional<String> okText(String path) {
        return reply(path).filter(HttpReply::success).map(HttpReply::body);
    }

    /** The JSON body of a 2xx answer to {@code path}, if it parses within the limits. */
    Optional<JsonNode> okJson(String path) {
        return reply(path).filter(HttpReply::success).flatMap(r -> parse(path));
    }

    /** The JSON body of any answer to {@code path}, error answers included. */
    Optional<JsonNode> anyJson(String path) {
        return reply(path).flatMap(r -> parse(path));
    }

    /**
     * The outcome of a condition on its path, computed once its path has been fetched (an answer, once
     * recorded, never changes): catalogue entries are asked again after every request.
     */
    boolean memo(Condition condition, Supplier<Boolean> test) {
        if (!fetched(condition.path())) {
            return false;
        }
        return memo.computeIfAbsent(condition, c -> test.get());
    }

    private Optional<JsonNode> parse(String path) {
        return parsed.computeIfAbsent(path, p -> reply(p).flatMap(r -> json.parse(r.body())));
    }
}
