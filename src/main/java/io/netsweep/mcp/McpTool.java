package io.netsweep.mcp;

import java.util.Objects;
import java.util.Optional;

/**
 * One tool an MCP server listed, with the hints its annotations give. Hints are the server's own claims, not
 * guarantees: MCP's defaults make a tool without {@code readOnlyHint: true} one that may change its
 * environment, and one without {@code destructiveHint: false} one that may destroy (when not read-only).
 * Immutable; {@link #name()} came from the network (cleaned and capped here, escaped by whoever shows it).
 *
 * @param name        the tool's name, as {@code tools/call} would name it
 * @param readOnly    the {@code readOnlyHint} annotation, if given
 * @param destructive the {@code destructiveHint} annotation, if given
 */
public record McpTool(String name, Optional<Boolean> readOnly, Optional<Boolean> destructive) {
    public static final int MAX_NAME = 128;

    public McpTool {
        name = Text.clean(Objects.requireNonNull(name, "name"), MAX_NAME);
        Objects.requireNonNull(readOnly, "readOnly");
        Objects.requireNonNull(destructive, "destructive");
    }

    /** Whether the server declares the tool read-only ({@code readOnlyHint: true}). */
    public boolean isReadOnly() {
        return readOnly.orElse(false);
    }

    /** Whether the tool may destroy, as MCP's defaults read its hints: not read-only and not declared harmless. */
    public boolean mayDestroy() {
        return !isReadOnly() && destructive.orElse(true);
    }

    /** {@code read-only}, {@code destructive} or {@code writes}: the hints in one word. */
    public String access() {
        return isReadOnly() ? "read-only" : mayDestroy() ? "destructive" : "writes";
    }
}
