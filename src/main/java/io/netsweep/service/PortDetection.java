package io.netsweep.service;

import io.netsweep.identify.ServiceIdentifier;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.mcp.McpDiscovery;
import io.netsweep.mcp.McpServer;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Detects the service on one port within its budget (one deadline, a number of probes, a number of bytes).
 *
 * <p>The plan: on a port hinted as TLS, a handshake first; otherwise wait for a greeting (long on ports
 * hinted as server-first, briefly elsewhere). Each answer is matched against the catalogue. Once an entry
 * named the service, only the probes that entries suggest are sent (an application entry's suggestions
 * first; once an application is named, only its own); until then, the probes hinted for the port, then the
 * fallbacks by rank. A TLS handshake that succeeds starts the plan again inside the tunnel. An HTTP(S)
 * service that no application entry named is handed, with its answer to {@code GET /}, to AI/ML
 * identification. The greeting's connection carries the next probe; every other probe gets a connection of
 * its own. Single use and confined to one thread.
 */
final class PortDetection {
    private static final Duration PAUSE = Duration.ofMillis(250);

    private final Catalogue catalogue;
    private final DetectOptions options;
    private final InetSocketAddress target;
    private final PortBudget budget;
    private final OpenSockets sockets;
    private final TlsHandshake tlsHandshake;
    private final ServiceIdentifier ai;
    private final McpDiscovery mcp;
    private final String userAgent;

    /** Per transport (plain, then inside TLS): what was sent and what matched. */
    private static final class Leg {
        final boolean tls;
        final Set<String> sent = new HashSet<>();
        final List<Found> found = new ArrayList<>();
        HttpAnswer root;
        Connection greeting;
        boolean looksTls;

        Leg(boolean tls) {
            this.tls = tls;
        }
    }

    private Leg plain = new Leg(false);
    private Leg inside;
    private Leg leg = plain;
    private Optional<TlsSummary> tls = Optional.empty();
    private byte[] firstBytes;
    private boolean lateGreeting;
    private final List<String> trail = new ArrayList<>();

    PortDetection(Catalogue catalogue, DetectOptions options, InetSocketAddress target, Ticker ticker,
            OpenSockets sockets, TlsHandshake tlsHandshake, ServiceIdentifier ai, McpDiscovery mcp, String userAgent) {
        this.catalogue = catalogue;
        this.options = options;
        this.target = target;
        this.budget = new PortBudget(ticker, options.portDeadline(), options.maxExchanges(), options.maxBytes());
        this.sockets = sockets;
        this.tlsHandshake = tlsHandshake;
        this.ai = ai;
        this.mcp = mcp;
        this.userAgent = userAgent;
    }

    Optional<ServiceReport> run() {
        try {
            while (!budget.exhausted() && !Thread.currentThread().isInterrupted()) {
                Optional<ProbeSpec> next = next();
                if (next.isEmpty()) {
                    if (firstBytes == null && !lateGreeting && budget.takeExchange()) {
                        lateGreeting = true;
                        greetLate();
                        continue;
                    }
                    break;
                }
                if (!budget.takeExchange()) {
                    break;
                }
                execute(next.get());
            }
        } finally {
            closeGreetings();
        }
        return report();
    }

    // ------------------------------------------------------------------ planning

    private Optional<ProbeSpec> next() {
        int port = target.getPort();
        if (!leg.tls && !leg.sent.contains(ProbeSpec.TLS) && catalogue.hinted(ProbeSpec.TLS, port)
                && !leg.sent.contains(ProbeSpec.BANNER)) {
            return catalogue.probe(ProbeSpec.TLS);
        }
        if (!leg.sent.contains(ProbeSpec.BANNER)) {
            return catalogue.probe(ProbeSpec.BANNER);
        }
        List<Found> found = leg.found;
        Optional<Found> application = found.stream()
                .filter(f -> f.hard() && f.rule().role() == MatchRule.Role.APPLICATION).findFirst();
        List<Found> suggesting = application.map(List::of).orElseGet(() -> found.stream()
                .sorted(Comparator.comparingInt(Found::rank).reversed()).toList());
        for (Found f : suggesting) {
            for (String s : f.rule().suggest()) {
                Optional<ProbeSpec> p = catalogue.probe(s);
                if (p.isPresent() && usable(p.get())) {
                    return p;
                }
            }
        }
        if (!found.isEmpty()) {
            return Optional.empty();
        }
        if (leg.looksTls && usable(catalogue.probe(ProbeSpec.TLS).orElseThrow())) {
            return catalogue.probe(ProbeSpec.TLS);
        }
        return catalogue.planFor(port).stream().filter(this::usable).findFirst();
    }

    private boolean usable(ProbeSpec p) {
        return !leg.sent.contains(p.name()) && !(p.kind() == ProbeSpec.Kind.TLS && leg.tls)
                && p.kind() != ProbeSpec.Kind.BANNER && p.kind() != ProbeSpec.Kind.UDP;
    }

    // ------------------------------------------------------------------ probing

