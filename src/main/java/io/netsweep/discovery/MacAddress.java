package io.netsweep.discovery;

import java.util.HexFormat;

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
        // By hand, not by regular expression: a sweep parses one per neighbor entry, on a cold JVM.
        String t = text.trim();
        if (t.length() != 17) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long bits = 0;
        for (int i = 0; i < 17; i++) {
            char c = t.charAt(i);
            if (i % 3 == 2) {
                if (c != ':' && c != '-') {
                    throw new IllegalArgumentException("not a MAC address: " + text);
                }
                continue;
            }
            if (!HexFormat.isHexDigit(c)) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            bits = (bits << 4) | HexFormat.fromHexDigit(c);
        }
        return new MacAddress(bits);
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
