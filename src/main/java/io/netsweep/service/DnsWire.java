package io.netsweep.service;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The little of RFC 1035's wire format that UDP service detection needs: a query of one or more questions, and
 * an answer read into its resource records. Reading is bounds-checked throughout: a truncated or malformed
 * message, a name pointer that loops or points forward, a label past 63 bytes or a name past 255 bytes reads as
 * absent (or ends the records read so far), never as an exception. Stateless.
 */
final class DnsWire {
    static final int TYPE_PTR = 12;
    static final int TYPE_TXT = 16;
    static final int TYPE_SRV = 33;
    static final int CLASS_IN = 1;
    static final int CLASS_CH = 3;
    /** Most records read from one answer; a flood of them says nothing more. */
    static final int MAX_RECORDS = 64;

    private DnsWire() {}

    /** One question: the name (dotted), its type and class. */
    record Question(String name, int type, int klass) {}

    /** One answer record: owner name, type, class and, for PTR and TXT, its data as text. */
    record Record(String name, int type, int klass, String data) {}

    /**
     * An answer: its ID, response code, the answer section's records (those that could be read) and how many records
     * its header says the additional section holds.
     */
    record Message(int id, boolean response, int rcode, List<Record> answers, int additional) {
        Message {
            answers = List.copyOf(answers);
        }
    }

    /** A query with {@code id}, recursion not desired, asking {@code questions}. */
    static byte[] query(int id, List<Question> questions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, id);
        u16(out, 0);
        u16(out, questions.size());
        u16(out, 0);
        u16(out, 0);
        u16(out, 0);
        for (Question q : questions) {
            for (String label : q.name().split("\\.")) {
                byte[] l = label.getBytes(StandardCharsets.US_ASCII);
                out.write(l.length);
                out.writeBytes(l);
            }
            out.write(0);
            u16(out, q.type());
            u16(out, q.klass());
        }
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    /** The message in {@code b}, if its header and questions can be read. */
    static Optional<Message> parse(byte[] b) {
        if (b.length < 12) {
            return Optional.empty();
        }
        int id = u16(b, 0);
        int flags = u16(b, 2);
        int qd = u16(b, 4);
        int an = u16(b, 6);
        int ar = u16(b, 10);
        int at = 12;
        for (int i = 0; i < qd; i++) {
            Optional<Name> n = name(b, at);
            if (n.isEmpty() || n.get().next + 4 > b.length) {
                return Optional.empty();
            }
            at = n.get().next + 4;
        }
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < an && records.size() < MAX_RECORDS; i++) {
            Optional<Name> n = name(b, at);
            if (n.isEmpty() || n.get().next + 10 > b.length) {
                break;
            }
            int p = n.get().next;
            int type = u16(b, p);
            int klass = u16(b, p + 2) & 0x7fff; // mDNS's cache-flush bit
            int length = u16(b, p + 8);
            int data = p + 10;
            if (data + length > b.length) {
                break;
            }
            String text = switch (type) {
                case TYPE_PTR -> name(b, data).map(x -> x.text).orElse("");
                case TYPE_TXT -> txt(b, data, data + length);
                default -> "";
            };
            records.add(new Record(n.get().text, type, klass, text));
            at = data + length;
        }
        return Optional.of(new Message(id, (flags & 0x8000) != 0, flags & 0xf, records, ar));
    }

    /** RFC 1035's response codes by name; others as their number. */
    static String rcode(int code) {
        return switch (code) {
            case 0 -> "NOERROR";
            case 1 -> "FORMERR";
            case 2 -> "SERVFAIL";
            case 3 -> "NXDOMAIN";
            case 4 -> "NOTIMP";
            case 5 -> "REFUSED";
            default -> Integer.toString(code);
        };
    }

    private record Name(String text, int next) {}

    /**
     * The name at {@code at}: labels joined with dots (bytes one char each), following compression pointers only
     * backwards, so that a loop cannot form.
     */
    private static Optional<Name> name(byte[] b, int at) {
        StringBuilder text = new StringBuilder();
        int pos = at;
        int next = -1;
        int limit = at; // a pointer must point before the name that uses it
        int total = 0;
        while (true) {
            if (pos >= b.length) {
                return Optional.empty();
            }
            int len = b[pos] & 0xff;
            if (len == 0) {
                if (next < 0) {
                    next = pos + 1;
                }
                break;
            }
            if ((len & 0xc0) == 0xc0) {
                if (pos + 1 >= b.length) {
                    return Optional.empty();
                }
                int target = (len & 0x3f) << 8 | (b[pos + 1] & 0xff);
                if (next < 0) {
                    next = pos + 2;
                }
                if (target >= limit) {
                    return Optional.empty();
                }
                limit = target;
                pos = target;
                continue;
            }
            if (len > 63 || pos + 1 + len > b.length) {
                return Optional.empty();
            }
            total += len + 1;
            if (total > 255) {
                return Optional.empty();
            }
            if (!text.isEmpty()) {
                text.append('.');
            }
            text.append(new String(b, pos + 1, len, StandardCharsets.ISO_8859_1));
            pos += 1 + len;
        }
        return Optional.of(new Name(text.toString(), next));
    }

    /** TXT data: its character-strings joined with spaces. */
    private static String txt(byte[] b, int from, int to) {
        StringBuilder s = new StringBuilder();
        int at = from;
        while (at < to) {
            int len = b[at] & 0xff;
            if (at + 1 + len > to) {
                break;
            }
            if (!s.isEmpty()) {
                s.append(' ');
            }
            s.append(new String(b, at + 1, len, StandardCharsets.ISO_8859_1));
            at += 1 + len;
        }
        return s.toString();
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }
}
