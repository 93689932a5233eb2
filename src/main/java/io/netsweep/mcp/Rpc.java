package io.netsweep.mcp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * JSON-RPC 2.0 as MCP discovery speaks it: the only methods it ever sends, message bodies, and parsing of
 * untrusted answers under tight limits. Immutable and thread-safe.
 */
final class Rpc {
    /**
     * Every method discovery sends: the handshake, the three listings, nothing that runs, writes or answers
     * the server (no {@code tools/call}, no sampling or elicitation result).
     */
    static final Set<String> METHODS = Set.of(
            "initialize", "notifications/initialized", "tools/list", "resources/list", "prompts/list");

    private final ObjectMapper mapper;

    Rpc(int maxDocument) {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxStringLength(maxDocument)
                .maxNameLength(256)
                .maxNumberLength(64)
                .maxDocumentLength(maxDocument)
                .build();
        this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build()).build();
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    byte[] request(long id, String method, JsonNode params) {
        check(method);
        ObjectNode n = mapper.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        n.set("params", params);
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] notification(String method) {
        check(method);
        return mapper.createObjectNode().put("jsonrpc", "2.0").put("method", method).toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void check(String method) {
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("MCP discovery never sends " + method);
        }
    }

    Optional<JsonNode> parse(String text) {
        try {
            JsonNode n = mapper.readTree(text);
            return n == null || n.isMissingNode() ? Optional.empty() : Optional.of(n);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /**
     * The answer to request {@code id} in a message (or a batch of them), if it holds one: a result or an
     * error. Requests and notifications from the server are not answers.
     */
    Optional<Channel.Reply> answerTo(long id, String message) {
        Optional<JsonNode> parsed = parse(message);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        JsonNode n = parsed.get();
        if (n.isArray()) {
            for (JsonNode element : n) {
                Optional<Channel.Reply> r = single(id, element);
                if (r.isPresent()) {
                    return r;
                }
            }
            return Optional.empty();
        }
        return single(id, n);
    }

    private static Optional<Channel.Reply> single(long id, JsonNode n) {
        if (!n.isObject() || n.has("method") || !n.path("id").canConvertToLong() || n.path("id").asLong() != id) {
            return Optional.empty();
        }
        if (n.path("result").isObject()) {
            return Optional.of(new Channel.Result(n.get("result")));
        }
        if (n.path("error").isObject()) {
            return Optional.of(new Channel.Error(n.path("error").path("code").asInt(0)));
        }
        return Optional.empty();
    }
}
