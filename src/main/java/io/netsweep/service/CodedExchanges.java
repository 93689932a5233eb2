package io.netsweep.service;

import java.util.List;
import java.util.Optional;

/** The coded exchanges catalogue probes can name. */
final class CodedExchanges {
    private static final List<CodedExchange> ALL = List.of(new Smb2Negotiate(), new LdapRootDse(), new MongoBuildInfo());

    private CodedExchanges() {}

    static Optional<CodedExchange> named(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    static List<String> names() {
        return ALL.stream().map(CodedExchange::name).toList();
    }

    /** One decoded line: {@code key=value} with the value cleaned and capped. */
    static void line(StringBuilder out, String key, String value) {
        String clean = Sanitize.field(value, ServiceReport.MAX_FIELD);
        if (!clean.isEmpty()) {
            out.append(key).append('=').append(clean).append('\n');
        }
    }
}
