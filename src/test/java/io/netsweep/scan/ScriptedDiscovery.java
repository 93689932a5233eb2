package io.netsweep.scan;

import io.netsweep.discovery.DiscoveryListener;
import io.netsweep.discovery.DiscoveryMethod;
import io.netsweep.discovery.DiscoveryOptions;
import io.netsweep.discovery.HostInfo;
import io.netsweep.target.TargetSet;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A discovery whose verdicts the test gives: {@link #up} and {@link #down} report a host (on the calling
 * thread, as the one reporting thread the listener contract allows), {@link #end} ends the sweep, and
 * {@link #endWithFailure} ends it as a sweep whose listener threw. It keeps the {@link Discovery}
 * contract: no call after the sweep ended or was cancelled. Its own factory: pass {@code this::open}.
 * Thread-safe.
 */
final class ScriptedDiscovery implements Discovery {
    private final DiscoveryMethod method;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicLong decided = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private volatile DiscoveryListener listener;
    private volatile DiscoveryOptions options;
    private volatile TargetSet targets;
    private volatile boolean cancelled;
    private volatile boolean closed;

    ScriptedDiscovery(DiscoveryMethod method) {
        this.method = method;
    }

    Discovery open(DiscoveryOptions opened, DiscoveryListener l) {
        this.options = opened;
        this.listener = l;
        return this;
    }

    @Override
    public DiscoveryMethod method() {
        return method;
    }

    @Override
    public void start(TargetSet t) {
        targets = t;
        started.countDown();
    }

    /** Reports {@code address} up; false (nothing reported) once the sweep has ended. */
    synchronized boolean up(HostInfo host) {
        if (ended.getCount() == 0) {
            return false;
        }
        probes.incrementAndGet();
        listener.onHostUp(host);
        decided.incrementAndGet();
        return true;
    }

    synchronized boolean up(InetAddress address) {
        return up(hostInfo(address));
    }

    static HostInfo hostInfo(InetAddress address) {
        return new HostInfo(address, "icmp-echo", Optional.of(Duration.ofMillis(1)), Optional.empty(), Optional.empty());
    }

    /**
     * A verdict already on its way when the sweep was told to stop: a real sweep may still deliver one
     * until it has stopped, so it reaches the listener even after {@link #cancel()}.
     */
    synchronized void lateUp(InetAddress address) {
        listener.onHostUp(hostInfo(address));
    }

    synchronized boolean down(InetAddress address) {
        if (ended.getCount() == 0) {
            return false;
        }
        probes.addAndGet(3);
        listener.onHostDown(address);
        decided.incrementAndGet();
        return true;
    }

    /** Every target decided: the sweep ends. */
    synchronized void end() {
        ended.countDown();
    }

    /** The sweep stops early, as when its listener threw. */
    synchronized void endWithFailure(RuntimeException e) {
        failure.compareAndSet(null, e);
        ended.countDown();
    }

    boolean awaitStart(Duration timeout) throws InterruptedException {
        return started.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    DiscoveryOptions options() {
        return options;
    }

    TargetSet targets() {
        return targets;
    }

    boolean cancelled() {
        return cancelled;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public synchronized void cancel() {
        cancelled = true;
        ended.countDown();
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public long probesSent() {
        return probes.get();
    }

    @Override
    public long targetsDone() {
        return decided.get();
    }

    @Override
    public void close() {
        cancel();
        closed = true;
    }
}
