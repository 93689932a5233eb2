package io.netsweep.service;

import io.netsweep.identify.UntrustedText;
import java.nio.charset.StandardCharsets;

/**
 * Makes untrusted bytes and text safe to keep: banners are escaped byte by byte, fields lose control and
 * invisible formatting characters (bidirectional overrides, zero-width marks), runs of white space become
 * one space, and both are capped. Stateless.
 */
final class Sanitize {
    /** Most bytes of an unrecognised service's answer shown as its banner. */
    static final int MAX_BANNER_BYTES = 160;
    /** Most characters of an escaped banner (every byte may become four). */
    static final int MAX_BANNER_TEXT = 4 * MAX_BANNER_BYTES + 3;

    private Sanitize() {}

    /**
     * The first {@link #MAX_BANNER_BYTES} bytes as printable ASCII: {@code \r}, {@code \n}, {@code \t},
     * {@code \\} and {@code \xNN} for every other byte outside 0x20..0x7e; {@code ...} when cut.
     */
    static String banner(byte[] bytes, int length) {
        int n = Math.min(length, MAX_BANNER_BYTES);
        StringBuilder out = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        out.append((char) b);
                    } else {
                        out.append(String.format("\\x%02x", b));
                    }
                }
            }
        }
        if (length > n) {
            out.append("...");
        }
        return out.toString();
    }

    /**
     * Text matched out of an answer (bytes held one per char, ISO-8859-1) as a clean field: decoded as UTF-8
     * where the bytes are UTF-8, then {@link #field(String, int)}.
     */
    static String matched(String isoText, int maxCodePoints) {
        byte[] bytes = isoText.getBytes(StandardCharsets.ISO_8859_1);
        return field(new String(bytes, StandardCharsets.UTF_8), maxCodePoints);
    }

    /** {@code text} cleaned by {@link UntrustedText#clean}. */
    static String field(String text, int maxCodePoints) {
        return UntrustedText.clean(text, maxCodePoints);
    }
}
