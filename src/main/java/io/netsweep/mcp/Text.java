package io.netsweep.mcp;

import io.netsweep.identify.UntrustedText;
import java.util.Optional;

/**
 * Cleans text from an MCP server before it is kept ({@link UntrustedText#clean}), capped at a number of code
 * points.
 */
final class Text {
    static final int MAX_FIELD = 200;

    private Text() {}

    static String clean(String text, int maxCodePoints) {
        return UntrustedText.clean(text, maxCodePoints);
    }

    static Optional<String> field(String text, int max) {
        String cleaned = text == null ? "" : clean(text, max);
        return cleaned.isEmpty() ? Optional.empty() : Optional.of(cleaned);
    }
}
