package io.netsweep.service;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * MongoDB's {@code buildInfo} command in an OP_MSG: answered before authentication by design (drivers ask
 * it to learn the server's version), read-only. Decodes the reply document's top-level strings and numbers
 * as lines {@code mongodb.version=7.0.2}, {@code mongodb.ok=1.0}, {@code mongodb.errmsg=...}.
 */
final class MongoBuildInfo implements CodedExchange {
    private static final int OP_MSG = 2013;
    private static final int OP_REPLY = 1;
    private static final int MAX_FIELDS = 64;

    @Override
    public String name() {
        return "mongodb-buildinfo";
    }

    @Override
    public byte[] request() {
        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        doc.write(0x10);
        doc.writeBytes("buildinfo\0".getBytes(StandardCharsets.US_ASCII));
        doc.writeBytes(le(1));
        doc.write(0x02);
        doc.writeBytes("$db\0".getBytes(StandardCharsets.US_ASCII));
        doc.writeBytes(le(6));
        doc.writeBytes("admin\0".getBytes(StandardCharsets.US_ASCII));
        doc.write(0);
        byte[] elements = doc.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(16 + 4 + 1 + 4 + elements.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(b.capacity()).putInt(1).putInt(0).putInt(OP_MSG).putInt(0).put((byte) 0)
                .putInt(4 + elements.length).put(elements);
        return b.array();
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    @Override
    public Framing framing() {
        return (buffer, length) -> {
            if (length < 4) {
                return Framing.State.INCOMPLETE;
            }
            long size = ByteBuffer.wrap(buffer, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            if (size < 16 || size > 48 * 1024 * 1024) {
                return Framing.State.UNKNOWN;
            }
            return length >= size ? Framing.State.COMPLETE : Framing.State.INCOMPLETE;
        };
    }

    @Override
    public Optional<String> decode(byte[] a) {
        Optional<String> raw = Optional.empty();
        if (a.length < 21) {
            return raw;
        }
        ByteBuffer b = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
        int opCode = b.getInt(12);
        int docStart;
        if (opCode == OP_MSG && a[20] == 0) {
            docStart = 21;
        } else if (opCode == OP_REPLY && a.length >= 36) {
            docStart = 36;
        } else {
            return raw;
        }
        if (docStart + 5 > a.length) {
            return raw;
        }
        int docLength = b.getInt(docStart);
        int end = Math.min(a.length, docStart + Math.max(5, docLength)) - 1;
        StringBuilder out = new StringBuilder();
        int at = docStart + 4;
        int fields = 0;
        while (at < end && fields++ < MAX_FIELDS) {
            int type = a[at++] & 0xff;
            int nameEnd = at;
            while (nameEnd < end && a[nameEnd] != 0) {
                nameEnd++;
            }
            if (nameEnd >= end) {
                break;
            }
            String name = Sanitize.field(new String(a, at, nameEnd - at, StandardCharsets.ISO_8859_1), 64);
            at = nameEnd + 1;
            int size = switch (type) {
                case 0x01, 0x09, 0x11, 0x12 -> 8;                      // double, datetime, timestamp, int64
                case 0x10 -> 4;                                      // int32
                case 0x08 -> 1;                                      // boolean
                case 0x0a -> 0;                                      // null
                case 0x07 -> 12;                                     // ObjectId
                case 0x02, 0x03, 0x04, 0x05 -> -1;                   // string, document, array, binary: sized
                default -> -2;
            };
            if (size == -2 || at + 4 > end + 1) {
                break;
            }
            if (type == 0x02) {
                int len = b.getInt(at);
                if (len < 1 || at + 4 + len > end + 1) {
                    break;
                }
                CodedExchanges.line(out, "mongodb." + name,
                        Sanitize.matched(new String(a, at + 4, len - 1, StandardCharsets.ISO_8859_1), ServiceReport.MAX_FIELD));
                at += 4 + len;
            } else if (type == 0x03 || type == 0x04) {
                int len = b.getInt(at);
                if (len < 5) {
                    break;
                }
                at += len;
            } else if (type == 0x05) {
                int len = b.getInt(at);
                if (len < 0) {
                    break;
                }
                at += 5 + len;
            } else {
                if (type == 0x01 && at + 8 <= a.length) {
                    out.append("mongodb.").append(name).append('=').append(b.getDouble(at)).append('\n');
                } else if (type == 0x10 && at + 4 <= a.length) {
                    out.append("mongodb.").append(name).append('=').append(b.getInt(at)).append('\n');
                }
                at += size;
            }
        }
        return out.isEmpty() ? raw : Optional.of(out.toString());
    }
}
