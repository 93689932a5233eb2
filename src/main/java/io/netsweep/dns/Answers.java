package io.netsweep.dns;

import java.util.List;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Reads the answer section of a response: the records of the asked type owned by the asked name, or by
 * the end of a CNAME chain starting at it (RFC 2317 classless reverse delegation uses such chains).
 * Records owned by other names are ignored. Stateless and thread-safe.
 */
final class Answers {
    static final int MAX_CNAME_HOPS = 8;

    private Answers() {}

    static List<Record> chase(Message response, Name question, int type) {
        List<Record> answers = response.getSection(Section.ANSWER);
        Name current = question;
        for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
            Name owner = current;
            List<Record> found = answers.stream()
                    .filter(r -> r.getType() == type && r.getDClass() == DClass.IN && r.getName().equals(owner))
                    .toList();
            if (!found.isEmpty()) {
                return found;
            }
            Optional<Name> next = answers.stream()
                    .filter(r -> r instanceof CNAMERecord && r.getName().equals(owner))
                    .map(r -> ((CNAMERecord) r).getTarget())
                    .findFirst();
            if (next.isEmpty()) {
                return List.of();
            }
            current = next.get();
        }
        return List.of();
    }
}
