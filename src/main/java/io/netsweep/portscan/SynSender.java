package io.netsweep.portscan;

import io.netsweep.concurrent.Threads;
import io.netsweep.sys.Errno;
import io.netsweep.sys.LinuxSocket;
import io.netsweep.sys.SendBatch;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * The SYN scan's outgoing SYNs: batches that the engine fills ({@link #add}) and that leave one {@code sendmmsg}
 * each, full ones from a sending thread of their own.
 *
 * <p><b>Why a thread.</b> On a local or veth path, the kernel does the whole work a SYN causes inside the sending
 * call: the target's TCP stack answers it, the answer reaches the raw socket, and our kernel resets a SYN-ACK, all in
 * the sender's softirq. On one thread that work and the engine's own (matching answers, timing, verdicts) take
 * turns on one core while the second idles. A full batch is therefore handed to a thread that only sends, and the
 * engine reads answers on its own core meanwhile. The engine stays the only owner of the flows, the timing and the
 * verdicts: the sending thread sees the batches only, and reports the SYNs the kernel refused back to the engine.
 *
 * <p><b>The hand-off is bounded</b>: at most {@link #QUEUED} batches are handed over and not yet taken back by the
 * engine; one more waits for the sending thread to finish one. So at most {@code QUEUED + 2} batches (one filling per
 * family) are between the engine's counting of a SYN (in flight, against the rate and the congestion window) and the
 * wire, and the batches are made once (no allocation per batch). Batches leave in the order handed over, so the SYNs
 * of each family leave in the order queued (the seeded order).
 *
 * <p><b>Partial batches</b> (the end of a burst of launches: a paced scan sends a few SYNs at a time) are sent by
 * the engine itself when nothing is handed over: waking another thread would cost more than the few packets, and
 * order holds as nothing queued is ahead of them. Otherwise they are handed over behind the rest.
 *
 * <p><b>Refused SYNs.</b> A SYN the kernel would not send (a full queue: a shortage; a local firewall: a decided
 * failure) is handed to the engine's {@code unsent} at the next {@link #flush} or {@link #collect} after its batch
 * left, and only when its probe is still in flight with the same attempt (an earlier attempt's answer may have ended
 * it meanwhile). The sending thread wakes the engine's wait after a batch with refusals, so none waits for a deadline.
 *
 * <p>Threading: every method is for the engine thread; the sending thread runs {@link #sendLoop} only. The
 * sockets' sending side is the sending thread's while a batch is handed over, and the engine's (partial batches)
 * only when none is.
 */
final class SynSender implements AutoCloseable {
    /** Batches handed to the sending thread and not yet taken back, at most. */
    static final int QUEUED = 2;
    /** Name of the sending thread. */
    static final String THREAD_NAME = "netsweep-syn-send";

    private final LinuxSocket v4;
    private final Optional<LinuxSocket> v6;
    /** Wakes the engine's wait, from the sending thread. */
    private final Runnable wakeEngine;
    private final Batch[] handed = new Batch[QUEUED];
    /** Free batches: at most {@code QUEUED + 2} ever exist. */
    private final Batch[] free = new Batch[QUEUED + 2];
    private int freeCount;
    private int made;
    private Batch fill4;
    private Batch fill6;
    /** Batches handed over (engine-written). */
    private volatile long queued;
    /** Batches the sending thread has sent (its own write). */
    private volatile long sent;
    /** Batches the engine has taken back. */
    private long collected;
    private volatile boolean senderIdle;
    private volatile boolean engineWaiting;
    private volatile boolean stopping;
    private Thread sender;
    private Thread engine;

    SynSender(LinuxSocket v4, Optional<LinuxSocket> v6, Runnable wakeEngine) {
        this.v4 = v4;
        this.v6 = v6;
        this.wakeEngine = wakeEngine;
    }

    /** Queues a SYN of {@code p}'s attempt to {@code target} (4 bytes, or 16 with {@code scopeId}). */
    void add(Probe p, byte[] syn, byte[] target, int scopeId) {
        Batch b;
        if (target.length == 4) {
            if (fill4 == null) {
                fill4 = take();
            }
            b = fill4;
        } else {
            if (fill6 == null) {
                fill6 = take();
            }
            b = fill6;
        }
        b.probes[b.packets.add(syn, TcpSegment.SYN_LENGTH, target, scopeId)] = p;
    }

    /** Whether a family's batch is full: the engine flushes before it queues more. */
    boolean anyFull() {
        return fill4 != null && fill4.packets.isFull() || fill6 != null && fill6.packets.isFull();
    }

    /**
     * Takes back the batches already sent (their refusals to {@code unsent}), then sends every queued SYN: full
     * batches from the sending thread, partial ones at once when nothing is handed over.
     */
    void flush(BiConsumer<Probe, ConnectFailure> unsent) {
        collect(unsent);
        if (fill4 != null && fill4.packets.size() > 0) {
            dispatch(fill4, v4, unsent);
            fill4 = null;
        }
        if (fill6 != null && fill6.packets.size() > 0) {
            dispatch(fill6, v6.orElseThrow(), unsent);
            fill6 = null;
        }
    }

    /** Takes back every batch the sending thread has sent and hands its refused SYNs to {@code unsent}. */
    void collect(BiConsumer<Probe, ConnectFailure> unsent) {
        long done = sent;
        while (collected < done) {
            int slot = (int) (collected % QUEUED);
            Batch b = handed[slot];
            handed[slot] = null;
            collected++;
            b.report(unsent);
            release(b);
        }
    }

    private void dispatch(Batch b, LinuxSocket s, BiConsumer<Probe, ConnectFailure> unsent) {
        b.socket = s;
        b.noteAttempts();
        if (!b.packets.isFull() && queued == collected) {
            b.send(); // nothing is ahead of it: see the class comment
            b.report(unsent);
            release(b);
            return;
        }
        if (queued - collected == QUEUED) {
            awaitRoom(unsent);
        }
        handed[(int) (queued % QUEUED)] = b;
        queued = queued + 1; // publishes the batch to the sending thread
        if (sender == null) {
            engine = Thread.currentThread();
            sender = Thread.ofPlatform().name(THREAD_NAME).daemon(true).start(this::sendLoop);
        } else if (senderIdle) {
            LockSupport.unpark(sender);
        }
    }

    /** Waits until the sending thread has sent a batch, and takes back what it has sent. */
    private void awaitRoom(BiConsumer<Probe, ConnectFailure> unsent) {
        while (sent == collected) {
            engineWaiting = true;
            if (sent == collected) {
                LockSupport.park(this);
            }
            engineWaiting = false;
        }
        collect(unsent);
    }

    private void sendLoop() {
        long next = 0;
        while (true) {
            if (queued == next) {
                senderIdle = true;
                while (queued == next && !stopping) {
                    LockSupport.park(this);
                }
                senderIdle = false;
                if (queued == next) {
                    return; // stopping, and nothing left to send
                }
            }
            Batch b = handed[(int) (next % QUEUED)];
            b.send();
            sent = ++next;
            if (b.refused > 0) {
                wakeEngine.run();
            }
            if (engineWaiting) {
                LockSupport.unpark(engine);
            }
        }
    }

    private Batch take() {
        if (freeCount > 0) {
            Batch b = free[--freeCount];
            free[freeCount] = null;
            return b;
        }
        if (made == free.length) {
            throw new IllegalStateException("every SYN batch is in use"); // a bug: the hand-off is bounded
        }
        made++;
        return new Batch();
    }

    private void release(Batch b) {
        b.clear();
        free[freeCount++] = b;
    }

    /** Stops the sending thread after the batches handed over, and frees every batch. Idempotent. */
    @Override
    public void close() {
        stopping = true;
        if (sender != null) {
            LockSupport.unpark(sender);
            Threads.joinUninterruptibly(sender);
            sender = null;
        }
        for (Batch b : handed) {
            if (b != null) {
                b.packets.close();
            }
        }
        Arrays.fill(handed, null);
        for (int i = 0; i < freeCount; i++) {
            free[i].packets.close();
        }
        Arrays.fill(free, null);
        freeCount = 0;
        if (fill4 != null) {
            fill4.packets.close();
            fill4 = null;
        }
        if (fill6 != null) {
            fill6.packets.close();
            fill6 = null;
        }
    }

    /** The SYNs of one family for one {@code sendmmsg}, their probes, and what the kernel refused of them. */
    private static final class Batch {
        final SendBatch packets = new SendBatch(SynIo.SEND_BATCH, TcpSegment.SYN_LENGTH);
        final Probe[] probes = new Probe[SynIo.SEND_BATCH];
        /** Each probe's attempt count when the batch was dispatched: who the refusal is about. */
        final int[] attempts = new int[SynIo.SEND_BATCH];
        final int[] refusedAt = new int[SynIo.SEND_BATCH];
        final Errno[] refusedWith = new Errno[SynIo.SEND_BATCH];
        LinuxSocket socket;
        int refused;

        void noteAttempts() {
            for (int i = 0, n = packets.size(); i < n; i++) {
                attempts[i] = probes[i].attempts;
            }
        }

        /** Sends the batch, past any packet the kernel refuses. Touches no probe: the sending thread runs it. */
        void send() {
            Errno e;
            while ((e = socket.send(packets)) != Errno.NONE) {
                refusedAt[refused] = packets.sent();
                refusedWith[refused++] = e;
                packets.skip();
            }
        }

        void report(BiConsumer<Probe, ConnectFailure> unsent) {
            for (int i = 0; i < refused; i++) {
                Probe p = probes[refusedAt[i]];
                if (p.heapIndex >= 0 && p.attempts == attempts[refusedAt[i]]) {
                    unsent.accept(p, SynIo.sendFailure(refusedWith[i]));
                }
            }
        }

        void clear() {
            Arrays.fill(probes, 0, packets.size(), null);
            Arrays.fill(refusedWith, 0, refused, null);
            refused = 0;
            socket = null;
            packets.clear();
        }
    }
}
