package io.netsweep.cli;

import java.util.Locale;

/** The format of standard output. */
enum OutputFormat {
    TABLE, JSON, CSV;

    static OutputFormat parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "table", "normal", "text" -> TABLE;
            case "json", "jsonl", "ndjson" -> JSON;
            case "csv" -> CSV;
            default -> throw new UsageException("invalid output format \"" + s + "\": use table, json or csv");
        };
    }
}
