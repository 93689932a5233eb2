package io.netsweep.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One catalogue entry: a pattern over the answer to one or more probes, and templates that turn its named
 * captures into a product, version, extra information and CPE names. Immutable and thread-safe.
 *
 * @param id       unique name of the entry
 * @param probes   the probes whose answers it reads ({@code *}: the raw answer of any probe)
 * @param service  nmap-style service name reported when it matches
 * @param pattern  the pattern; answers are text with one char per byte (ISO-8859-1), see docs/service-catalogue.md
 * @param soft     the entry names the service only: probing goes on with its suggestions
 * @param role     whether it names an application or the web server / framework an application runs on
 * @param product  the product template, if the entry names one
 * @param version  the version template, if the answer can disclose it
 * @param info     extra information templates; each is left out when a capture it refers to is missing
 * @param cpes     CPE templates
 * @param suggest  probes worth sending next when this entry matched
 * @param examples recorded answers it must match (with expected fields) and counter examples it must not
 * @param line     where the entry starts in the catalogue, for messages
 */
record MatchRule(
        String id, List<String> probes, String service, Pattern pattern, boolean soft, Role role,
        Optional<Template> product, Optional<Template> version, List<Template> info, List<CpeTemplate> cpes,
        List<String> suggest, List<Example> examples, String line) {

    /** What a product name stands for. */
    enum Role {
        /** The application itself (OpenSSH, Prometheus, Grafana): reported ahead of a server match. */
        APPLICATION,
        /** A web server or framework that applications run on (nginx, Tornado, Express). */
        SERVER
    }

    /** Any probe's raw answer. */
    static final String ANY_PROBE = "*";

    MatchRule {
        Objects.requireNonNull(id, "id");
        probes = List.copyOf(probes);
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(version, "version");
        info = List.copyOf(info);
        cpes = List.copyOf(cpes);
        suggest = List.copyOf(suggest);
        examples = List.copyOf(examples);
        Objects.requireNonNull(line, "line");
    }

    /** The fields this entry reads from {@code text} (one char per byte), if its pattern is found there. */
    Optional<Found> apply(String probe, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        Optional<String> p = product.flatMap(t -> t.render(m)).map(s -> Sanitize.matched(s, ServiceReport.MAX_FIELD))
                .filter(s -> !s.isEmpty());
        Optional<String> v = version.flatMap(t -> t.render(m))
                .map(s -> Sanitize.matched(s, ServiceReport.MAX_VERSION)).filter(s -> !s.isEmpty());
        List<String> infos = new ArrayList<>();
        for (Template t : info) {
            t.render(m).map(s -> Sanitize.matched(s, ServiceReport.MAX_FIELD)).filter(s -> !s.isEmpty())
                    .ifPresent(infos::add);
        }
        List<String> names = new ArrayList<>();
        for (CpeTemplate c : cpes) {
            c.render(m).ifPresent(names::add);
        }
        Optional<String> joined = infos.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", infos));
        return Optional.of(new Found(this, probe, p, v, joined, names));
    }

    @Override
    public String toString() {
        return "match " + id + " (" + line + ")";
    }

    /**
     * A CPE template {@code part:vendor:product[:version]}; the version may refer to captures and becomes
     * {@code *} when they captured nothing.
     */
    record CpeTemplate(String part, String vendor, String product, Optional<Template> version) {
        Optional<String> render(Matcher match) {
            String v = version.flatMap(t -> t.render(match)).map(s -> Sanitize.matched(s, ServiceReport.MAX_VERSION))
                    .orElse("");
            return Cpe.of(part, vendor, product, v);
        }
    }
}
