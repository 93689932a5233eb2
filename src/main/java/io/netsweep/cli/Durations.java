package io.netsweep.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Ages and points in time as the store's commands take them: a whole number and a unit ({@code 90s},
 * {@code 30m}, {@code 12h}, {@code 7d}, {@code 2w}), or for {@code --since} also a date ({@code 2026-12-01},
 * local midnight) or an ISO-8601 instant. Numbers are ASCII digits ({@link AsciiNumbers}). Stateless.
 */
final class Durations {
    private Durations() {}

    /** An age such as {@code 30d}. */
    static Duration parse(String option, String text) {
        if (text.length() < 2) {
            throw invalid(option, text);
        }
        char unit = text.charAt(text.length() - 1);
        long n;
        try {
            n = AsciiNumbers.parseLong(text.substring(0, text.length() - 1));
        } catch (NumberFormatException e) {
            throw invalid(option, text);
        }
        if (n < 0 || n > 100_000) {
            throw invalid(option, text);
        }
        return switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            case 'w' -> Duration.ofDays(7 * n);
            default -> throw invalid(option, text);
        };
    }

    /** A point in time: an age before {@code now}, a date or an instant. */
    static Instant since(String option, String text, Instant now) {
        if (text.length() >= 10 && Character.isDigit(text.charAt(0)) && text.charAt(4) == '-') {
            try {
                return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneId.systemDefault()).toInstant()
                        : Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw invalid(option, text);
            }
        }
        return now.minus(parse(option, text));
    }

    private static UsageException invalid(String option, String text) {
        return new UsageException("invalid " + option + " \"" + text + "\": give an age such as 90s, 30m, 12h, 7d or 2w"
                + (option.equals("--since") ? ", a date (2026-12-01) or an instant (2026-12-01T08:00:00Z)" : ""));
    }
}
