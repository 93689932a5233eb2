package io.netsweep.finding;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Something about an open port worth a person's attention: an exposure (an API answering anyone, tools an
 * MCP server offers without credentials) or a version that advisories name as vulnerable. Immutable; title and
 * detail may carry text a service sent (product names, tool names), so writers escape them.
 *
 * @param id         a stable identifier: a rule's ({@code mcp-tools-no-auth}) or {@code vuln:} and an
 *                   advisory's identifier ({@code vuln:CVE-2024-37032})
 * @param severity   how bad it is
 * @param title      one line for people
 * @param detail     what was seen that raised it
 * @param cves       CVE (or GHSA) identifiers it concerns
 * @param references URLs of the advisories or documentation behind it
 */
public record Finding(String id, Severity severity, String title, String detail, List<String> cves,
                      List<String> references) {
    public static final int MAX_TEXT = 400;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.:-]{0,79}|vuln:[A-Za-z0-9-]{1,40}");
    private static final Pattern CVE = Pattern.compile("(?:CVE-\\d{4}-\\d{4,7}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3})");

    public Finding {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("bad finding id: " + id);
        }
        Objects.requireNonNull(severity, "severity");
        title = cap(Objects.requireNonNull(title, "title"));
        detail = cap(Objects.requireNonNull(detail, "detail"));
        cves = List.copyOf(cves);
        for (String cve : cves) {
            if (!CVE.matcher(cve).matches()) {
                throw new IllegalArgumentException("bad CVE or GHSA identifier: " + cve);
            }
        }
        references = List.copyOf(references);
    }

    /** Whether {@code s} is a CVE or GHSA identifier in its canonical form. */
    public static boolean isAdvisoryId(String s) {
        return CVE.matcher(s).matches();
    }

    private static String cap(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_TEXT));
        s.codePoints().filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
                .limit(MAX_TEXT).forEach(out::appendCodePoint);
        return out.toString();
    }
}
