package io.netsweep.discovery;

import java.util.HexFormat;
import java.util.Locale;

/** A 48-bit IEEE 802 MAC address. Immutable. */
public record MacAddress(long bits) {
    private static final HexFormat HEX = HexFormat.ofDelimiter(":");

    public MacAddress {
        if ((bits & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits");
        }
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} or {@code aa-bb-cc-dd-ee-ff}, either case. */
    public static MacAddress parse(String text) {
        String t = text.trim().replace('-', ':').toLowerCase(Locale.ROOT);
        if (!t.matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        return new MacAddress(Long.parseLong(t.replace(":", ""), 16));
    }

    /** The 24-bit organizationally unique identifier (first three octets). */
    public int oui() {
        return (int) (bits >>> 24);
    }

    /** {@code aa:bb:cc:dd:ee:ff}, lower case. */
    @Override
    public String toString() {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (bits >>> (8 * (5 - i)));
        }
        return HEX.formatHex(b);
    }
}
