package io.netsweep.service;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * An anonymous LDAP search of the root DSE (base "", scope base, filter {@code (objectClass=*)}), without a
 * bind: the standard way a client learns what a directory server supports. Asks for all user and operational
 * attributes and {@code vendorName}/{@code vendorVersion}; decodes each value as a line
 * {@code ldap.ATTRIBUTE=VALUE} (at most 200), and {@code ldap.result=CODE} from the search's end.
 */
final class LdapRootDse implements CodedExchange {
    private static final int SEARCH_RESULT_ENTRY = 0x64;
    private static final int SEARCH_RESULT_DONE = 0x65;
    private static final int MAX_LINES = 200;
    private static final List<String> ATTRIBUTES = List.of("*", "+", "vendorName", "vendorVersion");

    @Override
    public String name() {
        return "ldap-rootdse";
    }

    @Override
    public byte[] request() {
        ByteArrayOutputStream attrs = new ByteArrayOutputStream();
        for (String a : ATTRIBUTES) {
            attrs.writeBytes(Ber.encode(0x04, a.getBytes(StandardCharsets.US_ASCII)));
        }
        ByteArrayOutputStream search = new ByteArrayOutputStream();
        search.writeBytes(Ber.encode(0x04, new byte[0]));                      // baseObject ""
        search.writeBytes(Ber.encode(0x0a, new byte[] {0}));                   // scope: baseObject
        search.writeBytes(Ber.encode(0x0a, new byte[] {0}));                   // derefAliases: never
        search.writeBytes(Ber.encode(0x02, new byte[] {0}));                   // sizeLimit
        search.writeBytes(Ber.encode(0x02, new byte[] {0}));                   // timeLimit
        search.writeBytes(Ber.encode(0x01, new byte[] {0}));                   // typesOnly: false
        search.writeBytes(Ber.encode(0x87, "objectClass".getBytes(StandardCharsets.US_ASCII))); // present filter
        search.writeBytes(Ber.encode(0x30, attrs.toByteArray()));
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(Ber.encode(0x02, new byte[] {1}));                  // messageID 1
        message.writeBytes(Ber.encode(0x63, search.toByteArray()));            // SearchRequest
        return Ber.encode(0x30, message.toByteArray());
    }

    @Override
    public Framing framing() {
        return (buffer, length) -> {
            int at = 0;
            while (at < length) {
                Optional<Ber> message = Ber.at(buffer, at, length);
                if (message.isEmpty()) {
                    return buffer[0] == 0x30 ? Framing.State.INCOMPLETE : Framing.State.UNKNOWN;
                }
                if (operation(message.get()).map(op -> op.tag() == SEARCH_RESULT_DONE).orElse(false)) {
                    return Framing.State.COMPLETE;
                }
                at = message.get().next();
            }
            return Framing.State.INCOMPLETE;
        };
    }

    @Override
    public Optional<String> decode(byte[] answer) {
        StringBuilder out = new StringBuilder();
        int lines = 0;
        int at = 0;
        boolean any = false;
        while (at < answer.length) {
            Optional<Ber> message = Ber.at(answer, at, answer.length);
            if (message.isEmpty() || message.get().tag() != 0x30) {
                break;
            }
            at = message.get().next();
            Optional<Ber> op = operation(message.get());
            if (op.isEmpty()) {
                continue;
            }
            any = true;
            if (op.get().tag() == SEARCH_RESULT_ENTRY) {
                List<Ber> parts = op.get().children();
                if (parts.size() < 2) {
                    continue;
                }
                for (Ber attribute : parts.get(1).children()) {
                    List<Ber> typeAndValues = attribute.children();
                    if (typeAndValues.size() < 2) {
                        continue;
                    }
                    String type = Sanitize.field(typeAndValues.get(0).text(), 64);
                    for (Ber value : typeAndValues.get(1).children()) {
                        if (lines++ >= MAX_LINES) {
                            break;
                        }
                        CodedExchanges.line(out, "ldap." + type, Sanitize.matched(value.text(), ServiceReport.MAX_FIELD));
                    }
                }
            } else if (op.get().tag() == SEARCH_RESULT_DONE) {
                List<Ber> parts = op.get().children();
                if (!parts.isEmpty()) {
                    out.append("ldap.result=").append(parts.get(0).integer()).append('\n');
                }
                if (parts.size() >= 3) {
                    CodedExchanges.line(out, "ldap.message", Sanitize.matched(parts.get(2).text(), ServiceReport.MAX_FIELD));
                }
            } else {
                out.append("ldap.operation=").append(op.get().tag()).append('\n');
            }
        }
        return any ? Optional.of(out.toString()) : Optional.empty();
    }

    /** The protocol operation of an LDAPMessage (after its message ID). */
    private static Optional<Ber> operation(Ber message) {
        List<Ber> parts = message.children();
        return parts.size() >= 2 ? Optional.of(parts.get(1)) : Optional.empty();
    }
}
