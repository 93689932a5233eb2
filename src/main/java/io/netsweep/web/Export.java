package io.netsweep.web;

import io.netsweep.output.CsvWriter;
import io.netsweep.scan.ScanEvent;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A scan's results so far, as a download: JSON Lines (the logged events, one per line, as the
 * live stream carries them) or CSV, written by the command line's own {@link CsvWriter} so that it
 * is byte for byte what {@code netsweep -o csv} writes for the same events. Stateless.
 */
final class Export {
    private Export() {}

    static void jsonLines(List<String> events, Writer out) throws IOException {
        for (String e : events) {
            out.write(e);
            out.write('\n');
        }
    }

    /**
     * Plays {@code events} (see {@link WebScan#csvEvents()}) to a {@link CsvWriter}. When they do not
     * end the scan, the hosts still being scanned follow, as cancelling now would write them.
     */
    static void csv(List<ScanEvent> events, Writer out) throws IOException {
        CsvWriter csv = new CsvWriter(out);
        events.forEach(csv::onEvent);
        csv.flush(); // the header, should no event have come yet
        boolean ended = !events.isEmpty() && isTerminal(events.getLast());
        if (!ended) {
            csv.writeUnfinishedTo(out);
        }
    }

    private static boolean isTerminal(ScanEvent e) {
        return e instanceof ScanEvent.Finished || e instanceof ScanEvent.Cancelled || e instanceof ScanEvent.Failed;
    }
}