    private void execute(ProbeSpec probe) {
        leg.sent.add(probe.name());
        trail.add((leg.tls ? "tls:" : "") + probe.name());
        switch (probe.kind()) {
            case BANNER -> banner(probe);
            case TLS -> handshake();
            case HTTP -> http(probe);
            case SEND -> exchange(probe, probe.send(), probe.line() ? Framing.LINE : Framing.PAUSE);
            case EXCHANGE -> {
                CodedExchange coded = CodedExchanges.named(probe.exchange()).orElseThrow();
                exchange(probe, coded.request(), coded.framing());
            }
            case UDP -> { } // never planned on a TCP port (usable excludes it)
        }
    }

    private void banner(ProbeSpec probe) {
        Optional<Connection> conn = leg.greeting != null ? Optional.of(leg.greeting) : connect();
        leg.greeting = null;
        if (conn.isEmpty()) {
            return;
        }
        Duration wait = catalogue.hinted(ProbeSpec.BANNER, target.getPort()) ? options.bannerWait() : options.quickBannerWait();
        Answer answer = conn.get().read(Framing.LINE, wait, PAUSE);
        record(probe, answer.bytes());
        if (conn.get().usable()) {
            leg.greeting = conn.get();
        } else {
            conn.get().close();
        }
    }

    /**
     * When every probe went unanswered, one more wait for a greeting, on a new connection, for the rest of the
     * deadline: a server that greets slowly (a reverse lookup first, a loaded host) may have missed the first
     * wait and had its greeting swallowed by a probe it did not expect. A silent port still costs only the
     * deadline it was going to cost.
     */
    private void greetLate() {
        trail.add("late-banner");
        Optional<Connection> conn = newConnection(leg.tls);
        if (conn.isEmpty()) {
            return;
        }
        try (Connection c = conn.get()) {
            Answer answer = c.read(Framing.LINE, Duration.ofNanos(Math.max(1, budget.nanosLeft())), PAUSE);
            record(catalogue.probe(ProbeSpec.BANNER).orElseThrow(), answer.bytes());
        }
    }

    private void handshake() {
        Optional<Connection> conn = newConnection(false);
        if (conn.isEmpty()) {
            return;
        }
        switch (tlsHandshake.upgrade(conn.get(), target, budget)) {
            case TlsHandshake.Established up -> {
                tls = Optional.of(up.summary());
                inside = new Leg(true);
                leg = inside;
                leg.greeting = up.connection();
            }
            case TlsHandshake.Refused refused -> trail.add("(" + refused.reason() + ")");
        }
    }

    private void http(ProbeSpec probe) {
        Optional<Connection> conn = connect();
        if (conn.isEmpty()) {
            return;
        }
        try (Connection c = conn.get()) {
            c.send(httpRequest(target, probe.path(), userAgent));
            Answer answer = c.read(HttpAnswer.FRAMING, options.exchangeWait(), PAUSE);
            Optional<HttpAnswer> http = HttpAnswer.parse(answer.bytes());
            if (http.isPresent() && probe.path().equals("/") && leg.root == null) {
                leg.root = http.get();
            }
            record(probe, answer.bytes());
        } catch (IOException e) {
            trail.add("(send failed)");
        }
    }

    private void exchange(ProbeSpec probe, byte[] request, Framing framing) {
        Optional<Connection> conn = connect();
        if (conn.isEmpty()) {
            return;
        }
        try (Connection c = conn.get()) {
            c.send(request);
            Answer answer = c.read(framing, options.exchangeWait(), PAUSE);
            record(probe, answer.bytes());
        } catch (IOException e) {
            trail.add("(send failed)");
        }
    }

    private void record(ProbeSpec probe, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        if (firstBytes == null) {
            firstBytes = bytes;
        }
        if (bytes.length >= 3 && (bytes[0] == 0x15 || bytes[0] == 0x16) && bytes[1] == 0x03 && (bytes[2] & 0xff) <= 4) {
            leg.looksTls = true;
        }
        leg.found.addAll(catalogue.read(probe, bytes));
    }

    /** The greeting's connection if it is still open, else a new one (through TLS inside the tunnel). */
    private Optional<Connection> connect() {
        Connection greeting = leg.greeting;
        leg.greeting = null;
        if (greeting != null) {
            if (greeting.usable()) {
                return Optional.of(greeting);
            }
            greeting.close();
        }
        return newConnection(leg.tls);
    }

    private Optional<Connection> newConnection(boolean throughTls) {
        if (budget.expired()) {
            return Optional.empty();
        }
        try {
            Connection plainConnection = Connection.open(target, budget, sockets);
            if (!throughTls) {
                return Optional.of(plainConnection);
            }
            return switch (tlsHandshake.upgrade(plainConnection, target, budget)) {
                case TlsHandshake.Established up -> Optional.of(up.connection());
                case TlsHandshake.Refused refused -> Optional.empty();
            };
        } catch (IOException e) {
            trail.add("(connect failed)");
            return Optional.empty();
        }
    }

