package io.netsweep.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * {@code --webhook URL}: POSTs the alert's JSON ({@code application/json}) with the JDK's HTTP client, built on
 * the first delivery, so a name in the URL is resolved only then, by the client, never while the command line
 * is read. Each attempt has the timeout (connecting and the answer together); a failure worth another try (no
 * connection, no answer in time, HTTP 408, 425, 429 or 5xx) is retried after a backoff of 1 s, 2 s, 4 s, ...
 * (at most 60 s), other answers (3xx, 4xx) are final. Redirects are not followed. Thread-safe for one delivery
 * at a time, which its {@link AlertQueue} ensures.
 */
final class WebhookHook implements AlertHook {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final URI uri;
    private final Duration timeout;
    private final int retries;
    private final WatchTimer backoff;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile HttpClient client; // built on first use, on the queue's thread

    /**
     * @param uri     the receiver, checked by {@link WatchCommand} (http or https, a host, no user info)
     * @param retries attempts after the first
     * @param backoff how the waits between attempts pass
     */
    WebhookHook(URI uri, Duration timeout, int retries, WatchTimer backoff) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.retries = retries;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** {@code scheme://host[:port]}: paths and queries of webhooks often carry a secret token. */
    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    @Override
    public String name() {
        return "--webhook " + origin(uri);
    }

    @Override
    public Delivery deliver(Alert alert) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "netsweep/" + VersionProvider.version())
                .POST(HttpRequest.BodyPublishers.ofString(alert.json(), StandardCharsets.UTF_8))
                .build();
        Duration wait = FIRST_BACKOFF;
        String last = "";
        for (int attempt = 1; attempt <= retries + 1; attempt++) {
            Attempt a = post(request);
            switch (a) {
                case Attempt.Answered(int status) when status / 100 == 2 -> {
                    return new Delivery.Delivered();
                }
                case Attempt.Answered(int status) when !retryable(status) -> {
                    return new Delivery.Failed("the receiver answered HTTP " + status);
                }
                case Attempt.Answered(int status) -> last = "HTTP " + status;
                case Attempt.NoAnswer(String why) -> last = why;
            }
            if (attempt <= retries) {
                if (!backoff.await(wait, closed)) {
                    throw new InterruptedException("closed");
                }
                wait = wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
            }
        }
        return new Delivery.Failed(retries == 0 ? last : "failed " + (retries + 1) + " times, last: " + last);
    }

    private static boolean retryable(int status) {
        return status == 408 || status == 425 || status == 429 || status / 100 == 5;
    }

    /** One attempt's outcome. */
    private sealed interface Attempt {
        record Answered(int status) implements Attempt {}

        record NoAnswer(String why) implements Attempt {}
    }

    private Attempt post(HttpRequest request) throws InterruptedException {
        CompletableFuture<HttpResponse<Void>> f = client().sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            // The request's timeout covers the answer's head; this one bounds the whole exchange.
            return new Attempt.Answered(f.get(timeout.toNanos(), TimeUnit.NANOSECONDS).statusCode());
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Attempt.NoAnswer("no answer within " + WatchCommand.text(timeout));
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            return new Attempt.NoAnswer(why(e.getCause()));
        }
    }

    /** A failed exchange in a few words, by the exception's type (never by its message). */
    private String why(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            switch (c) {
                case HttpConnectTimeoutException x -> {
                    return "no connection within " + WatchCommand.text(timeout);
                }
                case HttpTimeoutException x -> {
                    return "no answer within " + WatchCommand.text(timeout);
                }
                case UnresolvedAddressException x -> {
                    return "cannot resolve " + uri.getHost();
                }
                case ConnectException x when x.getCause() == null -> {
                    return "connection refused";
                }
                case SSLException x -> {
                    return "TLS failed: " + x.getMessage();
                }
                default -> { }
            }
        }
        return t instanceof IOException ? "connection failed (" + t.getClass().getSimpleName() + ")"
                : "failed: " + t;
    }

    private HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return client;
    }

    @Override
    public void close() {
        closed.countDown();
        HttpClient c = client;
        if (c != null) {
            c.shutdownNow();
        }
    }
}
