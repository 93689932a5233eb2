package io.netsweep.mcpserver;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.netsweep.port.PortSpecException;
import io.netsweep.port.Protocol;
import io.netsweep.port.ProtocolPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A tool call's arguments, read into typed values. Anything of the wrong type, out of range, too long, or not in
 * the tool's schema is refused as a JSON-RPC "invalid params" error (-32602) naming the argument, so that a wrong
 * call never reaches a scan. Values are never echoed back, only names. Not thread-safe; one per call.
 */
final class Arguments {
    /** Longest text argument, in characters: a target list of a few thousand specs fits, a megabyte does not. */
    static final int MAX_TEXT = 65_536;
    /** Most items in a list argument. */
    static final int MAX_ITEMS = 4096;

    private final String tool;
    private final Map<String, Object> values;

    Arguments(String tool, Map<String, Object> values, Set<String> known) {
        this.tool = tool;
        this.values = values == null ? Map.of() : values;
        for (String name : this.values.keySet()) {
            if (!known.contains(name)) {
                throw invalid("unknown argument \"" + printable(name) + "\" (" + tool + " takes "
                        + (known.isEmpty() ? "none" : String.join(", ", known.stream().sorted().toList())) + ")");
            }
        }
    }

    /** A JSON-RPC "invalid params" error for this tool. */
    McpError invalid(String message) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(tool + ": " + message).build();
    }

    Optional<String> text(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw invalid(name + " must be a string");
        }
        if (s.length() > MAX_TEXT) {
            throw invalid(name + " is longer than " + MAX_TEXT + " characters");
        }
        return Optional.of(s);
    }

    String requiredText(String name) {
        return text(name).filter(s -> !s.isBlank()).orElseThrow(() -> invalid(name + " is required"));
    }

    /** A list of strings; a single string is taken as a list of one. */
    List<String> texts(String name) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String) {
            return List.of(text(name).orElseThrow());
        }
        if (!(v instanceof List<?> list)) {
            throw invalid(name + " must be an array of strings");
        }
        if (list.size() > MAX_ITEMS) {
            throw invalid(name + " has more than " + MAX_ITEMS + " items");
        }
        List<String> out = new ArrayList<>(list.size());
        long chars = 0;
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw invalid(name + " must be an array of strings");
            }
            chars += s.length();
            if (chars > MAX_TEXT) {
                throw invalid(name + " is longer than " + MAX_TEXT + " characters in all");
            }
            out.add(s);
        }
        return out;
    }

    boolean flag(String name) {
        Object v = values.get(name);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw invalid(name + " must be true or false");
        }
        return b;
    }

    /** A whole number in {@code [min, max]}; JSON numbers with a fraction are refused. */
    OptionalLong integer(String name, long min, long max) {
        Object v = values.get(name);
        if (v == null) {
            return OptionalLong.empty();
        }
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())
                && Math.abs(num.doubleValue()) < 1e15) {
            n = (long) num.doubleValue();
        } else {
            throw invalid(name + " must be a whole number from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw invalid(name + " must be from " + min + " to " + max);
        }
        return OptionalLong.of(n);
    }

    /**
     * A port: a whole number is a TCP port; a string names one as {@code -p} does ({@code 22} or {@code T:22} for
     * TCP, {@code U:53} for UDP).
     */
    Optional<ProtocolPort> port(String name) {
        Object v = values.get(name);
        if (v instanceof String s) {
            try {
                return Optional.of(ProtocolPort.parse(s));
            } catch (PortSpecException e) {
                throw invalid(name + " must be a TCP port (22 or \"T:22\") or a UDP port (\"U:53\"), 1-65535");
            }
        }
        OptionalLong n = integer(name, 1, 65535);
        return n.isPresent() ? Optional.of(new ProtocolPort(Protocol.TCP, (int) n.getAsLong())) : Optional.empty();
    }

    long requiredInteger(String name, long min, long max) {
        return integer(name, min, max).orElseThrow(() -> invalid(name + " is required"));
    }

    /** A name as it may be shown: printable ASCII only, capped. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < 64; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
