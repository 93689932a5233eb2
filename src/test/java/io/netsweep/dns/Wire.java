package io.netsweep.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-built DNS messages, byte by byte, so that tests can send what no well-behaved server would. */
final class Wire {
    static final int HEADER_LENGTH = 12;
    static final int TYPE_A = 1;
    static final int TYPE_PTR = 12;
    static final int RCODE_NOERROR = 0;
    static final int RCODE_SERVFAIL = 2;
    static final int RCODE_NXDOMAIN = 3;
    static final int RCODE_REFUSED = 5;
    private static final int POINTER_TO_QUESTION = 0xC00C;

    private Wire() {}

    /** A response to {@code query}: same ID and question, QR+RD+RA, the given rcode and answer records. */
    static byte[] response(FakeDnsServer.Query query, int rcode, byte[]... answers) {
        byte[] q = query.bytes();
        var out = new ByteArrayOutputStream();
        short16(out, query.id());
        short16(out, 0x8000 | 0x0100 | 0x0080 | rcode);
        short16(out, 1);
        short16(out, answers.length);
        short16(out, 0);
        short16(out, 0);
        out.write(q, HEADER_LENGTH, questionEnd(q) - HEADER_LENGTH);
        for (byte[] answer : answers) {
            out.writeBytes(answer);
        }
        return out.toByteArray();
    }

    /** {@code message} with its ID replaced. */
    static byte[] withId(byte[] message, int id) {
        byte[] copy = message.clone();
        copy[0] = (byte) (id >> 8);
        copy[1] = (byte) id;
        return copy;
    }

    /** A PTR record owned by the question name (a compression pointer) pointing at {@code target}. */
    static byte[] ptr(byte[] target) {
        return record(pointerToQuestion(), TYPE_PTR, target);
    }

    static byte[] record(byte[] owner, int type, byte[] rdata) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(owner);
        short16(out, type);
        short16(out, 1); // IN
        short16(out, 0);
        short16(out, 3600); // TTL
        short16(out, rdata.length);
        out.writeBytes(rdata);
        return out.toByteArray();
    }

    static byte[] pointerToQuestion() {
        return new byte[] {(byte) (POINTER_TO_QUESTION >> 8), (byte) POINTER_TO_QUESTION};
    }

    /** A wire name made of these raw labels, any bytes allowed. */
    static byte[] name(byte[]... labels) {
        var out = new ByteArrayOutputStream();
        for (byte[] label : labels) {
            out.write(label.length);
            out.writeBytes(label);
        }
        out.write(0);
        return out.toByteArray();
    }

    /** A wire name from dotted ASCII text. */
    static byte[] name(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[][] labels = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            labels[i] = parts[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return name(labels);
    }

    static int questionEnd(byte[] message) {
        int i = HEADER_LENGTH;
        while (message[i] != 0) {
            i += (message[i] & 0xFF) + 1;
        }
        return i + 1 + 4; // root label, type, class
    }

    /** The uncompressed name at {@code offset}, dotted, with bytes outside printable ASCII as \DDD. */
    static String nameAt(byte[] message, int offset) {
        var out = new StringBuilder();
        int i = offset;
        while (i < message.length && message[i] != 0) {
            int length = message[i] & 0xFF;
            for (int j = i + 1; j <= i + length && j < message.length; j++) {
                int b = message[j] & 0xFF;
                out.append(b > 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\%03d", b));
            }
            out.append('.');
            i += length + 1;
        }
        return out.toString();
    }

    private static void short16(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }
}
