package io.netsweep.mcpserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Map;

/**
 * Builds tool results: a typed value as structured content and, for clients that read text only, the same JSON as
 * text; a refusal as a tool error with one line. Thread-safe.
 */
final class Results {
    private final ObjectMapper json;

    Results(ObjectMapper json) {
        this.json = json;
    }

    CallToolResult ok(Object value) {
        Map<?, ?> structured = json.convertValue(value, Map.class);
        String text;
        try {
            text = json.writeValueAsString(structured);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a result could not be written as JSON", e);
        }
        return CallToolResult.builder().content(List.of(new TextContent(text))).structuredContent(structured)
                .isError(false).build();
    }

    /** A tool error: the call was understood and refused, or the store could not answer. */
    CallToolResult error(String message) {
        return CallToolResult.builder().content(List.of(new TextContent(message))).isError(true).build();
    }
}
