package io.netsweep.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netsweep.store.Change;
import io.netsweep.store.ScanDiff;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One round of {@code watch} as it is reported: the scan, how it ended, and what it was compared with. Printed
 * as a summary line followed by the changes in {@code netsweep diff}'s text form, or as one JSON object
 * (one line) with the diff's JSON inside. Immutable.
 *
 * @param number    the round, from 1
 * @param scanId    the stored scan, where the store recorded it
 * @param status    {@code finished}, {@code cancelled} or {@code failed}
 * @param message   why a failed scan failed, or why a round was not stored
 * @param stored    whether the store has the whole scan (only then is it compared)
 * @param against   what it was compared with, if anything
 * @param diff      the comparison, if there was one
 * @param approved  whether this round was approved as the baseline
 * @param asBefore  whether, against a baseline, the departures are those of the round before (no alert then)
 * @param alerted   whether the round is news: changes since the round before, or departures from the baseline
 *                  other than the round before's (the hooks, if any, were given it)
 */
record WatchRound(long number, OptionalLong scanId, String status, Optional<String> message, long hostsUp,
                  long openPorts, boolean stored, Optional<Alert.Against> against, Optional<ScanDiff> diff,
                  boolean approved, boolean asBefore, boolean alerted) {
    WatchRound {
        Objects.requireNonNull(scanId, "scanId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(against, "against");
        Objects.requireNonNull(diff, "diff");
    }

    /** The summary line and, one per line, the changes. */
    void text(PrintWriter out) {
        StringBuilder line = new StringBuilder("round ").append(number).append(": ");
        scanId.ifPresent(id -> line.append("scan ").append(id).append(' '));
        line.append(status);
        if (status.equals("finished")) {
            line.append(", ").append(count(hostsUp, "host")).append(" up, ").append(count(openPorts, "open port"));
        }
        message.ifPresent(m -> line.append(": ").append(m));
        if (status.equals("finished")) {
            line.append("; ").append(comparison());
        }
        out.println(StoreAccess.text(line.toString()));
        diff.ifPresent(d -> {
            for (Change c : d.changes()) {
                out.println(StoreAccess.text(DiffCommand.line(c)));
            }
        });
    }

    private String comparison() {
        if (!stored) {
            return "not compared";
        }
        if (approved) {
            return "approved as the baseline";
        }
        if (diff.isEmpty()) {
            return "no earlier scan of these targets to compare with";
        }
        ScanDiff d = diff.get();
        int n = d.changes().size();
        long other = d.older().id();
        if (against.orElseThrow() == Alert.Against.BASELINE) {
            return (n == 0 ? "no departure" : count(n, "departure")) + " from baseline scan " + other
                    + (n > 0 && asBefore ? " (as in the round before: no alert)" : "");
        }
        return (n == 0 ? "no change" : count(n, "change")) + " since scan " + other;
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** One JSON object on one line. */
    void json(PrintWriter out) throws IOException {
        try (JsonGenerator g = StoreAccess.json(out)) {
            g.writeStartObject();
            g.writeNumberField("round", number);
            if (scanId.isPresent()) {
                g.writeNumberField("scan_id", scanId.getAsLong());
            } else {
                g.writeNullField("scan_id");
            }
            g.writeStringField("status", status);
            g.writeStringField("message", message.orElse(null));
            g.writeNumberField("hosts_up", hostsUp);
            g.writeNumberField("open_ports", openPorts);
            g.writeBooleanField("stored", stored);
            g.writeStringField("compared_with", against.map(Alert.Against::label).orElse(null));
            if (diff.isPresent()) {
                g.writeNumberField("compared_scan_id", diff.get().older().id());
                g.writeNumberField("changes", diff.get().changes().size());
            } else {
                g.writeNullField("compared_scan_id");
                g.writeNullField("changes");
            }
            g.writeBooleanField("approved", approved);
            g.writeBooleanField("alert", alerted);
            g.writeFieldName("diff");
            if (diff.isPresent()) {
                g.writeRawValue(DiffCommand.json(diff.get()).strip());
            } else {
                g.writeNull();
            }
            g.writeEndObject();
        }
        out.println();
    }
}
