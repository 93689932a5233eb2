package io.netsweep.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A bounds-checked reader of BER (the encoding of LDAP and SNMP messages): tag, definite length, value. Anything
 * malformed, indefinite or longer than what arrived reads as absent, never as an exception. Immutable. Also the
 * one writer of the elements netsweep's own requests are built of ({@link #encode}).
 *
 * @param tag   the identifier octet
 * @param bytes the whole buffer
 * @param start where the value starts
 * @param end   where the value ends (exclusive)
 * @param next  where the element after this one starts
 */
record Ber(int tag, byte[] bytes, int start, int end, int next) {

    /** The element at {@code at}, if it is complete within {@code limit}. */
    static Optional<Ber> at(byte[] bytes, int at, int limit) {
        if (at + 2 > limit) {
            return Optional.empty();
        }
        int tag = bytes[at] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            return Optional.empty();
        }
        int first = bytes[at + 1] & 0xff;
        int pos = at + 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int count = first & 0x7f;
            if (count == 0 || count > 4 || pos + count > limit) {
                return Optional.empty();
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = length << 8 | (bytes[pos++] & 0xff);
            }
        }
        if (length > limit - pos) {
            return Optional.empty();
        }
        int end = pos + (int) length;
        return Optional.of(new Ber(tag, bytes, pos, end, end));
    }

    /** The elements inside this constructed one, as far as they are well formed. */
    List<Ber> children() {
        List<Ber> out = new ArrayList<>();
        int at = start;
        while (at < end) {
            Optional<Ber> child = at(bytes, at, end);
            if (child.isEmpty()) {
                break;
            }
            out.add(child.get());
            at = child.get().next();
        }
        return out;
    }

    /** The value as text, one char per byte. */
    String text() {
        return new String(bytes, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The value as a non-negative integer (INTEGER or ENUMERATED of up to 4 bytes). */
    int integer() {
        int v = 0;
        for (int i = start; i < end && i < start + 4; i++) {
            v = v << 8 | (bytes[i] & 0xff);
        }
        return v;
    }

    /**
     * One element of a request: {@code tag}, the definite length in its shortest form (one octet below 128, else
     * {@code 0x81} or {@code 0x82} and the length's octets), then {@code value}.
     *
     * @throws IllegalArgumentException if the value is longer than 65,535 octets (no request of netsweep is)
     */
    static byte[] encode(int tag, byte[] value) {
        int n = value.length;
        if (n > 0xffff) {
            throw new IllegalArgumentException("a BER value of " + n + " octets");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(n + 4);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else if (n <= 0xff) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
