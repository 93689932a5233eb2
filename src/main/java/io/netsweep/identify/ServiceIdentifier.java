package io.netsweep.identify;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
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
 * Names the AI/ML service behind an open TCP port with a few read-only HTTP GET requests.
 *
 * <p>Per port it sends at most {@link IdentifyOptions#maxRequestsPerPort()} requests, one at a time,
 * each bounded by {@link IdentifyOptions#timeout()} and {@link IdentifyOptions#maxResponseBytes()}.
 * Only GET is ever sent: no request bodies, no credentials, no generation, no model pulls. Redirects are
 * never followed. HTTPS is tried when the port answers plain HTTP like a TLS port; certificates are not
 * verified for these probes (see {@code TrustAllTls} for why). The User-Agent is {@code netsweep/<version>}.
 * A verdict rests on answers only, never on the port number: a web server on 11434 is not Ollama, and
 * Ollama on 8080 still is. Requests to one port go one after another, so one port takes at most
 * {@code maxRequestsPerPort × timeout}; a port that does not answer {@code GET /} in time gets no more.
 *
 * <p>Thread-safe: {@link #identify} may be called from any thread; at most
 * {@link IdentifyOptions#maxConcurrent()} ports are probed at once, on virtual threads, and the returned
 * stages complete on those threads. {@link #close()} is idempotent: it stops probes in flight and
 * completes every pending stage with an empty result.
 */
public final class ServiceIdentifier implements AutoCloseable {
    private static final String USER_AGENT = "netsweep/" + version();

    private final IdentifyOptions options;
    private final HttpGetClient http;
    private final SafeJson json;
    private final List<Fingerprint> fingerprints = Fingerprints.all();
    private final Semaphore permits;
    private final ExecutorService executor =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("netsweep-identify-", 0).factory());
    private final Set<CompletableFuture<Optional<ServiceIdentity>>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    public ServiceIdentifier(IdentifyOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.http = new HttpGetClient(
                options.timeout(), options.maxResponseBytes(), USER_AGENT, TrustAllTls::socketFactory);
        this.json = new SafeJson(options.maxResponseBytes());
        this.permits = new Semaphore(options.maxConcurrent());
    }

    /**
     * Probes {@code address:port}. The stage never completes exceptionally: it holds the identity, or
     * is empty when the port does not speak HTTP, answers nothing we recognise, or the identifier closed.
     *
     * @throws IllegalArgumentException if {@code port} is not in 1..65535
     */
    public CompletionStage<Optional<ServiceIdentity>> identify(InetAddress address, int port) {
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        CompletableFuture<Optional<ServiceIdentity>> result = new CompletableFuture<>();
        pending.add(result);
        result.whenComplete((identity, failure) -> pending.remove(result));
        if (closed.get()) {
            result.complete(Optional.empty());
            return result.minimalCompletionStage();
        }
        try {
            executor.execute(() -> result.complete(probe(new InetSocketAddress(address, port))));
        } catch (RejectedExecutionException e) {
            result.complete(Optional.empty());
        }
        return result.minimalCompletionStage();
    }

    /**
     * Continues identification of an HTTP(S) port from an answer to {@code GET /} that the caller already
     * fetched (service detection does), on the caller's thread: the root is not asked again, and every
     * further request ends by {@code timeLeft} from now. Blocks while {@link IdentifyOptions#maxConcurrent()}
     * ports are being probed. Empty when nothing is recognised, the identifier closed or the thread was
     * interrupted; never throws for what the service answers.
     *
     * @param tls whether {@code root} came over TLS (further requests use it too)
     */
    public Optional<ServiceIdentity> identifyFrom(
            InetSocketAddress target, boolean tls, HttpReply root, Duration timeLeft) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(timeLeft, "timeLeft");
        if (closed.get() || timeLeft.isNegative() || timeLeft.isZero()) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + Math.min(timeLeft.toNanos(), IdentifyOptions.MAX_TIMEOUT.toNanos());
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return new PortIdentification(http, json, fingerprints, target, options.maxRequestsPerPort(), deadline)
                    .runFrom(root, tls);
        } catch (RuntimeException e) {
            // As in probe(): one hostile answer must not fail the caller's detection.
            return Optional.empty();
        } finally {
            permits.release();
        }
    }

    private Optional<ServiceIdentity> probe(InetSocketAddress target) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return new PortIdentification(http, json, fingerprints, target, options.maxRequestsPerPort()).run();
        } catch (RuntimeException e) {
            // A fingerprint bug on one hostile answer must not fail the caller's scan: the contract is
            // "never completes exceptionally", and an unidentified port is the honest result.
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
        for (CompletableFuture<Optional<ServiceIdentity>> future : pending) {
            future.complete(Optional.empty());
        }
    }

    private static String version() {
        String version = ServiceIdentifier.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
