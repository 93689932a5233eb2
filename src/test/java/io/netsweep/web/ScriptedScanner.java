package io.netsweep.web;

import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.HostInfo;
import io.netsweep.discovery.MacAddress;
import io.netsweep.dns.DnsStatus;
import io.netsweep.identify.AuthState;
import io.netsweep.identify.ServiceIdentity;
import io.netsweep.portscan.PortState;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanSession;
import io.netsweep.scan.ScanSummary;
import io.netsweep.scan.Scanner;
import io.netsweep.testing.Reports;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A stand-in scan engine for the web tests (a collaborator of the server under test, not the thing
 * tested): for each target it waits {@code perHost}, then reports what a real scan of a small lab
 * would: the host up with a MAC and vendor, the open ports among those requested (22, 80 and 443 on
 * every host, 11434 on every third host, where an Ollama answers without credentials), its name, its
 * end, and progress. Every fourth host is down. Honours cancel within one {@code perHost} step.
 * Each scan runs on its own virtual thread and calls its listener from it, in order. Thread-safe.
 */
final class ScriptedScanner implements Scanner {
    static final int OLLAMA_PORT = 11434;

    private final Duration perHost;
    private final Function<InetAddress, Optional<String>> names;
    private final List<Session> sessions = new ArrayList<>();

    ScriptedScanner(Duration perHost, Function<InetAddress, Optional<String>> names) {
        this.perHost = perHost;
        this.names = names;
    }

    /** Names hosts {@code host-N.lab} after their last octet. */
    static Function<InetAddress, Optional<String>> labNames() {
        return a -> Optional.of("host-" + (a.getAddress()[a.getAddress().length - 1] & 0xff) + ".lab");
    }

    @Override
    public ScanSession start(ScanRequest request, ScanListener listener) {
        Session s = new Session(request, listener);
        synchronized (sessions) {
            sessions.add(s);
        }
        Thread.ofVirtual().name("scripted-scan").start(s::run);
        return s;
    }

    /** Sessions started so far, oldest first. */
    List<Session> sessions() {
        synchronized (sessions) {
            return List.copyOf(sessions);
        }
    }

    final class Session implements ScanSession {
        private final ScanRequest request;
        private final ScanListener listener;
        private final CountDownLatch ended = new CountDownLatch(1);
        private final AtomicReference<ScanEvent> outcome = new AtomicReference<>();
        private volatile boolean cancelled;

        Session(ScanRequest request, ScanListener listener) {
            this.request = request;
            this.listener = listener;
        }

        void run() {
            Instant start = Instant.now();
            long targets = request.targets().size();
            int portCount = request.ports().size();
            long total = targets * (1 + portCount);
            long up = 0;
            long open = 0;
            long done = 0;
            listener.onEvent(new ScanEvent.Started(start, request.commandLine(), targets, request.ports(),
                    DiscoveryMethod.TCP_CONNECT));
            try {
                long index = 0;
                for (InetAddress a : request.targets()) {
                    if (cancelled) {
                        break;
                    }
                    Thread.sleep(perHost);
                    index++;
                    done += 1 + portCount;
                    int last = a.getAddress()[a.getAddress().length - 1] & 0xff;
                    if (last % 4 != 0) {
                        up++;
                        open += host(a, last);
                    }
                    Duration elapsed = Duration.between(start, Instant.now());
                    double rate = done / Math.max(0.001, elapsed.toNanos() / 1e9);
                    Optional<Duration> eta = Optional.of(perHost.multipliedBy(targets - index));
                    listener.onEvent(new ScanEvent.Progress(done, total, rate, elapsed, eta));
                }
            } catch (InterruptedException e) {
                cancelled = true;
            }
            ScanSummary summary = new ScanSummary(start, Instant.now(), targets, up, open, done);
            ScanEvent end = cancelled ? new ScanEvent.Cancelled(summary) : new ScanEvent.Finished(summary);
            listener.onEvent(end);
            outcome.set(end);
            ended.countDown();
        }

        private int host(InetAddress a, int last) {
            listener.onEvent(new ScanEvent.HostUp(new HostInfo(a, "tcp-syn-ack",
                    Optional.of(Duration.ofNanos(80_000L + last * 1000L)), Optional.of(new MacAddress(0x02_42_ac_11_00_00L + last)),
                    Optional.of("Example Lab Devices"))));
            int open = 0;
            for (int port : new int[] {22, 80, 443, OLLAMA_PORT}) {
                if (request.ports().contains(port) && (port != OLLAMA_PORT || last % 3 == 0)) {
                    open++;
                    String service = switch (port) {
                        case 22 -> "ssh";
                        case 80 -> "http";
                        case 443 -> "https";
                        default -> "unknown";
                    };
                    listener.onEvent(new ScanEvent.PortObserved(a, port, PortState.OPEN, service, "syn-ack",
                            Optional.of(Duration.ofNanos(120_000))));
                }
            }
            Optional<String> name = names.apply(a);
            listener.onEvent(new ScanEvent.HostnameResolved(a, name, name.isPresent() ? DnsStatus.OK
                    : DnsStatus.NXDOMAIN));
            if (request.identify() && request.ports().contains(OLLAMA_PORT) && last % 3 == 0) {
                listener.onEvent(new ScanEvent.ServiceIdentified(a, OLLAMA_PORT, Reports.ai(new ServiceIdentity("Ollama",
                        Optional.of("0.5.7"), "llm-server", AuthState.NONE, List.of("llama3.2:1b", "qwen2.5:0.5b"),
                        "GET /api/tags answered 200 without credentials"))));
            }
            listener.onEvent(new ScanEvent.HostCompleted(a));
            return open;
        }

        ScanRequest request() {
            return request;
        }

        boolean cancelAsked() {
            return cancelled;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean await(Duration timeout) throws InterruptedException {
            return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public Optional<ScanEvent> outcome() {
            return Optional.ofNullable(outcome.get());
        }
    }
}
