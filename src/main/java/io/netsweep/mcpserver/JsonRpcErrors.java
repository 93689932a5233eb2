package io.netsweep.mcpserver;

import java.nio.charset.StandardCharsets;

/** JSON-RPC error responses for messages that could not be read, so have no id to answer to. Stateless. */
final class JsonRpcErrors {
    private JsonRpcErrors() {}

    /** {@code {"jsonrpc":"2.0","id":null,"error":{"code":...,"message":"..."}}}; {@code message} is ours, ASCII. */
    static byte[] withoutId(int code, String message) {
        String text = message.replaceAll("[^ -~]", "?").replace("\\", "\\\\").replace("\"", "\\\"");
        return ("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":" + code + ",\"message\":\"" + text + "\"}}")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
