package io.netsweep.store;

import io.netsweep.discovery.HostInfo;
import io.netsweep.output.EventJson;
import io.netsweep.scan.ScanEvent;
import io.netsweep.scan.ScanListener;
import io.netsweep.scan.ScanRequest;
import io.netsweep.scan.ScanSummary;
import io.netsweep.service.ServiceReport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stores one scan as it runs: a {@link ScanListener} beside the outputs, fed the same events. It only queues
 * them; a thread of its own opens the store (in parallel with the scan's start, so opening costs the scan
 * nothing) and writes what has queued in one transaction at a time, so a slow disk never holds up the scan
 * and a killed process leaves every earlier transaction behind. A transaction gathers what comes within the
 * store's {@link ScanWriter#gather} of its first event (or until the scan's end): a fast scan's events would otherwise
 * go a few at a time, each transaction's fixed cost (the counts' update, the commit, the statements' batches) paid
 * for every few hosts. Progress events are not stored.
 *
 * <p>When the store cannot be opened or written (a full disk, a damaged file), the recorder stops writing,
 * drops what comes after, and reports the failure through {@link #await}; the scan and its outputs go on.
 * Thread-safe: events arrive on the scan's dispatcher thread, {@link #await} is called from any other.
 */
public final class ScanRecorder implements ScanListener {
    /**
     * Most observations written in one transaction unless the store says otherwise ({@link ScanWriter#maxBatch}):
     * a long transaction would hold up other writers.
     */
    static final int MAX_BATCH = 4096;

    private final ScanArchive.Opener opener;
    private final ScanRequest request;
    private final String source;
    private final String targets;
    private final Optional<ScanShard> shard;
    private final InstantSource clock;
    /** How long a transaction gathers events after its first, where not the store's own ({@link ScanWriter#gather}). */
    private final Optional<Duration> gather;
    private final LinkedBlockingQueue<ScanEvent> queue = new LinkedBlockingQueue<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final CountDownLatch begun = new CountDownLatch(1);
    private volatile boolean dropping;
    private volatile StoreException failure;
    private volatile long scanId = -1;

    ScanRecorder(ScanArchive.Opener opener, ScanRequest request, String source, String targets,
                 Optional<ScanShard> shard, InstantSource clock) {
        this(opener, request, source, targets, shard, clock, Optional.empty());
    }

    /** As above, a transaction gathering events for {@code gather} after its first rather than the store's time. */
    ScanRecorder(ScanArchive.Opener opener, ScanRequest request, String source, String targets,
                 Optional<ScanShard> shard, InstantSource clock, Duration gather) {
        this(opener, request, source, targets, shard, clock, Optional.of(gather));
    }

    private ScanRecorder(ScanArchive.Opener opener, ScanRequest request, String source, String targets,
                         Optional<ScanShard> shard, InstantSource clock, Optional<Duration> gather) {
        this.gather = Objects.requireNonNull(gather, "gather");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.request = Objects.requireNonNull(request, "request");
        this.source = Objects.requireNonNull(source, "source");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.shard = Objects.requireNonNull(shard, "shard");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A recorder of a whole scan. */
    ScanRecorder(ScanArchive.Opener opener, ScanRequest request, String source, String targets, InstantSource clock) {
        this(opener, request, source, targets, Optional.empty(), clock);
    }

    /** Starts the writer thread, which opens the store at once. */
    void start() {
        Thread.ofPlatform().daemon().name("netsweep-store").start(this::run);
    }

    @Override
    public void onEvent(ScanEvent event) {
        if (event instanceof ScanEvent.Progress || dropping) {
            return;
        }
        queue.add(event);
    }

    /**
     * Waits until everything up to the terminal event is written (or writing failed).
     *
     * @return the failure, if the scan could not be stored (whole or in part)
     * @throws java.util.concurrent.TimeoutException when writing took longer than {@code timeout}
     */
    public Optional<StoreException> await(Duration timeout) throws InterruptedException,
            java.util.concurrent.TimeoutException {
        if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new java.util.concurrent.TimeoutException("the scan store is still writing");
        }
        return Optional.ofNullable(failure);
    }

    /**
     * How long a listener behind the recorder ({@link #then}) waits at the scan's end for the store to write the
     * scan before it is told anyway (a stuck store).
     */
    public static final Duration END_WAIT = Duration.ofSeconds(60);

    /**
     * A listener that hands each event to this recorder and then to {@code next}, the terminal event only once
     * everything up to it is written (or writing failed, or {@code bound} passed): whoever learns from {@code next}
     * that the scan ended finds the whole scan in the store. The terminal event is the scan's last, so holding it
     * back holds up nothing else.
     */
    public ScanListener then(ScanListener next, Duration bound) {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(bound, "bound");
        return event -> {
            onEvent(event);
            if (terminal(event)) {
                try {
                    await(bound);
                } catch (java.util.concurrent.TimeoutException e) {
                    // told anyway: a store this slow must not keep the scan's end from being known
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            next.onEvent(event);
        };
    }

    /**
     * Waits until the store has recorded the scan's row (or failed to), for callers that hand the id out as the
     * scan starts.
     *
     * @return the stored scan's id; empty when the store failed or did not record it within {@code timeout}
     */
    public OptionalLong awaitScanId(Duration timeout) throws InterruptedException {
        begun.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return scanId();
    }

    /** How many events wait for the writer to take them. */
    int queued() {
        return queue.size();
    }

    /** The stored scan's id, once the store has recorded it. */
    public OptionalLong scanId() {
        long id = scanId;
        return id < 0 ? OptionalLong.empty() : OptionalLong.of(id);
    }

    private void run() {
        ScanWriter writer = null;
        try {
            ScanStore store = opener.open();
            String key = TargetKey.of(request.targets());
            ScanEvent first = queue.take();
            ScanHeader header = switch (first) {
                case ScanEvent.Started s -> new ScanHeader(source, s.commandLine(), targets, key, s.targetCount(),
                        StoredPorts.format(s.ports(), s.udpPorts()), Optional.of(s.discovery().label()), s.at(),
                        Optional.of(s.scanType()), shard);
                default -> new ScanHeader(source, request.commandLine(), targets, key, request.targets().size(),
                        StoredPorts.format(request.ports(), request.udpPorts()), Optional.empty(), clock.instant(),
                        Optional.empty(), shard);
            };
            ProcessHandle me = ProcessHandle.current();
            writer = store.begin(header, me.pid(), me.info().startInstant());
            scanId = writer.scanId();
            begun.countDown();
            List<Observation> batch = new ArrayList<>();
            boolean last = add(batch, first);
            List<ScanEvent> events = new ArrayList<>();
            int max = writer.maxBatch();
            while (true) {
                if (!last) {
                    // Nothing to write for a while (a slow host, a long UDP scan): the heartbeat tells readers on
                    // other machines that this scan still runs.
                    ScanEvent next = queue.poll(WriterLiveness.HEARTBEAT.toNanos(), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        writer.heartbeat();
                        continue;
                    }
                    events.add(next);
                    queue.drainTo(events, max - 1);
                    gather(events, gather.orElseGet(writer::gather), max);
                    for (ScanEvent e : events) {
                        last |= add(batch, e);
                    }
                    events.clear();
                }
                if (!batch.isEmpty()) {
                    writer.write(batch);
                    batch.clear();
                }
                if (last) {
                    return;
                }
            }
        } catch (StoreException e) {
            failure = e;
            dropping = true;
            queue.clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = new StoreException(StoreException.Problem.IO, "cannot store the scan: " + e, e);
            dropping = true;
            queue.clear();
        } finally {
            if (writer != null) {
                writer.close();
            }
            begun.countDown();
            done.countDown();
        }
    }

    /**
     * Waits up to {@code gather} for more events, until {@code max} are there or the terminal one is: a batch
     * written later but larger, where the store asks for it ({@link ScanWriter#gather}).
     */
    private void gather(List<ScanEvent> events, Duration gather, int max) throws InterruptedException {
        long deadline = System.nanoTime() + gather.toNanos();
        while (events.size() < max && !terminal(events.getLast())) {
            long left = deadline - System.nanoTime();
            ScanEvent more = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (more == null) {
                return;
            }
            events.add(more);
            queue.drainTo(events, max - events.size());
        }
    }

    private static boolean terminal(ScanEvent e) {
        return e instanceof ScanEvent.Finished || e instanceof ScanEvent.Cancelled || e instanceof ScanEvent.Failed;
    }

    /** Adds the event's observation to the batch; true for the terminal event. */
    private boolean add(List<Observation> batch, ScanEvent event) {
        switch (event) {
            case ScanEvent.Started s -> { }
            case ScanEvent.HostUp(HostInfo h) -> batch.add(new Observation.HostSeen(h.address(), true,
                    Optional.of(h.reason()), h.rtt(), h.mac().map(Object::toString), h.vendor()));
            case ScanEvent.HostDown d -> batch.add(new Observation.HostSeen(d.address(), false, Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty()));
            case ScanEvent.PortObserved p -> batch.add(new Observation.PortSeen(p.address(), p.port(), p.state(),
                    p.service(), p.reason(), p.rtt(), p.protocol()));
            case ScanEvent.HostnameResolved h -> batch.add(new Observation.NameSeen(h.address(), h.hostname(),
                    h.status().label()));
            case ScanEvent.ServiceIdentified s -> batch.add(identified(s));
            case ScanEvent.FindingRaised f -> batch.add(new Observation.FindingSeen(f.address(), f.port(),
                    f.finding().id(), f.finding().severity().label(), f.finding().title(),
                    f.finding().cves().isEmpty() ? Optional.empty() : Optional.of(String.join(";", f.finding().cves())),
                    EventJson.toJson(f), f.protocol()));
            case ScanEvent.HostCompleted h -> batch.add(new Observation.HostDone(h.address(), h.notShown()));
            case ScanEvent.Progress p -> { }
            case ScanEvent.Finished f -> {
                batch.add(ended(ScanStatus.FINISHED, Optional.empty(), f.summary()));
                return true;
            }
            case ScanEvent.Cancelled c -> {
                batch.add(ended(ScanStatus.CANCELLED, Optional.empty(), c.summary()));
                return true;
            }
            case ScanEvent.Failed f -> {
                batch.add(ended(ScanStatus.FAILED, Optional.of(f.message()), f.summary()));
                return true;
            }
        }
        return false;
    }

    /**
     * Service detection: service name, product and version indexed; extra information, or an AI/ML product's
     * auth state and category, as its detail; the event whole, which {@link ScanReplay} reads back.
     */
    static Observation.ServiceSeen identified(ScanEvent.ServiceIdentified s) {
        ServiceReport r = s.report();
        Optional<String> detail = r.ai()
                .map(id -> "auth " + id.auth().label() + "; " + id.category())
                .or(r::extraInfo);
        return new Observation.ServiceSeen(s.address(), s.port(), Observation.ServiceSeen.IDENTIFY,
                Optional.of(r.tunnel().map(t -> t + "/").orElse("") + r.service()), r.product(), r.version(), detail,
                EventJson.toJson(s), s.protocol());
    }

    private static Observation.ScanEnded ended(ScanStatus status, Optional<String> message, ScanSummary s) {
        Instant end = s.endedAt();
        return new Observation.ScanEnded(status, message, end, s.hostsUp(), s.openPorts(),
                OptionalLong.of(s.probesSent()));
    }
}
