package io.netsweep.web;

import io.netsweep.scan.Scanner;
import io.netsweep.store.ScanArchive;
import io.netsweep.web.http.Exchange;
import io.netsweep.web.http.HttpLimits;
import io.netsweep.web.http.HttpServer;
import io.netsweep.web.http.ResponseHeaders;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The local web UI: a page that starts scans, watches them live and exports their results, and
 * the JSON API behind it. See the package documentation for the endpoints and the security rules.
 *
 * <p>Lifecycle: construct, {@link #start()}, hand {@link #pageUri()} to the person, {@link #close()}.
 * Thread-safe; every connection runs on its own virtual thread ({@link HttpServer}).
 */
public final class WebServer implements AutoCloseable {
    /**
     * Bytes all scan logs together may hold (by {@link EventFootprint}'s estimate, which errs high):
     * 64 MiB, so one scan holds up to 12.8 MiB (some 80,000 to 100,000 results), and the whole
     * server's results fit with room to spare in the heap {@code netsweep ui} runs with (see the
     * launcher). Past its share a scan goes on, its further results unrecorded.
     */
    static final long RESULTS_BUDGET = 64L << 20;
    /** Scans that may run at once. */
    static final int MAX_RUNNING_SCANS = 4;
    private static final System.Logger LOG = System.getLogger(WebServer.class.getName());
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final WebConfig config;
    private final ScanRequestFactory requests;
    private final ScanRegistry registry;
    private final SseClients clients;
    private final StoreApi storeApi;
    private final ApiJson json = new ApiJson();
    private final StaticAssets assets = new StaticAssets();
    private final Object lifecycle = new Object();
    private HttpServer server; // guarded by lifecycle
    private boolean closed; // guarded by lifecycle

    public WebServer(WebConfig config, Scanner scanner, ScanRequestFactory requests) {
        this(config, scanner, requests, Optional.empty());
    }

    /** @param archive where the scans it starts are stored, if they are */
    public WebServer(WebConfig config, Scanner scanner, ScanRequestFactory requests, Optional<ScanArchive> archive) {
        this(config, scanner, requests, RESULTS_BUDGET, InstantSource.system(), MonotonicClock.SYSTEM, archive);
    }

    /**
     * @param resultsBudget bytes all scan logs together may hold
     * @param clock         wall-clock time of scans (created, ended)
     * @param streamClock   paces the live event streams
     */
    WebServer(WebConfig config, Scanner scanner, ScanRequestFactory requests, long resultsBudget, InstantSource clock,
              MonotonicClock streamClock) {
        this(config, scanner, requests, resultsBudget, clock, streamClock, Optional.empty());
    }

    private WebServer(WebConfig config, Scanner scanner, ScanRequestFactory requests, long resultsBudget,
                      InstantSource clock, MonotonicClock streamClock, Optional<ScanArchive> archive) {
        this.config = Objects.requireNonNull(config, "config");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.registry = new ScanRegistry(Objects.requireNonNull(scanner, "scanner"), config.maxFinishedScans(),
                MAX_RUNNING_SCANS, resultsBudget, clock, archive);
        this.clients = new SseClients(config.batchInterval(), streamClock);
        this.storeApi = new StoreApi(archive, registry, json, registry.perScanBudget());
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException           when the address cannot be bound (port taken, address not local)
     * @throws IllegalStateException when already started or closed
     */
    public void start() throws IOException {
        synchronized (lifecycle) {
            if (server != null || closed) {
                throw new IllegalStateException("a web server starts once");
            }
            // The guard needs the bound port before the first request: bind first, then route.
            Router router = new Router();
            HttpServer s = new HttpServer(new InetSocketAddress(config.bind(), config.port()),
                    HttpLimits.defaults(ApiHandler.MAX_BODY), router::dispatch, this::error);
            s.start();
            RequestGuard guard = new RequestGuard(config.token(), config.bind(), s.address().getPort());
            router.route(guard, new ApiHandler(guard, registry, requests, clients, json, storeApi));
            server = s;
        }
    }

    /** The port the server listens on (useful with port 0). */
    public int port() {
        synchronized (lifecycle) {
            if (server == null) {
                throw new IllegalStateException("not started");
            }
            return server.address().getPort();
        }
    }

    /**
     * The address to open in a browser, token included: {@code http://127.0.0.1:PORT/?token=...}
     * (the bind address instead of 127.0.0.1 when bound to one).
     */
    public URI pageUri() {
        String host = config.bind().isAnyLocalAddress() ? "127.0.0.1" : RequestGuard.literal(config.bind());
        return URI.create("http://" + host + ":" + port() + "/?token=" + config.token());
    }

    /** Bytes the logs of every listed scan hold, by {@link EventFootprint}'s estimate. */
    long retainedBytes() {
        return registry.retainedBytes();
    }

    /** Live event streams open right now. */
    int openStreams() {
        return clients.count();
    }

    /** Cancels running scans (waiting briefly for them to end), ends every stream and stops serving. Idempotent. */
    @Override
    public void close() {
        HttpServer s;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            s = server;
        }
        registry.closeAll(CLOSE_WAIT);
        clients.closeAll();
        if (s != null) {
            s.close(CLOSE_WAIT);
        }
    }

    /** What the HTTP layer answers by itself (malformed requests, limits): the API's own error format. */
    private byte[] error(int status, String message, ResponseHeaders headers) {
        return Http.error(headers, json.error(message));
    }

    /** Routes requests to the page and the API once the guard knows the port. Thread-safe. */
    private final class Router {
        private volatile RequestGuard guard;
        private volatile ApiHandler api;

        void route(RequestGuard g, ApiHandler a) {
            api = a;
            guard = g;
        }

        void dispatch(Exchange ex) throws IOException {
            try {
                RequestGuard g = guard;
                if (g == null) {
                    throw new HttpProblem(503, "starting; try again");
                }
                g.checkHost(ex);
                String path = ex.path();
                if (path.equals("/api") || path.startsWith("/api/")) {
                    api.handle(ex);
                } else if (!assets.serve(ex)) {
                    throw new HttpProblem(404, "not found");
                }
            } catch (HttpProblem p) {
                if (p.status() == 401) {
                    ex.responseHeaders().set("WWW-Authenticate", "Bearer");
                }
                Http.sendJson(ex, p.status(), json.error(p.getMessage()));
            } catch (RuntimeException bug) {
                // Internals stay out of the response; the server's log gets them.
                LOG.log(System.Logger.Level.WARNING, "request " + ex.method() + " " + ex.path() + " failed", bug);
                Http.sendJson(ex, 500, json.error("internal error"));
            }
        }
    }
}