    /** The one HTTP request the engine sends: a GET without a body, credentials or cookies. */
    static byte[] httpRequest(InetSocketAddress target, String path, String userAgent) {
        String literal = target.getAddress().getHostAddress();
        int zone = literal.indexOf('%');
        literal = zone < 0 ? literal : literal.substring(0, zone);
        String host = target.getAddress() instanceof Inet6Address ? "[" + literal + "]" : literal;
        return ("GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + target.getPort() + "\r\n"
                + "User-Agent: " + userAgent + "\r\n"
                + "Accept: */*\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private void closeGreetings() {
        for (Leg l : new Leg[] {plain, inside}) {
            if (l != null && l.greeting != null) {
                l.greeting.close();
                l.greeting = null;
            }
        }
    }

    // ------------------------------------------------------------------ verdict

    private Optional<ServiceReport> report() {
        Leg decisive = inside != null && (!inside.found.isEmpty() || inside.root != null || plain.found.isEmpty())
                ? inside : plain;
        Optional<Found> best = Found.best(decisive.found);
        boolean application = best.map(f -> f.hard() && f.rule().role() == MatchRule.Role.APPLICATION).orElse(false);
        if (decisive.root != null && !application && !Thread.currentThread().isInterrupted()) {
            Duration left = Duration.ofNanos(Math.max(0, budget.nanosLeft()));
            Optional<ServiceIdentity> identity = left.isZero() ? Optional.empty()
                    : ai.identifyFrom(target, decisive.tls, decisive.root.toReply(), left);
            if (identity.isPresent()) {
                ServiceIdentity id = identity.get();
                boolean compatible = id.product().contains("(unknown product)");
                Optional<String> served = best.filter(Found::hard).flatMap(f -> f.product()
                        .map(p -> "served by " + p + f.version().map(v -> " " + v).orElse("")));
                return Optional.of(new ServiceReport("http", Optional.of(id.product()), id.version(), served,
                        List.of(), tls, Optional.empty(), identity, ServiceReport.Method.PROBED,
                        compatible ? 7 : 10, evidence() + "; " + id.evidence()));
            }
            if (askMcpPaths(decisive)) {
                best = Found.best(decisive.found);
            }
        }
        Optional<ServiceReport> server = best.flatMap(f -> discoverMcp(f, decisive));
        if (server.isPresent()) {
            return server;
        }
        if (best.isPresent()) {
            Found f = best.get();
            return Optional.of(new ServiceReport(f.rule().service(), f.hard() ? f.product() : Optional.empty(),
                    f.hard() ? f.version() : Optional.empty(), f.info(), f.hard() ? f.cpes() : List.of(), tls,
                    Optional.empty(), Optional.empty(), ServiceReport.Method.PROBED, f.hard() ? 10 : 5,
                    evidence() + "; " + f.probe() + " matched " + f.rule().id()));
        }
        if (firstBytes != null || tls.isPresent()) {
            Optional<String> banner = firstBytes == null ? Optional.empty()
                    : Optional.of(Sanitize.banner(firstBytes, firstBytes.length));
            return Optional.of(new ServiceReport("unknown", Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of(), tls, banner, Optional.empty(), ServiceReport.Method.PROBED, 0,
                    evidence() + "; nothing in the catalogue matched"));
        }
        return Optional.empty();
    }

    /**
     * An HTTP service that nothing named yet may be an MCP server: GET its usual endpoints ({@code /mcp}, and
     * {@code /sse} of the older transport), within the port's budget. True when anything was sent.
     */
    private boolean askMcpPaths(Leg on) {
        boolean sent = false;
        Leg previous = leg;
        leg = on;
        try {
            for (String name : McpHandoff.GET_PROBES) {
                Optional<ProbeSpec> probe = catalogue.probe(name);
                if (probe.isEmpty() || on.sent.contains(name) || budget.expired() || Thread.currentThread().isInterrupted()
                        || !budget.takeExchange()) {
                    continue;
                }
                execute(probe.get());
                sent = true;
            }
        } finally {
            closeGreetings();
            leg = previous;
        }
        return sent;
    }

    /** When {@code f} says a GET reached an MCP endpoint: MCP's own discovery of it, within what is left of the deadline. */
    private Optional<ServiceReport> discoverMcp(Found f, Leg on) {
        Optional<McpHandoff.Endpoint> endpoint = McpHandoff.endpoint(f, catalogue);
        if (endpoint.isEmpty() || Thread.currentThread().isInterrupted()) {
            return Optional.empty();
        }
        Duration left = Duration.ofNanos(Math.max(0, budget.nanosLeft()));
        if (left.isZero()) {
            return Optional.empty();
        }
        Optional<McpServer> server = mcp.discover(target, on.tls, endpoint.get().transport(), endpoint.get().path(), left);
        return server.map(s -> McpHandoff.report(s, tls, evidence() + "; " + f.probe() + " matched " + f.rule().id()));
    }

    private String evidence() {
        return "probes " + String.join(" ", trail);
    }
}
