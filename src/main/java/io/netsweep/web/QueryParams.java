package io.netsweep.web;

import io.netsweep.port.PortSpecException;
import io.netsweep.port.ProtocolPort;
import io.netsweep.web.http.Exchange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A GET request's query parameters, read strictly: a parameter the route does not know, a number that is
 * not ASCII digits or out of its range, or a time that is not ISO-8601 is a 400 with one line naming it.
 * Immutable.
 */
final class QueryParams {
    private final Map<String, String> params;

    private QueryParams(Map<String, String> params) {
        this.params = params;
    }

    /** The request's parameters; any name not in {@code known} is refused. */
    static QueryParams of(Exchange ex, Set<String> known) throws HttpProblem {
        Map<String, String> q = Http.query(ex);
        for (String name : q.keySet()) {
            if (!known.contains(name)) {
                throw new HttpProblem(400, "unknown parameter '" + Http.oneLine(name, 40) + "'");
            }
        }
        return new QueryParams(q);
    }

    Optional<String> text(String name, int maxLength) throws HttpProblem {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            return Optional.empty();
        }
        if (v.length() > maxLength || v.chars().anyMatch(Character::isISOControl)) {
            throw new HttpProblem(400, name + ": at most " + maxLength + " characters, no control characters");
        }
        return Optional.of(v);
    }

    OptionalLong number(String name, long min, long max) throws HttpProblem {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!v.matches("[0-9]{1,12}")) {
            throw new HttpProblem(400, name + " must be a number from " + min + " to " + max);
        }
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            throw new HttpProblem(400, name + " must be a number from " + min + " to " + max);
        }
        return OptionalLong.of(n);
    }

    long number(String name, long min, long max, long otherwise) throws HttpProblem {
        return number(name, min, max).orElse(otherwise);
    }

    /** A port as {@code -p} names one: {@code 22} or {@code T:22} (TCP), {@code U:53} (UDP). */
    Optional<ProtocolPort> port(String name) throws HttpProblem {
        Optional<String> v = text(name, 20);
        try {
            return v.map(ProtocolPort::parse);
        } catch (PortSpecException e) {
            throw new HttpProblem(400, name + ": " + e.getMessage());
        }
    }

    /** A required number. */
    long required(String name, long min, long max) throws HttpProblem {
        return number(name, min, max).orElseThrow(() -> new HttpProblem(400, "missing parameter '" + name + "'"));
    }

    /** An instant ({@code 2026-12-01T10:00:00Z}) or a date ({@code 2026-12-01}, its start in UTC). */
    Optional<Instant> instant(String name) throws HttpProblem {
        Optional<String> v = text(name, 40);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(v.get().length() == 10
                    ? LocalDate.parse(v.get()).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v.get()));
        } catch (DateTimeParseException e) {
            throw new HttpProblem(400, name + " must be an ISO-8601 instant or date (2026-12-01T10:00:00Z, 2026-12-01)");
        }
    }

    /** One of {@code allowed}, or {@code otherwise} when absent. */
    String choice(String name, Set<String> allowed, String otherwise) throws HttpProblem {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            return otherwise;
        }
        if (!allowed.contains(v)) {
            throw new HttpProblem(400, name + " must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return v;
    }
}
