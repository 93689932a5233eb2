package io.netsweep.cli;

import java.util.Locale;

/** The formats a scan's results can be written in, to standard output or to a file. */
enum OutputFormat {
    /** The table for people ({@code -o table}, {@code -oN}). */
    TABLE,
    /** JSON Lines ({@code -o json}, {@code -oJ}). */
    JSON,
    /** CSV ({@code -o csv}). */
    CSV,
    /** nmap's XML ({@code -o xml}, {@code -oX}). */
    XML,
    /** nmap's grepable lines ({@code -o grepable}, {@code -oG}). */
    GREPABLE;

    /** Whether people read it (the table), rather than programs. */
    boolean forPeople() {
        return this == TABLE;
    }

    /** The format {@code -o} names. */
    static OutputFormat parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "table", "normal", "text" -> TABLE;
            case "json", "jsonl", "ndjson" -> JSON;
            case "csv" -> CSV;
            case "xml" -> XML;
            case "grepable", "gnmap" -> GREPABLE;
            default -> throw new UsageException("invalid output format \"" + s
                    + "\": use table, json, csv, xml or grepable (files: -oN, -oX, -oG, -oJ FILE, -oA BASE)");
        };
    }
}
