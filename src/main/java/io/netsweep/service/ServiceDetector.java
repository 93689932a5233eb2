package io.netsweep.service;

import io.netsweep.identify.ServiceIdentifier;
import io.netsweep.identify.TrustAllTls;
import io.netsweep.mcp.McpDiscovery;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Names the service, product and version behind an open TCP port, as {@code nmap -sV} does, from an open
 * catalogue of probes and patterns (docs/service-catalogue.md) and a few protocol exchanges in code.
 *
 * <p>Per port: one deadline ({@link DetectOptions#portDeadline()}) for everything, at most
 * {@link DetectOptions#maxExchanges()} probes and {@link DetectOptions#maxBytes()} bytes read, so a port that
 * never answers costs one deadline and one that floods or trickles is cut off within the same limits. Probes
 * only greet: they wait for a banner, send a protocol's hello, version or capability query, or perform a TLS
 * handshake (certificates are read, not verified); they never log in and never write. HTTP(S) services that
 * the catalogue names no application for are handed to AI/ML identification
 * ({@link ServiceIdentifier#identifyFrom}), so AI products keep their names; where they name nothing either,
 * {@code GET /mcp} and {@code GET /sse} look for an MCP endpoint. Only a port whose GET answers show an MCP
 * endpoint is sent anything else: MCP's own read-only discovery ({@link McpDiscovery}).
 *
 * <p>Thread-safe: {@link #detect} may be called from any thread; at most {@link DetectOptions#maxConcurrent()}
 * ports are probed at once, each on its own virtual thread, and the returned stages complete on those
 * threads. {@link #close()} is idempotent: it stops probes in flight (their sockets are closed) and
 * completes every pending stage with an empty result.
 */
public final class ServiceDetector implements AutoCloseable {
    private static final String USER_AGENT = "netsweep/" + version();

    private final Catalogue catalogue;
    private final DetectOptions options;
    private final Ticker ticker;
    private final Semaphore permits;
    private final ServiceIdentifier ai;
    private final TlsHandshake tls = new TlsHandshake(TrustAllTls::socketFactory);
    private final McpDiscovery mcp = new McpDiscovery(USER_AGENT, TrustAllTls::socketFactory);
    private final OpenSockets sockets = new OpenSockets();
    private final ExecutorService executor =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("netsweep-detect-", 0).factory());
    private final Set<CompletableFuture<Optional<ServiceReport>>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A detector over the catalogue shipped with netsweep (loaded here, once per detector). */
    public ServiceDetector(DetectOptions options) {
        this(Catalogue.builtIn(), options, Ticker.SYSTEM);
    }

    ServiceDetector(Catalogue catalogue, DetectOptions options, Ticker ticker) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.options = Objects.requireNonNull(options, "options");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.permits = new Semaphore(options.maxConcurrent());
        this.ai = new ServiceIdentifier(options.identify());
    }

    /**
     * Probes {@code address:port}. The stage never completes exceptionally: it holds the report, or is empty
     * when the port accepted nothing, answered nothing at all, or the detector closed.
     *
     * @throws IllegalArgumentException if {@code port} is not in 1..65535
     */
    public CompletionStage<Optional<ServiceReport>> detect(InetAddress address, int port) {
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        InetSocketAddress target = new InetSocketAddress(address, port);
        return submit(() -> new PortDetection(catalogue, options, target, ticker, sockets, tls, ai, mcp, USER_AGENT).run());
    }

    /**
     * Probes UDP port {@code port} of {@code address} with the catalogue's {@code udp} probes hinted for it (DNS,
     * NTP, SNMP, mDNS, SSDP: docs/service-catalogue.md), within the same per-port budget and concurrency as TCP
     * ports. The stage never completes exceptionally: it holds the report, or is empty when the port has no UDP
     * probe, answered none of them, or the detector closed.
     *
     * @throws IllegalArgumentException if {@code port} is not in 1..65535
     */
    public CompletionStage<Optional<ServiceReport>> detectUdp(InetAddress address, int port) {
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        InetSocketAddress target = new InetSocketAddress(address, port);
        return submit(() -> new UdpDetection(catalogue, options, target, ticker, sockets).run());
    }

    private CompletionStage<Optional<ServiceReport>> submit(java.util.function.Supplier<Optional<ServiceReport>> work) {
        CompletableFuture<Optional<ServiceReport>> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((report, failure) -> pending.remove(result));
        if (closed.get()) {
            result.complete(Optional.empty());
            return result.minimalCompletionStage();
        }
        try {
            executor.execute(() -> result.complete(guarded(work)));
        } catch (RejectedExecutionException e) {
            result.complete(Optional.empty());
        }
        return result.minimalCompletionStage();
    }

    private Optional<ServiceReport> guarded(java.util.function.Supplier<Optional<ServiceReport>> work) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            if (closed.get()) {
                return Optional.empty();
            }
            return work.get();
        } catch (RuntimeException e) {
            // A decoding bug on one hostile answer must not fail the caller's scan: the contract is "never
            // completes exceptionally", and no report is the honest result.
            return Optional.empty();
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.shutdownNow();
        sockets.closeAll();
        ai.close();
        for (CompletableFuture<Optional<ServiceReport>> future : pending) {
            future.complete(Optional.empty());
        }
    }

    private static String version() {
        String version = ServiceDetector.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
