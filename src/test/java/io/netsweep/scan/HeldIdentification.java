package io.netsweep.scan;

import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.service.DetectOptions;
import io.netsweep.service.ServiceReport;
import io.netsweep.testing.Reports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Identification that answers when the test says ({@link #answer}), so a scan can be held with
 * identifications outstanding. Closing completes what is pending with nothing, as the real identifier
 * does. Its own factory: pass {@code this::open}. Thread-safe.
 */
final class HeldIdentification implements Identification {
    private final Map<InetSocketAddress, CompletableFuture<Optional<ServiceReport>>> probes = new LinkedHashMap<>();
    private boolean closed;

    Identification open(DetectOptions options) {
        return this;
    }

    /** An Ollama open to anyone, at a version no shipped advisory names (0.17.1), so its one finding is the exposure. */
    static ServiceReport ollama() {
        return Reports.ai(new ServiceIdentity("Ollama", Optional.of("0.17.1"), "llm-server", AuthState.NONE,
                List.of("llama3"), "GET / said Ollama is running"));
    }

    @Override
    public synchronized CompletionStage<Optional<ServiceReport>> identify(InetAddress address, int port) {
        CompletableFuture<Optional<ServiceReport>> f = new CompletableFuture<>();
        if (closed) {
            f.complete(Optional.empty());
        } else {
            probes.put(new InetSocketAddress(address, port), f);
            notifyAll();
        }
        return f;
    }

    /** Completes the probe of {@code address:port}; the caller's callbacks run on this thread. */
    void answer(InetAddress address, int port, Optional<ServiceReport> report) {
        CompletableFuture<Optional<ServiceReport>> f;
        synchronized (this) {
            f = probes.get(new InetSocketAddress(address, port));
        }
        if (f == null) {
            throw new AssertionError("no identification of " + address + ":" + port);
        }
        f.complete(report);
    }

    /**
     * Waits until {@code n} ports have been sent to identification; fails the test at the deadline. The
     * scan attaches its callback just after: a test that must know it has (to answer before a cancel)
     * waits for the port scan to finish the host, which comes after.
     */
    synchronized void awaitProbes(int n) throws InterruptedException {
        long deadline = System.nanoTime() + EventLog.DEADLINE.toNanos();
        while (probes.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(probes.size() + " identifications, not " + n + ", within " + EventLog.DEADLINE);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized Set<InetSocketAddress> askedFor() {
        return Set.copyOf(probes.keySet());
    }

    @Override
    public void close() {
        Map<InetSocketAddress, CompletableFuture<Optional<ServiceReport>>> pending;
        synchronized (this) {
            closed = true;
            pending = Map.copyOf(probes);
        }
        pending.values().forEach(f -> f.complete(Optional.empty()));
    }
}
